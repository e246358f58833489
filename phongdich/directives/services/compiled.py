"""The compiled report (báo cáo kết quả thực hiện) of a directive for a period: create it
with every section drafted from the figures (``directives.drafting``), save the officials'
text (each save keeps a new ``CompiledReportVersion``; "Khôi phục số liệu" redrafts one
section from the live figures), choose who signs, and make the Decree-30 báo cáo (.docx,
.pdf: sections I–V, then the per-unit annex) or its spreadsheet (.xlsx, two sheets through
``core.xlsx``).
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import override

from phongdich.core.audit import audit
from phongdich.core.text import nfc
from phongdich.core.xlsx import Column as SheetColumn
from phongdich.core.xlsx import Sheet, build_workbook
from phongdich.directives import drafting
from phongdich.directives.errors import CompileError
from phongdich.directives.models import CompiledReport, CompiledReportVersion, Directive
from phongdich.directives.selectors.compiled import CompiledData, compile_data, latest_version
from phongdich.directives.selectors.compiled_page import compiled_sections
from phongdich.directives.selectors.signers import default_signer, signer_block, signers
from phongdich.directives.selectors.status import TaskStatus, today_local
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
    RowKind,
    Signature,
    Table,
    TableRow,
    annex_note,
    heading,
    render_docx,
    render_pdf,
)
from phongdich.org.models import Staff

__all__ = [
    "FORMATS",
    "CompileError",
    "annex_table",
    "compiled_document",
    "compiled_report_create",
    "compiled_report_export",
    "compiled_report_update",
    "compiled_sections",
    "compiled_workbook",
    "filename",
    "render_compiled",
]

REPORT_SYMBOL = "BC-SLĐTBXH"
FORMATS = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pdf": "application/pdf",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
MAX_SECTION_CHARS = 20_000
MARK = "x"


# Sections -----------------------------------------------------------------------------


def _clean_sections(sections: dict[str, str], allowed: set[str]) -> dict[str, str]:
    errors = []
    cleaned = {}
    for key, text in sections.items():
        if key not in allowed:
            continue
        text = "\n".join(nfc(line) for line in nfc(text or "").splitlines()).strip()
        if len(text) > MAX_SECTION_CHARS:
            errors.append(f"Phần “{key}”: dài quá {MAX_SECTION_CHARS} ký tự.")
        cleaned[key] = text
    if errors:
        raise CompileError(errors)
    return cleaned


def _signer_or_default(signer: Staff | None) -> Staff:
    if signer is None:
        signer = default_signer()
    if signer is None:
        raise CompileError(
            [
                "Chưa có Giám đốc, Phó Giám đốc nào trong danh bạ cán bộ để ký báo cáo: "
                "gán vai trò “Giám đốc / Phó Giám đốc” cho cán bộ đó trước."
            ]
        )
    if not signers().filter(pk=signer.pk).exists():
        raise CompileError([f"{signer.full_name} không phải Giám đốc, Phó Giám đốc Sở."])
    return signer


def _set_signer(report: CompiledReport, signer: Staff) -> None:
    block = signer_block(signer)
    report.signer = signer
    report.signer_authority = block.authority
    report.signer_title = block.title
    report.signer_name = block.name


def _new_version(report: CompiledReport, sections: dict[str, str], by: Any) -> Any:
    last = report.versions.order_by("-version").values_list("version", flat=True).first() or 0
    return CompiledReportVersion.objects.create(
        report=report, version=last + 1, sections=sections, created_by=by
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
    signer: Staff | None = None,
    today: date | None = None,
) -> CompiledReport:
    """A compiled report with every section drafted from the figures (version 1); signed
    by ``signer`` (default: the Director)."""
    if directive.state == Directive.State.DRAFT:
        raise CompileError(["Văn bản chưa ban hành: chưa có kết quả để tổng hợp."])
    data = compile_data(
        directive=directive, period_start=period_start, period_end=period_end, today=today
    )
    if not data.tasks:
        raise CompileError(
            ["Văn bản không có nhiệm vụ nào phải báo cáo trong khoảng thời gian này."]
        )
    signer = _signer_or_default(signer)
    with transaction.atomic():
        report = CompiledReport(
            directive=directive,
            period_start=period_start,
            period_end=period_end,
            number=number,
            issued_on=issued_on or today or today_local(),
            created_by=by,
        )
        _set_signer(report, signer)
        report.save()
        _new_version(report, drafting.draft_sections(data), by)
        audit(None, "directives.compiled.create", actor=by, ip=ip, obj=report)
    return report


def compiled_report_update(
    *,
    report: CompiledReport,
    number: int | None,
    issued_on: date,
    period_start: date,
    period_end: date,
    sections: dict[str, str],
    signer: Staff | None = None,
    restore: str | None = None,
    by: Any = None,
    ip: str | None = None,
    today: date | None = None,
) -> CompiledReport:
    """The report's number, date, period and signer, and the text of its sections: a new
    version when the text changed. ``restore`` names one section to redraft from the live
    figures instead of the text given ("Khôi phục số liệu")."""
    if period_end < period_start:
        raise CompileError(["Khoảng thời gian không hợp lệ: “đến ngày” trước “từ ngày”."])
    data = compile_data(
        directive=report.directive, period_start=period_start, period_end=period_end, today=today
    )
    allowed = {spec.key for spec in drafting.specs(data)}
    if restore is not None and restore not in allowed:
        raise CompileError([f"Không có phần “{restore}” trong báo cáo này."])
    with transaction.atomic():
        report = CompiledReport.objects.select_for_update().get(pk=report.pk)
        current = compiled_sections(report, data)
        text = {**current, **_clean_sections(sections, allowed)}
        if restore is not None:
            text[restore] = drafting.draft_section(data, restore)
        report.number = number
        report.issued_on = issued_on
        report.period_start = period_start
        report.period_end = period_end
        if signer is not None and signer.pk != report.signer_id:
            _set_signer(report, _signer_or_default(signer))
        report.save()
        version = latest_version(report)
        if version is None or dict(version.sections) != text:
            version = _new_version(report, text, by)
        audit(
            None,
            "directives.compiled.update",
            actor=by,
            ip=ip,
            obj=report,
            version=version.version,
            restored=restore or "",
        )
    return report


# The document -----------------------------------------------------------------------


def _paragraphs(text: str) -> list[Paragraph]:
    """Each non-empty line a paragraph."""
    return [Paragraph.of(line.strip()) for line in text.splitlines() if line.strip()]


def _task_heading(result: Any) -> str:
    task = result.task
    parts = []
    if task.deadline:
        parts.append(f"thời hạn {drafting.short_date(task.deadline)}")
    if task.recurrence != task.Recurrence.ONCE:
        with override("vi"):  # the document is Vietnamese whatever the page's language
            parts.append(f"báo cáo {str(task.Recurrence(task.recurrence).label).lower()}")
    return f"{task.label} ({', '.join(parts)})" if parts else task.label


def annex_table(data: CompiledData) -> Table:
    """Phụ lục: one row per unit and task (the periods of a recurring task combined),
    grouped under each task's short label, the four status categories as columns, the
    completion date and a note (periods done, report awaiting review, returned)."""
    statuses = list(TaskStatus)
    columns = (
        Column("STT", 10, Align.CENTER),
        Column("Đơn vị", 69),
        *(Column(status.label, 12, Align.CENTER) for status in statuses),
        Column("Ngày hoàn thành", 20, Align.CENTER),
        Column("Ghi chú", 18),
    )
    rows: list[TableRow] = []
    n = 0
    totals = {status: 0 for status in statuses}
    for result in data.tasks:
        rows.append(TableRow((_task_heading(result),), RowKind.GROUP))
        for unit in result.units:
            n += 1
            totals[unit.status] += 1
            done = unit.completed_on
            rows.append(
                TableRow(
                    (
                        str(n),
                        unit.unit.name,
                        *(MARK if unit.status == status else "" for status in statuses),
                        drafting.short_date(done) if done else "",
                        unit.note,
                    )
                )
            )
    rows.append(
        TableRow(
            ("", "Tổng cộng", *(str(totals[s]) for s in statuses), "", ""),
            RowKind.TOTAL,
        )
    )
    return Table(columns=columns, rows=tuple(rows), size=11)


def _signature(report: CompiledReport) -> Signature:
    if not report.signer_name:
        signer = _signer_or_default(None)
        block = signer_block(signer)
        return Signature(title=block.title, name=block.name, authority=block.authority or None)
    return Signature(
        title=report.signer_title or "GIÁM ĐỐC",
        name=report.signer_name,
        authority=report.signer_authority or None,
    )


def _recipients(report: CompiledReport) -> Recipients:
    items = ["Như trên"] if report.directive.source_issuer else []
    if report.signer_authority:
        items.append("Giám đốc Sở (để báo cáo)")
    else:
        items.append("Các Phó Giám đốc Sở")
    items.append("Các phòng, đơn vị thuộc Sở")
    return Recipients(items=tuple(items), archive="VT, VP")


def compiled_document(
    report: CompiledReport,
    data: CompiledData | None = None,
    sections: dict[str, str] | None = None,
) -> Document:
    directive = report.directive
    data = data or compile_data(
        directive=directive, period_start=report.period_start, period_end=report.period_end
    )
    if not data.tasks:
        raise CompileError(["Không có nhiệm vụ nào để tổng hợp trong khoảng thời gian này."])
    text = sections if sections is not None else compiled_sections(report, data)
    body: list[Any] = []
    closing: list[Paragraph] = []
    for spec in drafting.specs(data):
        paragraphs = _paragraphs(text.get(spec.key, ""))
        if spec.key == "closing":
            closing = paragraphs or _paragraphs(drafting.draft_closing(data))
            continue
        if spec.part:
            body.append(heading(spec.part))
        if spec.heading:
            body.append(heading(spec.heading))
        if spec.key == "intro" and not paragraphs:
            paragraphs = _paragraphs(drafting.draft_intro(data))
        elif not paragraphs and spec.heading:
            paragraphs = [Paragraph.of("Không có.")]
        body.extend(paragraphs)
    body.extend(closing)
    try:
        header = Header(number=report.number, symbol=report.symbol, date=report.issued_on)
        annex = Annex(
            title="Phụ lục",
            subtitle="Kết quả thực hiện nhiệm vụ của các đơn vị",
            note=annex_note("Báo cáo", header, drafting.DEPARTMENT),
            body=(annex_table(data),),
        )
        return Document(
            kind=DocumentKind.BAO_CAO,
            header=header,
            subject=drafting.subject(directive),
            kinh_gui=(directive.source_issuer,) if directive.source_issuer else (),
            body=tuple(body),
            recipients=_recipients(report),
            signature=_signature(report),
            annexes=(annex,),
        )
    except DocumentError as exc:
        raise CompileError(exc.messages) from exc


# The spreadsheet ----------------------------------------------------------------------


def compiled_workbook(
    report: CompiledReport, data: CompiledData, *, exported_by: str, exported_at: datetime
) -> bytes:
    """Two sheets through ``core.xlsx``: one row per task, one row per unit and task."""
    directive = report.directive
    period = (
        f"{drafting.short_date(report.period_start)} – {drafting.short_date(report.period_end)}"
    )
    number = f"số {report.reference}" if report.number else "chưa cấp số"
    filters = [
        ("Báo cáo", f"{number}, ngày {drafting.short_date(report.issued_on)}"),
        ("Văn bản", f"{drafting.cited(directive)} {drafting.about(directive)}"),
        ("Kỳ báo cáo", period),
        ("Tình trạng tính đến ngày", data.today),
    ]
    statuses = list(TaskStatus)
    by_task = Sheet(
        name="Tổng hợp theo nhiệm vụ",
        title=f"BẢNG TỔNG HỢP KẾT QUẢ THỰC HIỆN CÔNG VĂN SỐ {directive.reference}",
        columns=[
            SheetColumn("STT", kind="int", width=6),
            SheetColumn("Nhiệm vụ", width=34),
            SheetColumn("Đơn vị chủ trì", width=22),
            SheetColumn("Đơn vị phối hợp", width=22),
            SheetColumn("Thời hạn", kind="date", width=12),
            SheetColumn("Số đơn vị", kind="int", width=9),
            *(SheetColumn(s.label, kind="int", width=12) for s in statuses),
            SheetColumn("Kết quả thực hiện", width=60),
        ],
        rows=[
            (
                i,
                result.task.label,
                result.lead,
                result.partners,
                result.task.deadline,
                len(result.units),
                *(result.unit_counts[s] for s in statuses),
                drafting.task_summary(result),
            )
            for i, result in enumerate(data.tasks, start=1)
        ],
        filters=filters,
    )
    by_unit = Sheet(
        name="Chi tiết theo đơn vị",
        title=f"KẾT QUẢ THỰC HIỆN CÔNG VĂN SỐ {directive.reference} CỦA CÁC ĐƠN VỊ",
        columns=[
            SheetColumn("STT", kind="int", width=6),
            SheetColumn("Nhiệm vụ", width=34),
            SheetColumn("Đơn vị", width=34),
            SheetColumn("Vai trò", width=10),
            SheetColumn("Thời hạn", kind="date", width=12),
            SheetColumn("Tình trạng", width=24),
            SheetColumn("Ngày hoàn thành", kind="date", width=13),
            SheetColumn("Ghi chú", width=20),
            SheetColumn("Kết quả thực hiện", width=50),
            SheetColumn("Khó khăn, vướng mắc, đề xuất", width=36),
        ],
        rows=[
            (
                i,
                unit.task.label,
                unit.unit.name,
                unit.rows[0].role_label,
                unit.task.deadline,
                unit.status.label,
                unit.completed_on,
                unit.note,
                result.unit_result(unit),
                result.unit_issues(unit),
            )
            for i, (result, unit) in enumerate(
                ((r, u) for r in data.tasks for u in r.units), start=1
            )
        ],
        filters=filters,
    )
    return build_workbook(
        sheets=[by_task, by_unit], exported_by=exported_by, exported_at=exported_at
    )


# Rendering and export -----------------------------------------------------------------


def filename(report: CompiledReport, fmt: str) -> str:
    number = f"{report.number:02d}" if report.number else "du-thao"
    return f"bao-cao-{number}-{report.issued_on:%Y%m%d}.{fmt}"


def render_compiled(
    report: CompiledReport,
    fmt: str,
    *,
    sections: dict[str, str] | None = None,
    exported_by: str = "",
    exported_at: datetime | None = None,
) -> bytes:
    """The report as docx, pdf or xlsx."""
    if fmt not in FORMATS:
        raise CompileError([f"Định dạng không hỗ trợ: {fmt} (chọn docx, pdf hoặc xlsx)."])
    data = compile_data(
        directive=report.directive, period_start=report.period_start, period_end=report.period_end
    )
    if not data.tasks:
        raise CompileError(["Không có nhiệm vụ nào để tổng hợp trong khoảng thời gian này."])
    if fmt == "xlsx":
        return compiled_workbook(
            report,
            data,
            exported_by=exported_by or "Phòng dịch số",
            exported_at=exported_at or timezone.now(),
        )
    document = compiled_document(report, data, sections)
    return render_docx(document) if fmt == "docx" else render_pdf(document)


def _who(user: Any) -> str:
    if user is None:
        return "Phòng dịch số"
    full = user.get_full_name() if hasattr(user, "get_full_name") else ""
    return str(full or getattr(user, "username", "") or "Phòng dịch số")


def compiled_report_export(
    *, report: CompiledReport, fmt: str, user: Any, ip: str | None = None
) -> bytes:
    """The report as ``fmt`` for a download, audited (``directives.compiled.download``)."""
    content = render_compiled(report, fmt, exported_by=_who(user), exported_at=timezone.now())
    audit(None, "directives.compiled.download", actor=user, ip=ip, obj=report, format=fmt)
    return content
