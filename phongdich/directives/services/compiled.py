"""The compiled report (báo cáo tổng hợp) of a directive for a period: create it with its
narrative prefilled from the figures (``selectors.compiled.compile_data``), edit the
officials' text, and make the Decree-30 báo cáo (.docx, .pdf) or its results table (.xlsx).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import transaction

from phongdich.core.audit import audit
from phongdich.core.text import nfc
from phongdich.directives.errors import CompileError
from phongdich.directives.models import CompiledReport, Directive
from phongdich.directives.selectors.compiled import CompiledData, compile_data
from phongdich.directives.selectors.status import TaskStatus, today_local
from phongdich.directives.services.urging import signature
from phongdich.documents import (
    Document,
    DocumentError,
    DocumentKind,
    Header,
    Paragraph,
    Recipients,
    ResultRow,
    ResultsTable,
    Run,
    format_short_date,
    heading,
    render_docx,
    render_pdf,
    render_xlsx,
)

__all__ = [
    "FORMATS",
    "CompileError",
    "compiled_document",
    "compiled_report_create",
    "compiled_report_export",
    "compiled_report_update",
    "compiled_table",
    "default_difficulties",
    "default_intro",
    "default_proposals",
    "filename",
    "render_compiled",
]

REPORT_SYMBOL = "BC-SLĐTBXH"
RECIPIENTS = ("Chủ tịch UBND tỉnh (để báo cáo)", "Giám đốc Sở (để báo cáo)")
FORMATS = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pdf": "application/pdf",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


# Text the officials start from ------------------------------------------------------


def cited(directive: Directive) -> str:
    issued = format_short_date(directive.issued_on) if directive.issued_on else ""
    return f"Công văn số {directive.reference}" + (f" ngày {issued}" if issued else "")


def _about(directive: Directive) -> str:
    subject = directive.subject.strip()
    if subject.startswith("V/v"):
        return "về việc " + subject[3:].strip()
    return subject


def default_intro(directive: Directive, start: date, end: date) -> str:
    return (
        f"Thực hiện {cited(directive)} của Sở Lao động - Thương binh và Xã hội "
        f"{_about(directive)}, "
        f"Sở Lao động - Thương binh và Xã hội báo cáo kết quả thực hiện từ ngày "
        f"{format_short_date(start)} đến ngày {format_short_date(end)} như sau:"
    )


def default_difficulties(data: CompiledData) -> str:
    lines = [f"- {r.task.number}. {text}" for r in data.tasks if (text := r.issues_text().strip())]
    late = data.counts[TaskStatus.OVERDUE]
    if late:
        lines.append(f"- Còn {late} lượt nhiệm vụ của các đơn vị quá hạn chưa hoàn thành.")
    return "\n".join(lines) or "Không có khó khăn, vướng mắc."


def default_proposals() -> str:
    return (
        "Đề nghị Ủy ban nhân dân tỉnh tiếp tục quan tâm, chỉ đạo; Sở Lao động - Thương binh "
        "và Xã hội tiếp tục đôn đốc các đơn vị hoàn thành các nhiệm vụ còn lại."
    )


# Services -----------------------------------------------------------------------------


def compiled_report_create(
    *,
    directive: Directive,
    period_start: date,
    period_end: date,
    by: Any,
    ip: str | None = None,
    number: int | None = None,
    issued_on: date | None = None,
    today: date | None = None,
) -> CompiledReport:
    """A compiled report with its narrative prefilled from the data."""
    if directive.state == Directive.State.DRAFT:
        raise CompileError(["Văn bản chưa ban hành: chưa có kết quả để tổng hợp."])
    data = compile_data(
        directive=directive, period_start=period_start, period_end=period_end, today=today
    )
    if not data.tasks:
        raise CompileError(
            ["Văn bản không có nhiệm vụ nào phải báo cáo trong khoảng thời gian này."]
        )
    with transaction.atomic():
        report = CompiledReport.objects.create(
            directive=directive,
            period_start=period_start,
            period_end=period_end,
            number=number,
            issued_on=issued_on or today or today_local(),
            intro=default_intro(directive, period_start, period_end),
            difficulties=default_difficulties(data),
            proposals=default_proposals(),
            created_by=by,
        )
        audit(None, "directives.compiled.create", actor=by, ip=ip, obj=report)
    return report


def compiled_report_update(
    *,
    report: CompiledReport,
    number: int | None,
    issued_on: date,
    period_start: date,
    period_end: date,
    intro: str,
    difficulties: str,
    proposals: str,
    by: Any = None,
    ip: str | None = None,
) -> CompiledReport:
    """The officials' text and the report's number, date and period."""
    if period_end < period_start:
        raise CompileError(["Khoảng thời gian không hợp lệ: “đến ngày” trước “từ ngày”."])
    with transaction.atomic():
        report = CompiledReport.objects.select_for_update().get(pk=report.pk)
        report.number = number
        report.issued_on = issued_on
        report.period_start = period_start
        report.period_end = period_end
        report.intro = nfc(intro)
        report.difficulties = nfc(difficulties)
        report.proposals = nfc(proposals)
        report.save()
        audit(None, "directives.compiled.update", actor=by, ip=ip, obj=report)
    return report


# The document -----------------------------------------------------------------------


def _paragraphs(text: str) -> list[Paragraph]:
    """Each non-empty line a paragraph."""
    return [Paragraph.of(line.strip()) for line in text.splitlines() if line.strip()]


def compiled_table(data: CompiledData) -> ResultsTable:
    rows = tuple(
        ResultRow(
            task=f"{r.task.number}. {' '.join(r.task.content.split())}",
            lead_unit=r.lead,
            partner_units=r.partners,
            deadline=r.task.deadline,
            result=r.result_text(),
            status=r.status,
            issues=r.issues_text(),
        )
        for r in data.tasks
    )
    return ResultsTable(
        rows,
        caption=f"Biểu tổng hợp kết quả thực hiện Công văn số {data.directive.reference}",
        landscape=True,
    )


def _counts_paragraph(data: CompiledData) -> Paragraph:
    c, t = data.counts, data.task_counts
    return Paragraph.of(
        f"Tổng số nhiệm vụ phải báo cáo: {len(data.tasks)} nhiệm vụ, giao cho các đơn vị "
        f"{len(data.rows)} lượt. Tính theo lượt đơn vị: đã hoàn thành đúng hạn "
        f"{c[TaskStatus.DONE_ON_TIME]}; đã hoàn thành quá hạn {c[TaskStatus.DONE_LATE]}; "
        f"đang thực hiện trong hạn {c[TaskStatus.IN_PROGRESS]}; quá hạn chưa hoàn thành "
        f"{c[TaskStatus.OVERDUE]}. Tính theo nhiệm vụ: đã hoàn thành đúng hạn "
        f"{t[TaskStatus.DONE_ON_TIME]}; đã hoàn thành quá hạn {t[TaskStatus.DONE_LATE]}; "
        f"đang thực hiện trong hạn {t[TaskStatus.IN_PROGRESS]}; quá hạn chưa hoàn thành "
        f"{t[TaskStatus.OVERDUE]} (chi tiết tại biểu kèm theo)."
    )


def _live_figures(data: CompiledData) -> list[Paragraph]:
    out: list[Paragraph] = []
    if data.checkin:
        out.append(heading("2. Ứng dụng check-in, khai báo y tế tại cơ quan"))
        out.append(
            Paragraph.of(
                "Số liệu trên hệ thống Phòng dịch số từ ngày "
                f"{format_short_date(data.period_start)} đến ngày "
                f"{format_short_date(data.period_end)}:"
            )
        )
        for f in data.checkin:
            out.append(
                Paragraph.of(
                    f"- {f.unit.name}: {f.gates} cổng check-in; {f.visits} lượt check-in; "
                    f"{f.staff_checked_in}/{f.staff} cán bộ ({f.share}%) đã check-in ít nhất "
                    "một lần;"
                )
            )
    if data.cases_opened is not None:
        number = "3" if data.checkin else "2"
        out.append(heading(f"{number}. Truy vết tiếp xúc"))
        out.append(
            Paragraph.of(
                f"Trong kỳ báo cáo, đã mở {data.cases_opened} hồ sơ ca bệnh (F0) và truy vết "
                f"{data.contacts_traced} trường hợp tiếp xúc."
            )
        )
    return out


def compiled_document(report: CompiledReport, data: CompiledData | None = None) -> Document:
    directive = report.directive
    data = data or compile_data(
        directive=directive, period_start=report.period_start, period_end=report.period_end
    )
    if not data.tasks:
        raise CompileError(["Không có nhiệm vụ nào để tổng hợp trong khoảng thời gian này."])
    intro = _paragraphs(report.intro) or _paragraphs(
        default_intro(directive, report.period_start, report.period_end)
    )
    summaries = [Paragraph.of(f"- {r.summary()}") for r in data.tasks]
    live = _live_figures(data)
    body: list[Any] = [
        *intro,
        heading("I. KẾT QUẢ THỰC HIỆN"),
        *([heading("1. Kết quả thực hiện các nhiệm vụ")] if live else []),
        _counts_paragraph(data),
        *summaries,
        compiled_table(data),
        *live,
        heading("II. KHÓ KHĂN, VƯỚNG MẮC"),
        *(_paragraphs(report.difficulties) or [Paragraph.of("Không có.")]),
        heading("III. ĐỀ XUẤT, KIẾN NGHỊ"),
        *(_paragraphs(report.proposals) or [Paragraph.of("Không có.")]),
        Paragraph.of(
            "Trên đây là báo cáo kết quả thực hiện ",
            Run(cited(directive), italic=True),
            " của Sở Lao động - Thương binh và Xã hội",
        ),
    ]
    try:
        return Document(
            kind=DocumentKind.BAO_CAO,
            header=Header(number=report.number, symbol=report.symbol, date=report.issued_on),
            subject=f"Kết quả thực hiện Công văn số {directive.reference} {_about(directive)}",
            body=tuple(body),
            recipients=Recipients(items=RECIPIENTS, archive="VT, VP"),
            signature=signature(),
        )
    except DocumentError as exc:
        raise CompileError(exc.messages) from exc


def filename(report: CompiledReport, fmt: str) -> str:
    number = f"{report.number:02d}" if report.number else "du-thao"
    return f"bao-cao-{number}-{report.issued_on:%Y%m%d}.{fmt}"


def render_compiled(report: CompiledReport, fmt: str) -> bytes:
    """The report as docx, pdf or xlsx (the results table)."""
    if fmt not in FORMATS:
        raise CompileError([f"Định dạng không hỗ trợ: {fmt} (chọn docx, pdf hoặc xlsx)."])
    data = compile_data(
        directive=report.directive, period_start=report.period_start, period_end=report.period_end
    )
    if fmt == "xlsx":
        if not data.tasks:
            raise CompileError(["Không có nhiệm vụ nào để tổng hợp trong khoảng thời gian này."])
        table = compiled_table(data)
        return render_xlsx(
            table, title=f"BẢNG TỔNG HỢP KẾT QUẢ THỰC HIỆN CÔNG VĂN SỐ {report.directive.reference}"
        )
    document = compiled_document(report, data)
    return render_docx(document) if fmt == "docx" else render_pdf(document)


def compiled_report_export(
    *, report: CompiledReport, fmt: str, user: Any, ip: str | None = None
) -> bytes:
    """The report as ``fmt`` for a download, audited (``directives.compiled.download``)."""
    content = render_compiled(report, fmt)
    audit(None, "directives.compiled.download", actor=user, ip=ip, obj=report, format=fmt)
    return content
