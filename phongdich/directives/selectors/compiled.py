"""The figures of a compiled report (báo cáo kết quả thực hiện) of a directive for a
period, and the compiled reports a user may read.

``compile_data`` gathers them: the status of every unit on every task (``status.status_rows``:
nothing is recomputed here), combined over the periods into one row per unit and task (the
annex), the accepted results with their indicator values, the reports sent but not yet
accepted, the urging notices and reminders of the period, and the sections of the other
modules (``core.report_sections``), each placed under the item of the directive it serves.
The text is drafted from these in ``directives.drafting``; the document is made in
``services.compiled``.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext

from phongdich.core import report_sections
from phongdich.core.report_sections import SectionContent
from phongdich.directives.errors import CompileError
from phongdich.directives.models import (
    CompiledReport,
    CompiledReportVersion,
    Directive,
    Indicator,
    IndicatorValue,
    ReminderLog,
    Report,
    Task,
    UrgingNotice,
)
from phongdich.directives.selectors.directives import reads_all
from phongdich.directives.selectors.status import (
    STATUS_ORDER,
    StatusRow,
    TaskStatus,
    status_counts,
    status_rows,
    today_local,
)
from phongdich.directives.selectors.urging import LateUnit, group_late, unit_sort_key, urgings_of

ALL_UNITS_LABEL = "Các phòng nghiệp vụ và đơn vị trực thuộc Sở"


def compiled_reports_visible(*, user: Any) -> QuerySet[CompiledReport]:
    """Office, Admin and Director read every compiled report; nobody else any."""
    if not reads_all(user):
        return CompiledReport.objects.none()
    return CompiledReport.objects.all()


def compiled_report_list(*, user: Any) -> QuerySet[CompiledReport]:
    """The compiled reports (newest first), with their directive and author; the view
    pages them (``core.paging``)."""
    return (
        compiled_reports_visible(user=user)
        .select_related("directive", "created_by")
        .order_by("-created_at", "-pk")
    )


def compiled_report_get(*, user: Any, pk: int) -> CompiledReport | None:
    return (
        compiled_reports_visible(user=user)
        .select_related("directive", "created_by", "signer")
        .filter(pk=pk)
        .first()
    )


def compiled_reports_of(*, directive: Directive) -> list[CompiledReport]:
    return list(directive.compiled_reports.select_related("created_by"))


def latest_version(report: CompiledReport) -> CompiledReportVersion | None:
    """The version exported: the latest saved (None for a report not saved yet)."""
    if report.pk is None:
        return None
    return report.versions.order_by("-version").first()


def versions_of(report: CompiledReport) -> list[CompiledReportVersion]:
    return list(report.versions.select_related("created_by").order_by("-version"))


@dataclass(frozen=True)
class FollowUp:
    """The Office's follow-up page of a directive: the status counts as of ``today``, the
    late units, the urging notices sent and the compiled reports made."""

    today: date
    counts: dict[TaskStatus, int]
    late: list[LateUnit]
    urgings: list[UrgingNotice]
    compiled: list[CompiledReport]


def followup_get(*, directive: Directive, today: date | None = None) -> FollowUp:
    today = today or today_local()
    rows = status_rows(directive=directive, today=today)
    return FollowUp(
        today=today,
        counts=status_counts(rows),
        late=group_late(rows),
        urgings=urgings_of(directive=directive),
        compiled=compiled_reports_of(directive=directive),
    )


def worst(statuses: list[TaskStatus]) -> TaskStatus:
    """The least advanced of ``statuses`` (overdue before in progress before done late…)."""
    return min(statuses, key=lambda s: STATUS_ORDER[s])


@dataclass
class UnitTaskResult:
    """One unit on one task over the report's period, its periods combined: one row of
    the annex. The status is the least advanced period's; the completion date is the
    latest period's when every period is done."""

    task: Task
    unit: Any
    role: str
    rows: list[StatusRow]

    @property
    def status(self) -> TaskStatus:
        return worst([row.status for row in self.rows])

    @property
    def done_rows(self) -> list[StatusRow]:
        done = (TaskStatus.DONE_ON_TIME, TaskStatus.DONE_LATE)
        return [row for row in self.rows if row.status in done]

    @property
    def completed_on(self) -> date | None:
        if len(self.done_rows) != len(self.rows):
            return None
        days = [
            row.accepted_version.completed_on
            for row in self.rows
            if row.accepted_version is not None and row.accepted_version.completed_on
        ]
        return max(days) if days else None

    @property
    def pending(self) -> list[StatusRow]:
        """Periods whose report was sent and awaits the Office (not counted as done)."""
        return [
            row
            for row in self.rows
            if row.report is not None and row.report.state == Report.State.SUBMITTED
        ]

    @property
    def returned(self) -> list[StatusRow]:
        return [
            row
            for row in self.rows
            if row.report is not None and row.report.state == Report.State.RETURNED
        ]

    @property
    def note(self) -> str:
        """What the annex notes beside the status: the periods done of a recurring task,
        a report sent and not yet accepted, a report returned."""
        parts = []
        if len(self.rows) > 1 and len(self.done_rows) < len(self.rows):
            parts.append(f"{len(self.done_rows)}/{len(self.rows)} kỳ")
        if self.pending:
            parts.append("báo cáo chờ duyệt")
        if self.returned:
            parts.append("báo cáo bị trả lại")
        text = ", ".join(parts)
        return text[:1].upper() + text[1:]


@dataclass
class TaskResult:
    """A task units report on (a leaf), with its status rows, the indicator values of the
    accepted versions and one ``UnitTaskResult`` per unit."""

    task: Task
    rows: list[StatusRow]
    values: dict[int, list[IndicatorValue]]  # by accepted version id
    units: list[UnitTaskResult] = field(default_factory=list)

    @property
    def status(self) -> TaskStatus:
        """The task's status is its least advanced unit's (overdue before in progress…)."""
        return worst([row.status for row in self.rows])

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

    @property
    def unit_counts(self) -> dict[TaskStatus, int]:
        counts = {status: 0 for status in TaskStatus}
        for unit in self.units:
            counts[unit.status] += 1
        return counts

    @property
    def periods(self) -> int:
        """How many periods each unit reports for in the report's period."""
        return max((len(u.rows) for u in self.units), default=0)

    def latest_accepted(self) -> list[tuple[Any, Any]]:
        """(unit, the accepted version of its latest period that has one), by unit."""
        found = []
        for unit in self.units:
            versions = [r.accepted_version for r in unit.rows if r.accepted_version is not None]
            if versions:
                found.append((unit.unit, versions[-1]))
        return found

    def unit_version(self, unit: UnitTaskResult) -> Any:
        """The accepted version of the unit's latest period that has one (None: none)."""
        versions = [r.accepted_version for r in unit.rows if r.accepted_version is not None]
        return versions[-1] if versions else None

    def unit_result(self, unit: UnitTaskResult) -> str:
        """The unit's latest accepted result and its figures, as one text."""
        version = self.unit_version(unit)
        if version is None:
            return ""
        pieces = [" ".join(version.narrative.split())] if version.narrative.strip() else []
        for value in self.values.get(version.pk, []):
            pieces.append(f"{value.indicator.name}: {format_value(value)}")
        return "; ".join(p.rstrip(".;") for p in pieces) + ("." if pieces else "")

    def unit_issues(self, unit: UnitTaskResult) -> str:
        version = self.unit_version(unit)
        if version is None:
            return ""
        texts = [version.difficulties, version.proposals]
        text = "; ".join(" ".join(t.split()).rstrip(".;") for t in texts if t and t.strip())
        return f"{text}." if text else ""

    def result_text(self) -> str:
        """Each unit's latest accepted result and figures, a line per unit."""
        parts = []
        for unit, version in self.latest_accepted():
            pieces = [" ".join(version.narrative.split())] if version.narrative.strip() else []
            for value in self.values.get(version.pk, []):
                pieces.append(f"{value.indicator.name}: {format_value(value)}")
            if pieces:
                parts.append(f"{unit.name}: {'; '.join(p.rstrip('.;') for p in pieces)}.")
        return "\n".join(parts)

    def issues_text(self) -> str:
        parts = []
        for unit, version in self.latest_accepted():
            texts = [version.difficulties, version.proposals]
            text = "; ".join(" ".join(t.split()).rstrip(".;") for t in texts if t and t.strip())
            if text:
                parts.append(f"{unit.name}: {text}.")
        return "\n".join(parts)


@dataclass
class ItemResult:
    """A numbered item of the directive ("1" … "8"): its reportable tasks (the item
    itself, or its sub-items such as 8.1–8.5) and the module sections placed under it."""

    task: Task
    leaves: list[TaskResult]
    sections: list[str] = field(default_factory=list)

    @property
    def key(self) -> str:
        return f"item:{self.task.number}"

    @property
    def text(self) -> str:
        """The item's text and its sub-items' (what a module's keywords are matched in)."""
        return " ".join([self.task.content, *(leaf.task.content for leaf in self.leaves)])


@dataclass
class CompiledData:
    directive: Directive
    period_start: date
    period_end: date
    today: date
    rows: list[StatusRow]
    tasks: list[TaskResult]
    items: list[ItemResult] = field(default_factory=list)
    sections: dict[str, SectionContent] = field(default_factory=dict)
    section_titles: dict[str, str] = field(default_factory=dict)
    urgings: list[UrgingNotice] = field(default_factory=list)
    reminders: int = 0

    @property
    def counts(self) -> dict[TaskStatus, int]:
        return status_counts(self.rows)

    @property
    def task_counts(self) -> dict[TaskStatus, int]:
        counts = {status: 0 for status in TaskStatus}
        for result in self.tasks:
            counts[result.status] += 1
        return counts

    @property
    def unit_tasks(self) -> list[UnitTaskResult]:
        """One per unit and task, in the order of the tasks: the annex rows."""
        return [unit for result in self.tasks for unit in result.units]

    @property
    def unit_counts(self) -> dict[TaskStatus, int]:
        counts = {status: 0 for status in TaskStatus}
        for unit in self.unit_tasks:
            counts[unit.status] += 1
        return counts

    @property
    def units(self) -> list[Any]:
        seen: dict[int, Any] = {}
        for unit in self.unit_tasks:
            seen.setdefault(unit.unit.pk, unit.unit)
        return sorted(seen.values(), key=unit_sort_key)

    @property
    def reports(self) -> list[Report]:
        return [row.report for row in self.rows if row.report is not None]

    def reports_in(self, *states: str) -> list[Report]:
        return [r for r in self.reports if r.state in states]


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


def place_sections(items: list[ItemResult]) -> None:
    """Each registered module under the one item it serves best (first on a tie)."""
    for provider in report_sections.providers():
        best: tuple[int, int] | None = None
        for index, item in enumerate(items):
            score = report_sections.match_score(provider, item.text)
            if score and (best is None or score > best[0]):
                best = (score, index)
        if best is not None:
            items[best[1]].sections.append(provider.key)


def _unit_results(task: Task, rows: list[StatusRow]) -> list[UnitTaskResult]:
    by_unit: dict[int, list[StatusRow]] = defaultdict(list)
    for row in rows:
        by_unit[row.unit.pk].append(row)
    results = [
        UnitTaskResult(task=task, unit=unit_rows[0].unit, role=unit_rows[0].role, rows=unit_rows)
        for unit_rows in by_unit.values()
    ]
    role_order = {"lead": 0, "support": 1}
    results.sort(key=lambda u: (role_order.get(u.role, 2), unit_sort_key(u.unit)))
    for result in results:
        result.rows.sort(key=lambda r: r.period.start)
    return results


def compile_data(
    *,
    directive: Directive,
    period_start: date,
    period_end: date,
    today: date | None = None,
    with_sections: bool = True,
) -> CompiledData:
    today = today or today_local()
    if period_end < period_start:
        raise CompileError([gettext("Khoảng thời gian không hợp lệ: “đến ngày” trước “từ ngày”.")])
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
    every = list(
        Task.objects.filter(directive=directive)
        .exclude(state=Task.State.CANCELLED)
        .select_related("lead_unit")
        .prefetch_related("supporting_units")
        .order_by("order", "pk")
    )
    full = {t.pk: t for t in every}
    results = {
        pk: TaskResult(
            task=full[pk],
            rows=by_task[pk],
            values=values,
            units=_unit_results(full[pk], by_task[pk]),
        )
        for pk in tasks
        if pk in full
    }
    ordered = [results[t.pk] for t in every if t.pk in results]
    items: list[ItemResult] = []
    for task in every:
        if task.parent_id is not None:
            continue
        leaves = [results[t.pk] for t in every if t.pk in results and t.parent_id == task.pk]
        if task.pk in results:
            leaves.insert(0, results[task.pk])
        if leaves:
            items.append(ItemResult(task=task, leaves=leaves))
    data = CompiledData(
        directive=directive,
        period_start=period_start,
        period_end=period_end,
        today=as_of,
        rows=rows,
        tasks=ordered,
        items=items,
        urgings=[
            u for u in urgings_of(directive=directive) if period_start <= u.issued_on <= period_end
        ],
        reminders=ReminderLog.objects.filter(
            assignment__task__directive=directive,
            sent_on__gte=period_start,
            sent_on__lte=period_end,
        ).count(),
    )
    if with_sections:
        place_sections(items)
        for provider in report_sections.providers():
            data.section_titles[provider.key] = provider.title
        for item in items:
            for key in item.sections:
                content = report_sections.build_section(key, period_start, period_end)
                if content is not None:
                    data.sections[key] = content
    return data
