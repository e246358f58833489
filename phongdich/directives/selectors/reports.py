"""Reads of unit reports and of the status dashboard, scoped to the user.

* Office and Admin read every report and may write one on behalf of any unit that must
  report; the Director reads every report.
* A unit head reads and writes the reports of the units in
  ``visible_units(user, roles={UNIT_HEAD})`` only; another unit's report is not found (404).
* Nobody else reads any.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import IO, Any

from django.db.models import Prefetch, QuerySet

from phongdich.core.audit import audit
from phongdich.core.permissions import has_role
from phongdich.core.roles import Role
from phongdich.directives.models import (
    Directive,
    Indicator,
    IndicatorValue,
    Report,
    ReportAttachment,
    ReportVersion,
    Task,
    TaskAssignment,
)
from phongdich.directives.selectors.directives import (
    MANAGE_ROLES,
    can_manage,
    head_units,
    reads_all,
)
from phongdich.directives.selectors.status import (
    STATUS_ORDER,
    StatusFact,
    StatusRow,
    TaskStatus,
    status_facts,
    status_rows,
    today_local,
)
from phongdich.org.models import Unit

WRITE_ROLES = MANAGE_ROLES | {Role.UNIT_HEAD}


_UNITS_ATTR = "_directives_report_units"


def report_units(user: Any) -> QuerySet[Unit] | None:
    """The units whose reports ``user`` reads: None means every unit. Kept on the user
    object for the request (like its roles), so a page asks for it once."""
    if hasattr(user, _UNITS_ATTR):
        cached: QuerySet[Unit] | None = getattr(user, _UNITS_ATTR)
        return cached
    units: QuerySet[Unit] | None
    if reads_all(user):
        units = None
    elif has_role(user, Role.UNIT_HEAD):
        units = head_units(user)
    else:
        units = Unit.objects.none()
    setattr(user, _UNITS_ATTR, units)
    return units


def writable_assignment(*, user: Any, task_pk: int, unit_pk: int) -> TaskAssignment | None:
    """The assignment ``user`` may report on (None ⇒ 404): a unit that must report on a
    task of an issued directive; the Office and Admin for any unit, a unit head for theirs."""
    assignments = TaskAssignment.objects.filter(
        task_id=task_pk,
        unit_id=unit_pk,
        must_report=True,
        task__directive__state=Directive.State.ISSUED,
    ).exclude(task__state=Task.State.CANCELLED)
    if not can_manage(user):
        if not has_role(user, Role.UNIT_HEAD):
            return None
        assignments = assignments.filter(unit__in=head_units(user))
    return assignments.select_related("task", "task__directive", "unit").first()


def report_for(*, assignment: TaskAssignment, period_start: date) -> Report | None:
    return (
        Report.objects.select_related("current_version")
        .filter(task_id=assignment.task_id, unit_id=assignment.unit_id, period_start=period_start)
        .first()
    )


def task_indicators(*, task: Task) -> list[Indicator]:
    return list(task.indicators.order_by("order", "pk"))


def reports_visible(*, user: Any) -> QuerySet[Report]:
    units = report_units(user)
    reports = Report.objects.all()
    return reports if units is None else reports.filter(unit__in=units)


def report_get(*, user: Any, pk: int) -> Report | None:
    return (
        reports_visible(user=user)
        .select_related("task", "task__directive", "unit", "current_version", "reviewed_by")
        .filter(pk=pk)
        .first()
    )


def report_versions(*, report: Report) -> list[ReportVersion]:
    """Every version, oldest first, with values, attachments and who did what."""
    return list(
        report.versions.select_related("created_by", "submitted_by", "reviewed_by")
        .prefetch_related(
            Prefetch(
                "values",
                queryset=IndicatorValue.objects.select_related("indicator").order_by(
                    "indicator__order", "indicator_id"
                ),
            ),
            Prefetch("attachments", queryset=ReportAttachment.objects.order_by("pk")),
        )
        .order_by("version")
    )


def attachment_get(*, user: Any, pk: int) -> ReportAttachment | None:
    attachments = ReportAttachment.objects.select_related("version__report")
    units = report_units(user)
    if units is not None:
        attachments = attachments.filter(version__report__unit__in=units)
    return attachments.filter(pk=pk).first()


def report_attachment_open(
    *, user: Any, attachment: ReportAttachment, ip: str | None = None
) -> IO[bytes] | None:
    """The attached file opened for reading (None: the file is gone); audited."""
    try:
        handle = attachment.file.open("rb")
    except FileNotFoundError:
        return None
    audit(None, "directives.report.attachment.download", actor=user, ip=ip, obj=attachment)
    return handle


def report_version_get(*, report: Report, version: int) -> ReportVersion | None:
    """A version of ``report`` (reached through ``report_get``, so already in scope)."""
    return report.versions.filter(version=version).first()


def directives_with_rows(*, user: Any) -> QuerySet[Directive]:
    """Issued and closed directives the user may follow (for the filter)."""
    directives = Directive.objects.filter(
        state__in=[Directive.State.ISSUED, Directive.State.CLOSED]
    )
    units = report_units(user)
    if units is not None:
        directives = directives.filter(tasks__assignments__unit__in=units).distinct()
    return directives.order_by("-issued_on", "-number", "-pk")


def dashboard_units(*, user: Any) -> QuerySet[Unit]:
    units = report_units(user)
    base = Unit.objects.filter(task_assignments__must_report=True).distinct()
    if units is not None:
        base = base.filter(pk__in=units.values("pk"))
    return base.order_by("path")


def _sort_key(row: StatusRow | StatusFact) -> tuple[Any, ...]:
    return (
        STATUS_ORDER[row.status],
        -row.days_overdue,
        row.due_on or date.max,
        row.task.directive_id,
        row.task.order,
        row.unit.path,
    )


def dashboard_rows(
    *,
    user: Any,
    directive: Directive | None = None,
    units: Iterable[Unit] | None = None,
    status: TaskStatus | None = None,
    today: date | None = None,
) -> list[StatusRow]:
    """Status rows the user may see, overdue first (most days overdue first), then in
    progress, done late, done on time."""
    scope = report_units(user)
    if units is not None:
        chosen = [unit.pk for unit in units]
        scope = (scope if scope is not None else Unit.objects.all()).filter(pk__in=chosen)
    rows = status_rows(directive=directive, units=scope, today=today or today_local(), lean=True)
    if status is not None:
        rows = [row for row in rows if row.status == status]
    return sorted(rows, key=_sort_key)


def dashboard_facts(
    *,
    user: Any,
    directive: Directive | None = None,
    units: Iterable[Unit] | None = None,
    status: TaskStatus | None = None,
    today: date | None = None,
    ordered: bool = True,
) -> list[StatusFact]:
    """``dashboard_rows`` as ``StatusFact`` tuples (the same rows, scope and order): what
    the status dashboard, the unit head's block and the Director's tiles read.
    ``ordered=False``: in ``status_facts``' order (for a reader that only counts)."""
    scope = report_units(user)
    if units is not None:
        chosen = [unit.pk for unit in units]
        scope = (scope if scope is not None else Unit.objects.all()).filter(pk__in=chosen)
    facts = status_facts(directive=directive, units=scope, today=today or today_local())
    if status is not None:
        facts = [fact for fact in facts if fact.status == status]
    return sorted(facts, key=_sort_key) if ordered else facts


def my_rows(*, user: Any, today: date | None = None) -> list[StatusRow]:
    """The "Báo cáo của đơn vị" list: the user's units' rows of issued directives."""
    return [
        row
        for row in dashboard_rows(user=user, today=today)
        if row.task.directive.state == Directive.State.ISSUED
    ]


# The home page (core.mine) ------------------------------------------------------------

OPEN_STATUSES = (TaskStatus.OVERDUE, TaskStatus.IN_PROGRESS)


def unit_open_rows(*, unit: Unit, today: date | None = None) -> list[StatusFact]:
    """What ``unit`` (a staff member's own unit) still has to do on issued directives:
    its overdue and in-progress rows, most overdue first (``status_facts``' queries)."""
    rows = status_facts(units=[unit], today=today or today_local())
    return sorted(
        (
            row
            for row in rows
            if row.status in OPEN_STATUSES and row.task.directive.state == Directive.State.ISSUED
        ),
        key=_sort_key,
    )
