"""How far each unit has got with each task, as the government counts it.

The four categories are ``phongdich.documents.TaskStatus`` (one enum for the dashboard,
the compiled report and the .docx/.xlsx tables):

* ``DONE_ON_TIME`` — đã hoàn thành đúng hạn
* ``DONE_LATE`` — đã hoàn thành quá hạn
* ``IN_PROGRESS`` — đang thực hiện trong hạn
* ``OVERDUE`` — quá hạn chưa hoàn thành

Nothing is stored: the status is computed from the reports. The rules:

1. **Who is counted.** One row per ``TaskAssignment`` with ``must_report`` (the set of
   units frozen when the directive was issued) and per reporting period. Tasks that are
   cancelled are left out; group headings have no assignments, so they never appear.
2. **Which report counts: the accepted one only.** A report counts once the Office has
   accepted it (``Report.state == accepted``; its ``current_version`` is then the accepted
   version, and an accepted report is final). A draft, a submitted report not yet reviewed
   and a returned report count as *not done*, whatever they say: the Office has not
   confirmed them yet. (The dashboard shows the report's state beside the status.)
3. **Done.** The accepted version says ``progress == done``. It is *on time* when
   ``completed_on <= due_on`` **and** the report was first submitted (``first_submitted_at``,
   as a date in Asia/Ho_Chi_Minh) on or before ``due_on``; otherwise it is *late*: a
   completion the Department only heard of after the deadline is counted late, so that a
   completion date written afterwards cannot turn a late report into an on-time one.
   A report returned for corrections and sent again after the deadline keeps its first
   submission date. ``completed_on`` is required for ``done`` (missing: the first
   submission date is used).
4. **Not done** (no accepted report, or accepted with ``in_progress`` / ``not_started``):
   *in progress* while ``today <= due_on`` (the due day itself is still in time),
   *overdue* from the day after ``due_on``.
5. ``days_overdue``: overdue → ``today - due_on``; done late → ``completion - due_on`` where
   completion is the later of ``completed_on`` and the first submission date; else 0.
6. **Today** is ``timezone.localdate()`` in Asia/Ho_Chi_Minh unless given.

**Periods** (``periods_for``): a ``once`` task has one period, from the directive's date
(``issued_on``) to the task's ``deadline``, due on the deadline. A ``weekly`` task reports
for every calendar week (Monday–Sunday) and a ``monthly`` task for every calendar month,
from the period containing the directive's date up to the period containing the task's
``deadline`` (the end of the obligation); each period is due on its last day, or on the
deadline when that falls earlier (the last period). ``period_start`` is the calendar start
of the period (a Monday, the 1st), which is also ``Report.period_start``. A recurring task
without a deadline runs on without end (callers bound it with ``end``).
"""

from __future__ import annotations

import calendar
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from itertools import groupby
from typing import Any, NamedTuple
from zoneinfo import ZoneInfo

from django.db.models import Prefetch, QuerySet
from django.db.models.functions import Coalesce, TruncDate
from django.utils import timezone

from phongdich.directives.models import Directive, Report, ReportVersion, Task, TaskAssignment
from phongdich.documents.nd30 import TaskStatus
from phongdich.org.models import Unit

__all__ = [
    "STATUS_CSS",
    "STATUS_ORDER",
    "TZ",
    "Period",
    "StatusFact",
    "StatusRow",
    "TaskStatus",
    "assignment_status",
    "current_period",
    "local_date",
    "period_containing",
    "periods_for",
    "status_counts",
    "status_facts",
    "status_of",
    "status_rows",
    "today_local",
]

TZ = ZoneInfo("Asia/Ho_Chi_Minh")

# Overdue first: the order the dashboard sorts by.
STATUS_ORDER = {
    TaskStatus.OVERDUE: 0,
    TaskStatus.IN_PROGRESS: 1,
    TaskStatus.DONE_LATE: 2,
    TaskStatus.DONE_ON_TIME: 3,
}
# CSS classes (static/css/app.css): colour AND a text label, never colour alone.
STATUS_CSS = {
    TaskStatus.DONE_ON_TIME: "status-done-on-time",
    TaskStatus.DONE_LATE: "status-done-late",
    TaskStatus.IN_PROGRESS: "status-in-progress",
    TaskStatus.OVERDUE: "status-overdue",
}
# Short keys for URLs (filters): ?status=overdue
STATUS_KEYS = {
    "done_on_time": TaskStatus.DONE_ON_TIME,
    "done_late": TaskStatus.DONE_LATE,
    "in_progress": TaskStatus.IN_PROGRESS,
    "overdue": TaskStatus.OVERDUE,
}


# What a list of status rows reads of a report and its accepted version (``lean``).
LEAN_REPORT_FIELDS = (
    "id",
    "task_id",
    "unit_id",
    "period_start",
    "period_end",
    "state",
    "submitted_at",
    "first_submitted_at",
    "current_version__id",
    "current_version__progress",
    "current_version__completed_on",
)


def today_local() -> date:
    return timezone.localdate(timezone=TZ)


def local_date(moment: datetime | None) -> date | None:
    if moment is None:
        return None
    return timezone.localtime(moment, TZ).date()


@dataclass(frozen=True)
class Period:
    """One reporting period of a task: ``start``–``end`` inclusive, due on ``due_on``."""

    start: date
    end: date
    due_on: date | None


def _anchor(task: Task) -> date:
    issued_on = task.directive.issued_on
    if issued_on is not None:
        return issued_on
    if task.deadline is not None:
        return task.deadline
    return local_date(task.created_at) or today_local()


def _next_start(recurrence: str, start: date) -> date:
    if recurrence == Task.Recurrence.WEEKLY:
        return start + timedelta(days=7)
    return (start.replace(day=28) + timedelta(days=4)).replace(day=1)


def period_containing(task: Task, day: date) -> Period:
    """The period of a recurring task that contains ``day`` (the only one for ``once``)."""
    if task.recurrence == Task.Recurrence.WEEKLY:
        start = day - timedelta(days=day.weekday())
        end = start + timedelta(days=6)
    elif task.recurrence == Task.Recurrence.MONTHLY:
        start = day.replace(day=1)
        end = day.replace(day=calendar.monthrange(day.year, day.month)[1])
    else:
        anchor = _anchor(task)
        return Period(anchor, max(anchor, task.deadline or anchor), task.deadline)
    due = end if task.deadline is None else min(end, task.deadline)
    return Period(start, end, due)


def _all_periods(task: Task) -> Iterator[Period]:
    if task.recurrence not in (Task.Recurrence.WEEKLY, Task.Recurrence.MONTHLY):
        yield period_containing(task, _anchor(task))
        return
    period = period_containing(task, _anchor(task))
    while task.deadline is None or period.start <= task.deadline:
        yield period
        period = period_containing(task, _next_start(task.recurrence, period.start))


def periods_for(task: Task, *, start: date | None = None, end: date | None = None) -> list[Period]:
    """The periods of ``task`` overlapping ``start``–``end`` (either open when None).

    A recurring task without a deadline needs ``end`` (else only the current period)."""
    if task.recurrence in (Task.Recurrence.WEEKLY, Task.Recurrence.MONTHLY):
        if task.deadline is None and end is None:
            end = today_local()
    periods: list[Period] = []
    for period in _all_periods(task):
        if end is not None and period.start > end:
            break
        if start is not None and period.end < start:
            continue
        periods.append(period)
    return periods


def status_of(*, due_on: date | None, report: Report | None, today: date) -> tuple[TaskStatus, int]:
    """The status and days overdue for one period, given its report (or None). Reads
    ``report.current_version``, which the caller should have fetched with the report."""
    version = accepted_version(report)
    if version is not None and version.progress == ReportVersion.Progress.DONE:
        assert report is not None
        return _done_status(
            due_on=due_on,
            first_sent=local_date(report.first_submitted_at or report.submitted_at),
            completed_on=version.completed_on,
            today=today,
        )
    return _open_status(due_on=due_on, today=today)


def _done_status(
    *, due_on: date | None, first_sent: date | None, completed_on: date | None, today: date
) -> tuple[TaskStatus, int]:
    """Rules 3 and 5 for a period whose accepted version says ``done``."""
    completion = completed_on or first_sent or today
    known_on = max(completion, first_sent) if first_sent else completion
    if due_on is None or known_on <= due_on:
        return TaskStatus.DONE_ON_TIME, 0
    return TaskStatus.DONE_LATE, (known_on - due_on).days


def _open_status(*, due_on: date | None, today: date) -> tuple[TaskStatus, int]:
    """Rules 4 and 5 for a period not done (no accepted ``done`` version)."""
    if due_on is None or today <= due_on:
        return TaskStatus.IN_PROGRESS, 0
    return TaskStatus.OVERDUE, (today - due_on).days


def accepted_version(report: Report | None) -> ReportVersion | None:
    if report is None or report.state != Report.State.ACCEPTED:
        return None
    return report.current_version


def submitted_late(report: Report | None, due_on: date | None) -> bool:
    """First sent after the due date ("nộp muộn"); never sent and past due is not counted."""
    if report is None or due_on is None:
        return False
    return _sent_after(local_date(report.first_submitted_at), due_on)


def _sent_after(first_sent: date | None, due_on: date | None) -> bool:
    return first_sent is not None and due_on is not None and first_sent > due_on


def current_period(task: Task, today: date | None = None) -> Period:
    """The period a unit reports for by default: the only one of a ``once`` task; for a
    recurring task the one containing ``today`` (the first before it begins, the last
    once the deadline has passed)."""
    if task.recurrence == Task.Recurrence.ONCE:
        return periods_for(task)[0]
    day = today or today_local()
    if task.deadline is not None:
        day = min(day, task.deadline)
    return period_containing(task, max(day, _anchor(task)))


def assignment_status(
    assignment: TaskAssignment, *, period_start: date | None = None, today: date | None = None
) -> TaskStatus:
    """The status of one unit on one task for the period starting ``period_start`` (default:
    the only period of a ``once`` task, the period containing ``today`` for a recurring one,
    or its last period once the deadline has passed)."""
    today = today or today_local()
    task = assignment.task
    if period_start is not None:
        period = period_containing(task, period_start)
    else:
        period = current_period(task, today)
    report = (
        Report.objects.select_related("current_version")
        .filter(task_id=task.pk, unit_id=assignment.unit_id, period_start=period.start)
        .first()
    )
    return status_of(due_on=period.due_on, report=report, today=today)[0]


@dataclass(frozen=True)
class StatusRow:
    """One unit on one task for one period, with what the dashboard and the compiled
    report need. ``report`` is the Report of that period (any state) or None;
    ``accepted_version`` is the version that counts (None until the Office accepts)."""

    assignment: TaskAssignment
    task: Task
    unit: Any  # org.Unit
    role: str
    period: Period
    due_on: date | None
    report: Report | None
    accepted_version: ReportVersion | None
    status: TaskStatus
    days_overdue: int
    submitted_late: bool

    @property
    def css(self) -> str:
        return STATUS_CSS[self.status]

    @property
    def role_label(self) -> str:
        return str(TaskAssignment.Role(self.role).label)

    @property
    def report_state_label(self) -> str:
        if self.report is None:
            return ""
        return str(Report.State(self.report.state).label)


# What ``status_facts`` reads of a task and its directive: the periods, the labels, the
# references, the chart's subject (the pages' pinned query counts would show a field
# read later, one query per task).
FACT_FIELDS = (
    "id",
    "directive",
    "number",
    "order",
    "title",
    "content",
    "deadline",
    "recurrence",
    "state",
    "created_at",
)
FACT_DIRECTIVE_FIELDS = ("id", "number", "symbol", "issued_on", "state", "subject")


class _LocalDate(TruncDate):
    """``TruncDate`` without its own converter, which does nothing to a date (it only
    makes a truncated date-time aware): a row of dates with no converter is returned as
    the driver gives it, not copied and converted value by value. The backend's own
    converter stays (SQLite's text to date)."""

    def get_db_converters(self, connection: Any) -> list[Any]:
        return list(self.output_field.get_db_converters(connection))


def _assignments(
    *, directive: Any, units: Iterable[Any] | QuerySet[Any] | None
) -> QuerySet[TaskAssignment]:
    """The assignments that are counted (rule 1) of ``directive`` (None: of every issued
    or closed directive), narrowed to ``units``."""
    assignments = TaskAssignment.objects.filter(must_report=True).exclude(
        task__state=Task.State.CANCELLED
    )
    if directive is not None:
        assignments = assignments.filter(task__directive=directive)
    else:
        assignments = assignments.filter(
            task__directive__state__in=[Directive.State.ISSUED, Directive.State.CLOSED]
        )
    if units is not None:
        assignments = assignments.filter(unit__in=units)
    return assignments


def status_rows(
    *,
    directive: Any = None,
    period_start: date | None = None,
    period_end: date | None = None,
    today: date | None = None,
    units: Iterable[Any] | QuerySet[Any] | None = None,
    lean: bool = False,
) -> list[StatusRow]:
    """One row per (assignment with must_report, period) of ``directive`` (a Directive, or
    None for every issued/closed directive), in a constant number of queries (three).

    Periods overlapping ``period_start``–``period_end``; ``period_end`` defaults to today,
    so periods that have not begun yet are not listed. ``units`` narrows to those units.
    ``lean``: the reports and their accepted versions carry only what the status and a
    list need (state, dates, progress), not their texts (the dashboard's thousand rows).
    Sorted by directive, task order, period, role (lead first), unit path."""
    today = today or today_local()
    end = period_end or today
    assignments = _assignments(directive=directive, units=units)
    assignments = assignments.select_related("unit").order_by(
        "task__directive_id", "task__order", "task_id", "unit__path"
    )
    assignment_list = list(assignments)
    if not assignment_list:
        return []
    # The tasks (with their directive and lead unit) once each, not once per assignment:
    # at a thousand rows, building a Task and a Directive for every row cost more than
    # the rest of the page.
    tasks = {
        task.pk: task
        for task in Task.objects.filter(pk__in={a.task_id for a in assignment_list}).select_related(
            "directive", "lead_unit"
        )
    }
    for assignment in assignment_list:
        assignment.task = tasks[assignment.task_id]
    reports = Report.objects.filter(
        task_id__in={a.task_id for a in assignment_list},
        unit_id__in={a.unit_id for a in assignment_list},
        period_start__lte=end,
    ).select_related("current_version")
    if lean:
        reports = reports.only(*LEAN_REPORT_FIELDS)
    if period_start is not None:
        reports = reports.filter(period_end__gte=period_start)
    by_key = {(r.task_id, r.unit_id, r.period_start): r for r in reports}
    role_order: dict[str, int] = {"lead": 0, "support": 1}
    rows: list[StatusRow] = []
    period_cache: dict[int, list[Period]] = {}
    for assignment in assignment_list:
        task = assignment.task
        if task.pk not in period_cache:
            period_cache[task.pk] = periods_for(task, start=period_start, end=end)
        for period in period_cache[task.pk]:
            report = by_key.get((task.pk, assignment.unit_id, period.start))
            status, days = status_of(due_on=period.due_on, report=report, today=today)
            rows.append(
                StatusRow(
                    assignment=assignment,
                    task=task,
                    unit=assignment.unit,
                    role=assignment.role,
                    period=period,
                    due_on=period.due_on,
                    report=report,
                    accepted_version=accepted_version(report),
                    status=status,
                    days_overdue=days,
                    submitted_late=submitted_late(report, period.due_on),
                )
            )
    rows.sort(
        key=lambda r: (
            r.task.directive_id,
            r.task.order,
            r.task.pk,
            r.period.start,
            role_order.get(r.role, 2),
            r.unit.path,
        )
    )
    return rows


class StatusFact(NamedTuple):
    """One row of ``status_facts``: what a ``StatusRow`` says, without model instances of
    its own. ``task`` (with its ``directive``) and ``unit`` are shared by every fact that
    names them; the report is its id and state (the dashboard links to it)."""

    task: Task
    unit: Any  # org.Unit
    role: str
    period: Period
    status: TaskStatus
    days_overdue: int
    report_id: int | None
    report_state: str  # "" without a report
    submitted_late: bool

    @property
    def due_on(self) -> date | None:
        return self.period.due_on

    @property
    def css(self) -> str:
        return STATUS_CSS[self.status]

    @property
    def role_label(self) -> str:
        return str(TaskAssignment.Role(self.role).label)

    @property
    def report_state_label(self) -> str:
        return str(Report.State(self.report_state).label) if self.report_state else ""


def status_facts(
    *,
    directive: Any = None,
    period_start: date | None = None,
    period_end: date | None = None,
    today: date | None = None,
    units: Iterable[Any] | QuerySet[Any] | None = None,
) -> list[StatusFact]:
    """The rows of ``status_rows`` (the same arguments, rules, rows and order) as
    ``StatusFact`` tuples, in four queries whatever the number of rows: the tasks with
    their directive, the units (none when ``units`` is a list of units: those are used),
    and the assignments and the reports read as plain values.
    No model instance per row: the pages that count or show a page of rows (the status
    dashboard, the home blocks and tiles) read these; the compiled report, the urging
    notices and the reminders, which need the reports' texts, read ``status_rows``."""
    today = today or today_local()
    end = period_end or today
    counted = _assignments(directive=directive, units=units)
    assignments = list(
        counted.order_by("task__directive_id", "task__order", "task_id", "unit__path").values_list(
            "task_id", "unit_id", "role"
        )
    )
    if not assignments:
        return []
    unit_ids = {a[1] for a in assignments}
    # The tasks and the reports are chosen by the assignments' own query as a sub-query,
    # not by a list of hundreds of task ids: the list's parameters cost more to send
    # than the sub-query to run. Each directive is one instance however many tasks it
    # has (prefetched, not joined), with only what a reader of a fact uses (not the
    # timestamps but the task's creation, which anchors a task without dates).
    counted_tasks = counted.values("task_id")
    tasks = {
        task.pk: task
        for task in Task.objects.filter(pk__in=counted_tasks)
        .order_by()
        .only(*FACT_FIELDS)
        .prefetch_related(Prefetch("directive", Directive.objects.only(*FACT_DIRECTIVE_FIELDS)))
    }
    if isinstance(units, list | tuple) and all(isinstance(unit, Unit) for unit in units):
        unit_by_id = {unit.pk: unit for unit in units}  # the caller's own: no query
    else:
        unit_by_id = {unit.pk: unit for unit in Unit.objects.filter(pk__in=unit_ids)}
    reports = Report.objects.filter(
        task_id__in=counted_tasks, unit_id__in=unit_ids, period_start__lte=end
    ).order_by()  # read into a map: the model's order (a join on the unit) is not needed
    if period_start is not None:
        reports = reports.filter(period_end__gte=period_start)
    # The submission dates as Vietnamese dates, in SQL (rule 3): no timestamp is
    # converted in Python, one per report and two per row before.
    reports = reports.annotate(
        first_sent=_LocalDate("first_submitted_at", tzinfo=TZ),
        sent=_LocalDate(Coalesce("first_submitted_at", "submitted_at"), tzinfo=TZ),
    )
    by_key: dict[tuple[int, int, date], list[Any]] = {
        (task_id, unit_id, start): rest
        for task_id, unit_id, start, *rest in reports.values_list(
            "task_id",
            "unit_id",
            "period_start",
            "id",
            "state",
            "first_sent",
            "sent",
            "current_version__progress",
            "current_version__completed_on",
        )
    }
    # The assignments come by directive, task and unit path: each task's run is put in
    # role order (lead first; stable, so by path within a role), and its facts go out
    # period by period: the order of status_rows without sorting every row.
    accepted, done = Report.State.ACCEPTED, ReportVersion.Progress.DONE
    role_order: dict[str, int] = {"lead": 0, "support": 1}
    facts: list[StatusFact] = []
    append = facts.append
    for task_id, run in groupby(assignments, key=lambda a: a[0]):
        task = tasks[task_id]
        members = sorted(run, key=lambda a: role_order.get(a[2], 2))
        for period in periods_for(task, start=period_start, end=end):
            due_on = period.due_on
            open_status, open_days = _open_status(due_on=due_on, today=today)
            for _, unit_id, role in members:
                report = by_key.get((task_id, unit_id, period.start))
                if report is None:
                    append(
                        StatusFact(
                            task,
                            unit_by_id[unit_id],
                            role,
                            period,
                            open_status,
                            open_days,
                            None,
                            "",
                            False,
                        )
                    )
                    continue
                report_id, state, first_sent, sent, progress, completed_on = report
                if state == accepted and progress == done:
                    status, days = _done_status(
                        due_on=due_on,
                        first_sent=sent,
                        completed_on=completed_on,
                        today=today,
                    )
                else:
                    status, days = open_status, open_days
                append(
                    StatusFact(
                        task,
                        unit_by_id[unit_id],
                        role,
                        period,
                        status,
                        days,
                        report_id,
                        state,
                        _sent_after(first_sent, due_on),
                    )
                )
    return facts


def status_counts(rows: Iterable[StatusRow | StatusFact]) -> dict[TaskStatus, int]:
    """How many rows fall in each category, every category present (0 included)."""
    counts = Counter(row.status for row in rows)
    return {status: counts.get(status, 0) for status in TaskStatus}
