"""The urging notice (công văn đôn đốc): one click of the Office on a directive writes a
công văn to the units late on it (Decree 30 format, .docx and .pdf), keeps it, and
notifies the heads of those units with the link.

The letter is one page: Kính gửi "các đơn vị có tên tại danh sách kèm theo" (or the one
unit's name), a body naming the directive, the late tasks by number and short title and
the new deadline; the annex lists one row per unit and task (never per period: a weekly
task late three weeks is one row). The drafting unit (Văn phòng Sở) is never a recipient.

Who is late comes from ``selectors.urging.late_units`` (``TaskStatus.OVERDUE``: past the
due date, no accepted "done" report, for every period up to today).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.core.files.base import ContentFile
from django.db import transaction
from django.urls import reverse

from phongdich.core.audit import audit
from phongdich.core.report_sections import vn_number
from phongdich.directives import drafting
from phongdich.directives.errors import UrgingError
from phongdich.directives.models import Directive, UrgingNotice
from phongdich.directives.selectors.directives import unit_heads
from phongdich.directives.selectors.signers import SignerBlock, default_signer, signer_block
from phongdich.directives.selectors.status import today_local
from phongdich.directives.selectors.urging import LateUnit, late_units, urging_recipients
from phongdich.documents import (
    Align,
    Annex,
    Column,
    Document,
    DocumentError,
    DocumentKind,
    Header,
    Paragraph,
    Recipients,
    Run,
    Signature,
    Table,
    TableRow,
    annex_note,
    render_docx,
    render_pdf,
)
from phongdich.notifications.services import notification_send
from phongdich.org.models import Staff

__all__ = [
    "UrgingError",
    "UrgingPlan",
    "urging_create",
    "urging_document",
    "urging_plan",
]

URGING_SYMBOL = "SLĐTBXH-VP"
REPLY_WITHIN_DAYS = 3
TO_THE_LIST = "các đơn vị có tên tại danh sách kèm theo"


def _signature(block: SignerBlock) -> Signature:
    return Signature(title=block.title, name=block.name, authority=block.authority or None)


def signer_of(signer: Staff | None) -> SignerBlock:
    """The block of the chosen signer, else the Director's; none in the directory: refused."""
    signer = signer or default_signer()
    if signer is None:
        raise UrgingError(
            [
                "Chưa có Giám đốc, Phó Giám đốc nào trong danh bạ cán bộ để ký công văn: "
                "gán vai trò “Giám đốc / Phó Giám đốc” cho cán bộ đó trước."
            ]
        )
    return signer_block(signer)


def _tasks_sentence(late: list[LateUnit]) -> str:
    """ "nhiệm vụ 1 (quét mã QR …, 4 đơn vị); nhiệm vụ 3 (…, 2 đơn vị)" in task order."""
    counts: dict[int, list[Any]] = {}
    tasks: dict[int, Any] = {}
    for item in late:
        for task in item.tasks:
            counts.setdefault(task.task.pk, []).append(item.unit)
            tasks[task.task.pk] = task.task
    ordered = sorted(tasks.values(), key=lambda t: (t.order, t.pk))
    several = len(late) > 1
    parts = []
    for task in ordered:
        title = drafting.lower_first(task.short_title)
        extra = f", {len(counts[task.pk])} đơn vị" if several else ""
        parts.append(f"nhiệm vụ {task.number} ({title}{extra})")
    return "; ".join(parts)


def annex_table(late: list[LateUnit]) -> Table:
    rows = []
    n = 0
    for item in late:
        for task in item.tasks:
            n += 1
            due = drafting.short_date(task.due_on) if task.due_on else ""
            rows.append(
                TableRow(
                    (
                        str(n),
                        item.unit.name,
                        task.task.label,
                        due,
                        vn_number(task.days_overdue),
                        task.state,
                    )
                )
            )
    return Table(
        columns=(
            Column("STT", 11, Align.CENTER),
            Column("Đơn vị", 38, merge_repeats=True),
            Column("Nhiệm vụ", 50),
            Column("Thời hạn", 20, Align.CENTER),
            Column("Số ngày quá hạn", 16, Align.CENTER),
            Column("Tình trạng", 30),
        ),
        rows=tuple(rows),
        size=12,
    )


def urging_document(
    *,
    directive: Directive,
    late: list[LateUnit],
    today: date,
    number: int | None = None,
    reply_by: date | None = None,
    signer: SignerBlock | None = None,
) -> Document:
    """The công văn đôn đốc to ``late`` (already without the drafting unit)."""
    reply_by = reply_by or today + timedelta(days=REPLY_WITHIN_DAYS)
    signer = signer or signer_of(None)
    one = len(late) == 1
    to = late[0].unit.name if one else TO_THE_LIST
    count = sum(len(item.tasks) for item in late)
    cited = drafting.cited(directive)
    issued = f"Ngày {drafting.short_date(directive.issued_on)}, " if directive.issued_on else ""
    late_what = "các nhiệm vụ đã quá hạn: " if one else f"{count} lượt nhiệm vụ đã quá hạn, gồm: "
    body = [
        Paragraph.of(
            f"{issued}Giám đốc Sở ban hành ",
            Run(f"Công văn số {directive.reference}", italic=True),
            f" {drafting.about(directive)}, giao nhiệm vụ cho các phòng nghiệp vụ, đơn vị "
            f"trực thuộc Sở. Qua theo dõi trên hệ thống Phòng dịch số, đến ngày "
            f"{drafting.short_date(today)}, "
            + (f"{to}" if one else f"còn {len(late)} đơn vị")
            + " chưa hoàn thành hoặc chưa báo cáo kết quả thực hiện "
            + late_what
            + _tasks_sentence(late)
            + ". Danh sách chi tiết kèm theo Công văn này.",
        ),
        Paragraph.of(
            "Để bảo đảm tiến độ thực hiện, Giám đốc Sở yêu cầu Thủ trưởng "
            + (f"{to}" if one else "các đơn vị có tên tại danh sách kèm theo")
            + " khẩn trương chỉ đạo hoàn thành các nhiệm vụ nêu trên và báo cáo kết quả thực "
            "hiện trên hệ thống Phòng dịch số (qua Văn phòng Sở) ",
            Run(f"trước ngày {drafting.short_date(reply_by)}", bold=True),
            f" để tổng hợp, báo cáo {drafting.addressee(directive)}.",
        ),
        Paragraph.of(
            "Trường hợp có khó khăn, vướng mắc, đề nghị "
            + ("đơn vị" if one else "các đơn vị")
            + " phản ánh về Văn phòng Sở để được hướng dẫn, hỗ trợ"
        ),
    ]
    header = Header(
        number=number,
        symbol=URGING_SYMBOL,
        date=today,
        subject_line=f"V/v đôn đốc thực hiện {cited}",
    )
    recipients = [
        "Như trên",
        "Giám đốc Sở (để báo cáo)" if signer.authority else "Các Phó Giám đốc Sở (để biết)",
    ]
    annex = Annex(
        title="Danh sách các đơn vị chưa hoàn thành nhiệm vụ",
        note=annex_note("Công văn", header, drafting.DEPARTMENT),
        body=(annex_table(late),),
    )
    return Document(
        kind=DocumentKind.CONG_VAN,
        header=header,
        kinh_gui=(to,),
        body=tuple(body),
        recipients=Recipients(
            items=tuple(r for r in recipients if r) or ("Như trên",), archive="VT, VP"
        ),
        signature=_signature(signer),
        annexes=(annex,),
    )


def _items(late: list[LateUnit]) -> list[dict[str, Any]]:
    return [
        {
            "unit": item.unit.name,
            "unit_id": item.unit.pk,
            "tasks": [
                {
                    "number": task.task.number,
                    "title": task.task.short_title,
                    "due_on": task.due_on.isoformat() if task.due_on else None,
                    "days_overdue": task.days_overdue,
                    "periods": task.periods,
                    "state": task.state,
                }
                for task in item.tasks
            ],
        }
        for item in late
    ]


@dataclass(frozen=True)
class UrgingPlan:
    """Who an urging notice would go to, as of ``today`` (``urge --dry-run`` prints it)."""

    directive: Directive
    today: date
    late: list[LateUnit]
    skipped: list[LateUnit]  # the drafting unit, late itself but never a recipient


def urging_plan(*, directive: Directive, today: date | None = None) -> UrgingPlan:
    """The late units to urge (no write). Raises UrgingError when the directive is not
    in force or nobody but the drafting unit is late."""
    today = today or today_local()
    if directive.state != Directive.State.ISSUED:
        raise UrgingError(["Chỉ đôn đốc được văn bản đang thực hiện (đã ban hành, chưa kết thúc)."])
    everyone = late_units(directive=directive, today=today)
    late = urging_recipients(everyone)
    if not late:
        raise UrgingError(
            [
                f"Không có đơn vị nào chậm thực hiện Công văn số {directive.reference} "
                f"tính đến ngày {today:%d/%m/%Y}: chưa cần đôn đốc."
            ]
        )
    skipped = [item for item in everyone if item not in late]
    return UrgingPlan(directive=directive, today=today, late=late, skipped=skipped)


def urging_render(
    *,
    directive: Directive,
    today: date | None = None,
    number: int | None = None,
    reply_by: date | None = None,
    signer: Staff | None = None,
) -> tuple[UrgingPlan, Document]:
    """The plan and the document, nothing stored (``urge --output``)."""
    plan = urging_plan(directive=directive, today=today)
    if reply_by is not None and reply_by < plan.today:
        raise UrgingError(["Hạn báo cáo mới phải từ ngày công văn trở đi."])
    try:
        document = urging_document(
            directive=directive,
            late=plan.late,
            today=plan.today,
            number=number,
            reply_by=reply_by,
            signer=signer_of(signer),
        )
    except DocumentError as exc:
        raise UrgingError(exc.messages) from exc
    return plan, document


def urging_create(
    *,
    directive: Directive,
    by: Any,
    ip: str | None = None,
    today: date | None = None,
    number: int | None = None,
    reply_by: date | None = None,
    signer: Staff | None = None,
) -> UrgingNotice:
    """Write the công văn đôn đốc to the late units, store it, notify their heads (the
    e-mails leave once the transaction commits).

    Raises UrgingError when the directive is not issued or no unit but the drafting one
    is late."""
    plan, document = urging_render(
        directive=directive, today=today, number=number, reply_by=reply_by, signer=signer
    )
    today, late = plan.today, plan.late
    reply_by = reply_by or today + timedelta(days=REPLY_WITHIN_DAYS)
    docx, pdf = render_docx(document), render_pdf(document)
    with transaction.atomic():
        notice = UrgingNotice(
            directive=directive,
            number=number,
            symbol=URGING_SYMBOL,
            issued_on=today,
            reply_by=reply_by,
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
            tasks = ", ".join(item.task_numbers)
            notification_send(
                users=heads.get(item.unit.pk, []),
                title=f"Công văn đôn đốc thực hiện Công văn số {directive.reference}",
                body=(
                    f"Văn phòng Sở đôn đốc {item.unit.name} hoàn thành và báo cáo kết quả "
                    f"các nhiệm vụ quá hạn: {tasks} (trước ngày "
                    f"{drafting.short_date(reply_by)}). Xem công văn đôn đốc tại liên kết "
                    "dưới đây."
                ),
                url=url,
            )
        audit(None, "directives.urging.create", actor=by, ip=ip, obj=notice, units=len(late))
    return notice
