"""The compiled report (báo cáo tổng hợp) of a directive for a period.

``compile_data`` gathers the figures: the status of every unit on every task
(``status.status_rows``: nothing is recomputed here), the accepted results with their
indicator values, and live figures of the other modules (check-in use per unit, cases and
contacts traced). ``compiled_document`` turns a ``CompiledReport`` (the officials' editable
text) and those figures into a Decree-30 báo cáo; ``compiled_table`` is its results table
(also the .xlsx).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone

from phongdich.directives.models import Directive, Indicator, IndicatorValue, Task
from phongdich.directives.office_models import CompiledReport
from phongdich.directives.services import DirectiveError
from phongdich.directives.status import (
    STATUS_ORDER,
    StatusRow,
    TaskStatus,
    status_counts,
    status_rows,
    today_local,
)
from phongdich.directives.urging import signature
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

REPORT_SYMBOL = "BC-SLĐTBXH"
ALL_UNITS_LABEL = "Các phòng nghiệp vụ và đơn vị trực thuộc Sở"
RECIPIENTS = ("Chủ tịch UBND tỉnh (để báo cáo)", "Giám đốc Sở (để báo cáo)")
FORMATS = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pdf": "application/pdf",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


class CompileError(DirectiveError):
    """Bad period, nothing to report, or a document that could not be made."""


@dataclass
class TaskResult:
    task: Task
    rows: list[StatusRow]
    values: dict[int, list[IndicatorValue]]  # by accepted version id

    @property
    def status(self) -> TaskStatus:
        """The task's status is its least advanced unit's (overdue before in progress…)."""
        return min((row.status for row in self.rows), key=lambda s: STATUS_ORDER[s])

    @property
    def lead(self) -> str:
        if self.task.lead_unit is not None:
            return self.task.lead_unit.name
        return ALL_UNITS_LABEL if self.task.all_units else "—"

    @property
    def partners(self) -> str:
        names = [u.name for u in self.task.supporting_units.all()]
        if self.task.lead_unit is not None and self.task.all_units:
            names.append("các phòng nghiệp vụ và đơn vị trực thuộc Sở")
        return ", ".join(names)

    def result_text(self) -> str:
        parts = []
        for row in self.rows:
            version = row.accepted_version
            if version is None:
                continue
            pieces = [" ".join(version.narrative.split())] if version.narrative.strip() else []
            for value in self.values.get(version.pk, []):
                pieces.append(f"{value.indicator.name}: {format_value(value)}")
            if pieces:
                parts.append(f"{row.unit.name}: {'; '.join(pieces)}.")
        return "\n".join(parts)

    def issues_text(self) -> str:
        parts = []
        for row in self.rows:
            version = row.accepted_version
            if version is None:
                continue
            texts = [version.difficulties, getattr(version, "proposals", "")]
            text = "; ".join(" ".join(t.split()) for t in texts if t and t.strip())
            if text:
                parts.append(f"{row.unit.name}: {text}")
        return "\n".join(parts)

    def summary(self) -> str:
        counts = status_counts(self.rows)
        done = counts[TaskStatus.DONE_ON_TIME] + counts[TaskStatus.DONE_LATE]
        due = format_short_date(self.task.deadline) if self.task.deadline else "không có"
        text = (
            f"Nhiệm vụ {self.task.number} ({_short(self.task.content, 120)}; chủ trì: "
            f"{self.lead}; thời hạn: {due}): {done}/{len(self.rows)} lượt đơn vị đã hoàn thành"
        )
        late = sorted({r.unit.name for r in self.rows if r.status == TaskStatus.OVERDUE})
        if late:
            text += f"; quá hạn chưa hoàn thành: {', '.join(late)}"
        return text + "."


@dataclass(frozen=True)
class CheckinFigures:
    unit: Any
    gates: int
    visits: int
    staff: int
    staff_checked_in: int

    @property
    def share(self) -> int:
        return round(100 * self.staff_checked_in / self.staff) if self.staff else 0


@dataclass
class CompiledData:
    directive: Directive
    period_start: date
    period_end: date
    today: date
    rows: list[StatusRow]
    tasks: list[TaskResult]
    checkin: list[CheckinFigures] = field(default_factory=list)
    cases_opened: int | None = None
    contacts_traced: int | None = None

    @property
    def counts(self) -> dict[TaskStatus, int]:
        return status_counts(self.rows)

    @property
    def task_counts(self) -> dict[TaskStatus, int]:
        counts = {status: 0 for status in TaskStatus}
        for result in self.tasks:
            counts[result.status] += 1
        return counts


def format_value(value: IndicatorValue) -> str:
    raw = value.value
    unit = value.indicator.unit_of_measure
    if value.indicator.kind == Indicator.Kind.BOOLEAN:
        return "Có" if raw else ("Không" if raw is not None else "—")
    if raw is None or raw == "":
        return "—"
    if isinstance(raw, Decimal):
        text = f"{raw.normalize():f}".replace(".", ",")
    elif isinstance(raw, int):
        text = f"{raw:,}".replace(",", ".")
    else:
        text = " ".join(str(raw).split())
    if unit == "%":
        return f"{text}%"
    return f"{text} {unit}".strip()


def _short(text: str, limit: int) -> str:
    text = " ".join(text.split()).rstrip(".;:")
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _bounds(start: date, end: date) -> tuple[datetime, datetime]:
    return (
        timezone.make_aware(datetime.combine(start, time.min)),
        timezone.make_aware(datetime.combine(end + timedelta(days=1), time.min)),
    )


def checkin_figures(start: date, end: date) -> list[CheckinFigures]:
    """Per unit with a gate: gates, visits in the period, staff who checked in at least once
    (four aggregate queries)."""
    from phongdich.checkin.models import Location, Visit
    from phongdich.org.models import Staff, Unit

    gates = dict(
        Location.objects.filter(is_active=True)
        .values("unit_id")
        .annotate(n=Count("pk"))
        .values_list("unit_id", "n")
    )
    if not gates:
        return []
    lo, hi = _bounds(start, end)
    in_period = Visit.objects.filter(check_in__gte=lo, check_in__lt=hi)
    visits = dict(
        in_period.values("unit_id_snapshot")
        .annotate(n=Count("pk"))
        .values_list("unit_id_snapshot", "n")
    )
    staff = dict(
        Staff.objects.filter(is_active=True, unit_id__in=gates)
        .values("unit_id")
        .annotate(n=Count("pk"))
        .values_list("unit_id", "n")
    )
    checked = dict(
        Staff.objects.filter(is_active=True, unit_id__in=gates)
        .filter(persons__visits__in=in_period)
        .values("unit_id")
        .annotate(n=Count("pk", distinct=True))
        .values_list("unit_id", "n")
    )
    units = Unit.objects.filter(pk__in=gates).order_by("path")
    return [
        CheckinFigures(
            unit=u,
            gates=gates.get(u.pk, 0),
            visits=visits.get(u.pk, 0),
            staff=staff.get(u.pk, 0),
            staff_checked_in=checked.get(u.pk, 0),
        )
        for u in units
    ]


def tracing_figures(start: date, end: date) -> tuple[int, int] | None:
    """Cases opened and contacts traced (by trace runs made) in the period; None when the
    tracing module has never been used."""
    from phongdich.tracing.models import Case, Contact

    if not Case.objects.exists():
        return None
    lo, hi = _bounds(start, end)
    cases = Case.objects.filter(created_at__gte=lo, created_at__lt=hi).count()
    contacts = Contact.objects.filter(
        Q(run__created_at__gte=lo, run__created_at__lt=hi)
        | Q(run__isnull=True, case__created_at__gte=lo, case__created_at__lt=hi)
    ).count()
    return cases, contacts


def compile_data(
    *, directive: Directive, period_start: date, period_end: date, today: date | None = None
) -> CompiledData:
    today = today or today_local()
    if period_end < period_start:
        raise CompileError(["Khoảng thời gian không hợp lệ: “đến ngày” trước “từ ngày”."])
    as_of = min(today, period_end)
    rows = status_rows(
        directive=directive, period_start=period_start, period_end=period_end, today=as_of
    )
    by_task: dict[int, list[StatusRow]] = defaultdict(list)
    tasks: dict[int, Task] = {}
    for row in rows:
        by_task[row.task.pk].append(row)
        tasks[row.task.pk] = row.task
    versions = [r.accepted_version.pk for r in rows if r.accepted_version is not None]
    values: dict[int, list[IndicatorValue]] = defaultdict(list)
    for value in (
        IndicatorValue.objects.filter(version_id__in=versions)
        .select_related("indicator")
        .order_by("indicator__order", "indicator_id")
    ):
        values[value.version_id].append(value)
    full = {
        t.pk: t
        for t in Task.objects.filter(pk__in=tasks)
        .select_related("lead_unit")
        .prefetch_related("supporting_units")
    }
    results = [
        TaskResult(task=full[pk], rows=by_task[pk], values=values)
        for pk in sorted(tasks, key=lambda pk: (tasks[pk].order, pk))
    ]
    data = CompiledData(
        directive=directive,
        period_start=period_start,
        period_end=period_end,
        today=as_of,
        rows=rows,
        tasks=results,
        checkin=checkin_figures(period_start, period_end),
    )
    traced = tracing_figures(period_start, period_end)
    if traced is not None:
        data.cases_opened, data.contacts_traced = traced
    return data


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
        return CompiledReport.objects.create(
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


def compiled_report_update(*, report: CompiledReport, **fields: Any) -> CompiledReport:
    allowed = {
        "number",
        "issued_on",
        "intro",
        "difficulties",
        "proposals",
        "period_start",
        "period_end",
    }
    unknown = set(fields) - allowed
    if unknown:
        raise TypeError(f"cannot update {sorted(unknown)}")
    start = fields.get("period_start", report.period_start)
    end = fields.get("period_end", report.period_end)
    if end < start:
        raise CompileError(["Khoảng thời gian không hợp lệ: “đến ngày” trước “từ ngày”."])
    for name, value in fields.items():
        setattr(report, name, value)
    report.save()
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
