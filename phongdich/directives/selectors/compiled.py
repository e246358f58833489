"""The figures of a compiled report (báo cáo tổng hợp) of a directive for a period, and
the compiled reports a user may read.

``compile_data`` gathers the figures: the status of every unit on every task
(``status.status_rows``: nothing is recomputed here), the accepted results with their
indicator values, and live figures of the other modules (check-in use per unit, cases and
contacts traced). The document itself is made in ``services.compiled``.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from phongdich.directives.errors import CompileError
from phongdich.directives.models import (
    CompiledReport,
    Directive,
    Indicator,
    IndicatorValue,
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
from phongdich.directives.selectors.urging import LateUnit, group_late, urgings_of
from phongdich.documents import format_short_date

ALL_UNITS_LABEL = "Các phòng nghiệp vụ và đơn vị trực thuộc Sở"
LIST_LIMIT = 200


def compiled_reports_visible(*, user: Any) -> QuerySet[CompiledReport]:
    """Office, Admin and Director read every compiled report; nobody else any."""
    if not reads_all(user):
        return CompiledReport.objects.none()
    return CompiledReport.objects.all()


def compiled_report_list(*, user: Any) -> list[CompiledReport]:
    """The latest compiled reports (newest first), with their directive and author."""
    return list(
        compiled_reports_visible(user=user)
        .select_related("directive", "created_by")
        .order_by("-created_at", "-pk")[:LIST_LIMIT]
    )


def compiled_report_get(*, user: Any, pk: int) -> CompiledReport | None:
    return (
        compiled_reports_visible(user=user)
        .select_related("directive", "created_by")
        .filter(pk=pk)
        .first()
    )


def compiled_reports_of(*, directive: Directive) -> list[CompiledReport]:
    return list(directive.compiled_reports.select_related("created_by"))


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
