"""The check-in's section of the compiled báo cáo (``core.report_sections``): gates in
service, check-ins, health declarations, the flagged ones and how they were decided, and
how many staff checked in, for a period. Registered on import, from ``apps.ready()``."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from django.db.models import Count
from django.utils import timezone

from phongdich.core.report_sections import (
    Figure,
    SectionContent,
    SectionProvider,
    register,
    vn_number,
)

KEYWORDS = ("quét mã qr", "khai báo y tế", "kiểm soát người ra vào", "check-in")


def _bounds(start: date, end: date) -> tuple[datetime, datetime]:
    return (
        timezone.make_aware(datetime.combine(start, time.min)),
        timezone.make_aware(datetime.combine(end + timedelta(days=1), time.min)),
    )


def _day(day: date) -> str:
    month = f"{day.month:02d}" if day.month <= 2 else str(day.month)
    return f"{day.day:02d}/{month}/{day.year}"


def build(start: date, end: date) -> SectionContent | None:
    """None when no gate was ever set up (the module is not in use)."""
    from phongdich.checkin.models import Declaration, Location, Visit
    from phongdich.org.models import Staff

    gates = Location.objects.filter(is_active=True, token_revoked=False)
    gate_units = set(gates.values_list("unit_id", flat=True))
    if not gate_units and not Location.objects.exists():
        return None
    lo, hi = _bounds(start, end)
    visits = Visit.objects.filter(check_in__gte=lo, check_in__lt=hi)
    by_source = dict(visits.values("source").annotate(n=Count("pk")).values_list("source", "n"))
    total = sum(by_source.values())
    declarations = Declaration.objects.filter(declared_at__gte=lo, declared_at__lt=hi)
    declared = declarations.count()
    risky = declarations.filter(is_risky=True).count()
    decided = dict(
        visits.filter(declaration__is_risky=True)
        .values("status")
        .annotate(n=Count("pk"))
        .values_list("status", "n")
    )
    staff = Staff.objects.filter(is_active=True, unit_id__in=gate_units)
    staff_total = staff.count()
    staff_in = staff.filter(persons__visits__in=visits).distinct().count()
    share = round(100 * staff_in / staff_total) if staff_total else 0

    n_gates = gates.count()
    qr = by_source.get(Visit.Source.QR, 0)
    manual = by_source.get(Visit.Source.MANUAL, 0)
    imported = by_source.get(Visit.Source.IMPORT, 0)
    sentences = [
        f"Hệ thống Phòng dịch số có {vn_number(n_gates)} cổng check-in bằng mã QR đang hoạt "
        f"động tại {len(gate_units)} đơn vị."
    ]
    how = [
        f"{vn_number(n)} lượt {label}"
        for n, label in (
            (qr, "quét mã QR"),
            (manual, "bảo vệ nhập hộ"),
            (imported, "nhập từ sổ giấy"),
        )
        if n
    ]
    counted = f"{vn_number(total)} lượt check-in"
    if len(how) > 1:
        counted += f" ({', '.join(how)})"
    if declared:
        counted += f" và {vn_number(declared)} tờ khai y tế điện tử"
    sentences.append(
        f"Từ ngày {_day(start)} đến ngày {_day(end)}, hệ thống ghi nhận {counted}; "
        f"{vn_number(staff_in)}/{vn_number(staff_total)} cán bộ ({share}%) của các đơn vị có "
        "cổng đã check-in ít nhất một lần."
    )
    if not declared:
        pass
    elif risky:
        admitted = decided.get(Visit.Status.ADMITTED, 0)
        refused = decided.get(Visit.Status.REFUSED, 0)
        pending = decided.get(Visit.Status.PENDING, 0)
        outcome = [
            f"cho vào {vn_number(admitted)} lượt",
            f"không cho vào {vn_number(refused)} lượt",
        ]
        if pending:
            outcome.append(f"{vn_number(pending)} lượt đang chờ quyết định")
        sentences.append(
            f"Có {vn_number(risky)} tờ khai có yếu tố nguy cơ; bảo vệ và cán bộ y tế đã xem "
            f"xét từng trường hợp: {', '.join(outcome)}."
        )
    else:
        sentences.append("Không có tờ khai nào có yếu tố nguy cơ.")
    figures = (
        Figure("Cổng check-in đang hoạt động", n_gates, "cổng"),
        Figure("Đơn vị có cổng", len(gate_units), "đơn vị"),
        Figure("Lượt check-in", total, "lượt"),
        Figure("Tờ khai y tế", declared, "tờ khai"),
        Figure("Tờ khai có yếu tố nguy cơ", risky, "tờ khai"),
        Figure("Cán bộ đã check-in", f"{staff_in}/{staff_total} ({share}%)"),
    )
    return SectionContent(sentences=tuple(sentences), figures=figures)


PROVIDER = register(
    SectionProvider(
        key="checkin",
        title="Check-in, khai báo y tế",
        keywords=KEYWORDS,
        build=build,
        order=10,
    )
)
