"""The urging notice (công văn đôn đốc): one click of the Office on a directive writes a
công văn to the units late on it (Decree 30 format, .docx and .pdf), keeps it, and
notifies the heads of those units with the link.

Who is late comes from ``selectors.urging.late_units`` (``TaskStatus.OVERDUE``: past the
due date, no accepted "done" report, for every period up to today).
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.urls import reverse

from phongdich.core.audit import audit
from phongdich.directives.errors import UrgingError
from phongdich.directives.models import Directive, UrgingNotice
from phongdich.directives.selectors.directives import unit_heads
from phongdich.directives.selectors.status import today_local
from phongdich.directives.selectors.urging import LateUnit, late_units
from phongdich.documents import (
    Document,
    DocumentError,
    DocumentKind,
    Header,
    Paragraph,
    Recipients,
    Run,
    Signature,
    format_short_date,
    render_docx,
    render_pdf,
)
from phongdich.notifications.services import notification_send

__all__ = ["UrgingError", "signature", "urging_create", "urging_document"]

URGING_SYMBOL = "SLĐTBXH-VP"
REPLY_WITHIN_DAYS = 3
CONTENT_CHARS = 300


def signature() -> Signature:
    """The signature block of the Department's letters (settings DIRECTIVE_SIGNER_*)."""
    authority = str(getattr(settings, "DIRECTIVE_SIGNER_AUTHORITY", "")).strip() or None
    return Signature(
        title=settings.DIRECTIVE_SIGNER_TITLE,
        name=settings.DIRECTIVE_SIGNER_NAME,
        authority=authority,
    )


def _content(text: str) -> str:
    content = " ".join(text.split()).rstrip(".;:")
    if len(content) > CONTENT_CHARS:
        content = content[: CONTENT_CHARS - 1].rstrip() + "…"
    return content


def _subject(directive: Directive) -> str:
    subject = directive.subject.strip()
    if subject.startswith("V/v"):
        subject = "về việc " + subject[3:].strip()
    return subject


def urging_document(
    *, directive: Directive, late: list[LateUnit], today: date, number: int | None = None
) -> Document:
    reference = directive.reference
    issued = format_short_date(directive.issued_on) if directive.issued_on else ""
    cited = f"Công văn số {reference}" + (f" ngày {issued}" if issued else "")
    body: list[Paragraph] = [
        Paragraph.of(
            "Thực hiện ",
            Run(cited, italic=True),
            f" của Sở Lao động - Thương binh và Xã hội {_subject(directive)}, đến ngày "
            f"{format_short_date(today)}, các đơn vị sau chưa hoàn thành hoặc chưa báo cáo "
            "kết quả thực hiện nhiệm vụ được giao đúng thời hạn:",
        )
    ]
    for i, item in enumerate(late, start=1):
        body.append(Paragraph.of(Run(f"{i}. {item.unit.name}:", bold=True)))
        for row in item.rows:
            due = format_short_date(row.due_on) if row.due_on else ""
            body.append(
                Paragraph.of(
                    f"- Nhiệm vụ {row.task.number}: {_content(row.task.content)} (thời hạn "
                    f"{due}, quá hạn {row.days_overdue} ngày);"
                )
            )
    reply_by = format_short_date(today + timedelta(days=REPLY_WITHIN_DAYS))
    body.append(
        Paragraph.of(
            "Giám đốc Sở yêu cầu Thủ trưởng các đơn vị nêu trên khẩn trương chỉ đạo hoàn thành "
            "các nhiệm vụ được giao và báo cáo kết quả thực hiện trên hệ thống Phòng dịch số "
            f"(qua Văn phòng Sở) trước ngày {reply_by} để tổng hợp, báo cáo Chủ tịch UBND tỉnh"
        )
    )
    header_subject = f"V/v đôn đốc thực hiện {cited}"
    return Document(
        kind=DocumentKind.CONG_VAN,
        header=Header(number=number, symbol=URGING_SYMBOL, date=today, subject_line=header_subject),
        kinh_gui=tuple(item.unit.name for item in late),
        body=tuple(body),
        recipients=Recipients(items=("Như trên", "Giám đốc Sở (để báo cáo)"), archive="VT, VP"),
        signature=signature(),
    )


def _items(late: list[LateUnit]) -> list[dict[str, Any]]:
    return [
        {
            "unit": item.unit.name,
            "unit_id": item.unit.pk,
            "tasks": [
                {
                    "number": row.task.number,
                    "due_on": row.due_on.isoformat() if row.due_on else None,
                    "days_overdue": row.days_overdue,
                }
                for row in item.rows
            ],
        }
        for item in late
    ]


def urging_create(
    *,
    directive: Directive,
    by: Any,
    ip: str | None = None,
    today: date | None = None,
    number: int | None = None,
) -> UrgingNotice:
    """Write the công văn đôn đốc to the late units, store it, notify their heads (the
    e-mails leave once the transaction commits).

    Raises UrgingError when the directive is not issued or no unit is late."""
    today = today or today_local()
    if directive.state != Directive.State.ISSUED:
        raise UrgingError(["Chỉ đôn đốc được văn bản đang thực hiện (đã ban hành, chưa kết thúc)."])
    late = late_units(directive=directive, today=today)
    if not late:
        raise UrgingError(
            [
                f"Không có đơn vị nào chậm thực hiện Công văn số {directive.reference} "
                f"tính đến ngày {today:%d/%m/%Y}: chưa cần đôn đốc."
            ]
        )
    try:
        document = urging_document(directive=directive, late=late, today=today, number=number)
    except DocumentError as exc:
        raise UrgingError(exc.messages) from exc
    docx, pdf = render_docx(document), render_pdf(document)
    with transaction.atomic():
        notice = UrgingNotice(
            directive=directive,
            number=number,
            symbol=URGING_SYMBOL,
            issued_on=today,
            items=_items(late),
            created_by=by,
        )
        notice.docx.save("don-doc.docx", ContentFile(docx), save=False)
        notice.pdf.save("don-doc.pdf", ContentFile(pdf), save=False)
        notice.save()
        notice.units.set([item.unit for item in late])
        heads = unit_heads(unit_ids={item.unit.pk for item in late})
        url = reverse("directives:urging_download", kwargs={"pk": notice.pk, "fmt": "pdf"})
        for item in late:
            tasks = ", ".join(row.task.number for row in item.rows)
            notification_send(
                users=heads.get(item.unit.pk, []),
                title=f"Công văn đôn đốc thực hiện Công văn số {directive.reference}",
                body=(
                    f"Văn phòng Sở đôn đốc {item.unit.name} hoàn thành và báo cáo kết quả "
                    f"các nhiệm vụ quá hạn: {tasks}. Xem công văn đôn đốc tại liên kết dưới đây."
                ),
                url=url,
            )
        audit(None, "directives.urging.create", actor=by, ip=ip, obj=notice, units=len(late))
    return notice
