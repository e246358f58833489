"""The one-page report in the province's format ("X người đã cài đặt, đạt Y %, xếp thứ
N"), as .docx or .pdf through phongdich.documents (Decree 30 layout)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils import timezone

from phongdich.adoption.models import Denominator, DigitalIndicator, RequiredApp
from phongdich.adoption.selectors.rates import ranked_units, rates_report, summary_by_app
from phongdich.core.audit import audit
from phongdich.core.roles import Role
from phongdich.documents import (
    Document,
    DocumentKind,
    Header,
    Paragraph,
    Recipients,
    Signature,
    heading,
    render_docx,
    render_pdf,
)
from phongdich.org.models import RoleAssignment, Staff

FORMATS = ("docx", "pdf")
MAX_RANKED = 5  # units named in the ranking line (the page stays one page)


def vn_percent(value: float | None) -> str:
    if value is None:
        return "—"
    return f"{value:.1f}".replace(".", ",") + " %"


def _change(value: float | None) -> str:
    if value is None:
        return "chưa có số liệu tuần trước"
    if value > 0:
        return f"tăng {vn_percent(value)[:-2]} điểm %"
    if value < 0:
        return f"giảm {vn_percent(-value)[:-2]} điểm %"
    return "không đổi"


def _signer() -> str:
    director = (
        Staff.objects.filter(
            user__in=RoleAssignment.objects.filter(role=Role.DIRECTOR).values("user"),
            is_active=True,
        )
        .order_by("staff_code")
        .first()
    )
    return director.full_name if director else "Giám đốc Sở"


def report_document(*, user: Any, denominator: str, day: dt.date | None = None) -> Document:
    day = day or timezone.localdate()
    apps = list(RequiredApp.objects.filter(is_active=True))
    summary = summary_by_app(user=user, apps=apps, denominator=denominator, day=day)
    basis = (
        "trên tổng số cán bộ"
        if denominator == Denominator.ALL
        else "trên số cán bộ có điện thoại thông minh"
    )
    body: list[Any] = [
        Paragraph.of(
            "Sở Lao động - Thương binh và Xã hội báo cáo kết quả ứng dụng công nghệ thông tin "
            f"trong phòng, chống dịch COVID-19 đến hết ngày {day:%d/%m/%Y} (tỷ lệ tính "
            f"{basis}, so với hết tuần trước) như sau:"
        ),
        heading("1. Cài đặt, sử dụng các ứng dụng"),
    ]
    for item in summary:
        row = item.row
        body.append(
            Paragraph.of(
                f"- {item.app.name}: {row.now.adopted}/{row.base} người đã cài đặt, đạt "
                f"{vn_percent(row.percent)}, {_change(row.change)}."
            )
        )
    if apps:
        report = rates_report(user=user, apps=apps[:1], denominator=denominator, day=day)
        ranked = ranked_units(report)
        rest = ranked[MAX_RANKED:]
        ranked = ranked[:MAX_RANKED]
        if ranked:
            body.append(
                Paragraph.of(
                    f"- Xếp hạng các đơn vị ({apps[0].name}): "
                    + "; ".join(
                        f"{r.unit.short_name or r.label if r.unit else r.label} "
                        f"{vn_percent(r.percent)}, xếp thứ {r.rank}"
                        for r in ranked
                    )
                    + (
                        f"; {len(rest)} đơn vị còn lại đạt từ {vn_percent(rest[-1].percent)} "
                        f"đến {vn_percent(rest[0].percent)}."
                        if rest
                        else "."
                    )
                )
            )
    latest = DigitalIndicator.objects.filter(month__lte=day).order_by("-month").first()
    if latest is not None:
        month = latest.month
        rows = list(DigitalIndicator.objects.filter(month=month))
        docs = sum(r.documents_electronic for r in rows)
        docs_total = sum(r.documents_total for r in rows)
        online = sum(r.dossiers_online for r in rows)
        dossiers = sum(r.dossiers_total for r in rows)
        meetings = sum(r.online_meetings for r in rows)
        body += [
            heading("2. Xử lý văn bản, hồ sơ trên môi trường mạng"),
            Paragraph.of(
                f"Tháng {month:%m/%Y} ({len(rows)} đơn vị báo cáo): {docs}/{docs_total} văn bản "
                f"được xử lý trên môi trường mạng, đạt "
                f"{vn_percent(100 * docs / docs_total if docs_total else None)}; "
                f"{online}/{dossiers} hồ sơ thủ tục hành chính tiếp nhận trực tuyến mức độ 3, 4, "
                f"đạt {vn_percent(100 * online / dossiers if dossiers else None)}; "
                f"{meetings} cuộc họp trực tuyến."
            ),
        ]
    body.append(Paragraph.of("Sở Lao động - Thương binh và Xã hội kính báo cáo."))
    return Document(
        kind=DocumentKind.BAO_CAO,
        header=Header(number=None, symbol="BC-SLĐTBXH", date=day),
        subject=(
            "Kết quả cài đặt, sử dụng ứng dụng phòng, chống dịch COVID-19 và xử lý "
            "công việc trên môi trường mạng"
        ),
        kinh_gui=("Sở Thông tin và Truyền thông tỉnh Thanh Hóa",),
        body=tuple(body),
        recipients=Recipients(items=("Như trên", "Giám đốc Sở (để báo cáo)"), archive="VT, VP"),
        signature=Signature(title="GIÁM ĐỐC", name=_signer()),
    )


def adoption_report_render(
    *, user: Any, ip: str | None, fmt: str, denominator: str, day: dt.date | None = None
) -> bytes:
    """The report as ``fmt`` ("docx" or "pdf"), audited."""
    if fmt not in FORMATS:
        raise ValueError(fmt)
    document = report_document(user=user, denominator=denominator, day=day)
    data = render_docx(document) if fmt == "docx" else render_pdf(document)
    with transaction.atomic():
        audit(None, "adoption.report", actor=user, ip=ip, format=fmt, denominator=denominator)
    return data
