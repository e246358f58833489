"""Who is late on a directive (what a công văn đôn đốc lists), and the urging notices a
user may read.

"Late" is ``TaskStatus.OVERDUE`` (past the due date, no accepted "done" report), for
every period up to today; status comes from ``status.status_rows``.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from typing import IO, Any

from django.db.models import Q, QuerySet
from django.utils.translation import gettext, gettext_noop, ngettext

from phongdich.core.audit import audit
from phongdich.core.permissions import has_role
from phongdich.core.roles import Role
from phongdich.directives.models import Directive, Report, UrgingNotice
from phongdich.directives.selectors.directives import head_units, reads_all
from phongdich.directives.selectors.status import (
    StatusRow,
    TaskStatus,
    status_rows,
    today_local,
)

FORMATS = ("docx", "pdf")


def late_rows(*, directive: Directive, today: date | None = None) -> list[StatusRow]:
    """Every unit's overdue task (each period) of ``directive`` as of ``today``."""
    today = today or today_local()
    rows = status_rows(directive=directive, today=today)
    return [row for row in rows if row.status == TaskStatus.OVERDUE]


@dataclass(frozen=True)
class LateTask:
    """One unit late on one task: its overdue periods combined (a weekly task late for
    three weeks is one line, never three). ``due_on`` and ``days_overdue`` are the
    earliest overdue period's."""

    task: Any
    rows: list[StatusRow]

    @property
    def due_on(self) -> date | None:
        return self.rows[0].due_on

    @property
    def days_overdue(self) -> int:
        return max(row.days_overdue for row in self.rows)

    @property
    def periods(self) -> int:
        return len(self.rows)

    def _state(self) -> str:
        reports = [row.report for row in self.rows if row.report is not None]
        states = {r.state for r in reports}
        if Report.State.SUBMITTED in states:
            return gettext_noop("Đã gửi báo cáo, chờ duyệt")
        if Report.State.RETURNED in states:
            return gettext_noop("Báo cáo bị trả lại, chưa gửi lại")
        if Report.State.ACCEPTED in states:
            return gettext_noop("Đang thực hiện, chưa hoàn thành")
        return gettext_noop("Chưa báo cáo")

    @property
    def state(self) -> str:
        """Where the unit's report stands, in words, as documents write it (Vietnamese):
        "Chưa báo cáo", "Đã gửi báo cáo, chờ duyệt", "Báo cáo bị trả lại, chưa gửi lại",
        "Đang thực hiện, chưa hoàn thành" (accepted, not done)."""
        text = self._state()
        if self.periods > 1:
            text += f" ({self.periods} kỳ)"
        return text

    @property
    def state_display(self) -> str:
        """``state`` in the page's language."""
        text = gettext(self._state())
        if self.periods > 1:
            text += " " + ngettext("(%(n)s kỳ)", "(%(n)s kỳ)", self.periods) % {"n": self.periods}
        return text


@dataclass(frozen=True)
class LateUnit:
    unit: Any
    rows: list[StatusRow]

    @property
    def tasks(self) -> list[LateTask]:
        """One per task, in the order of the directive."""
        by_task: dict[int, list[StatusRow]] = defaultdict(list)
        order: dict[int, Any] = {}
        for row in self.rows:
            by_task[row.task.pk].append(row)
            order[row.task.pk] = row.task
        tasks = sorted(order.values(), key=lambda t: (t.order, t.pk))
        return [LateTask(t, sorted(by_task[t.pk], key=lambda r: r.period.start)) for t in tasks]

    @property
    def task_numbers(self) -> list[str]:
        return [late.task.number for late in self.tasks]


def drafting_unit_ids() -> set[int]:
    """The Văn phòng Sở (units of kind office): it drafts the urging notice, so it is never
    one of its recipients."""
    from phongdich.org.models import Unit

    return set(Unit.objects.filter(kind=Unit.Kind.OFFICE).values_list("pk", flat=True))


def urging_recipients(late: list[LateUnit]) -> list[LateUnit]:
    """The late units an urging notice is sent to: all but the drafting unit."""
    drafting = drafting_unit_ids()
    return [item for item in late if item.unit.pk not in drafting]


def late_units(*, directive: Directive, today: date | None = None) -> list[LateUnit]:
    """The units late on ``directive`` (as an Office lists them), each with its overdue
    rows."""
    return group_late(late_rows(directive=directive, today=today))


KIND_ORDER = ("office", "division", "centre", "school", "union", "other", "department")


def unit_sort_key(unit: Any) -> tuple[int, int, str, str]:
    """Units as an Office lists them: Văn phòng, the divisions, centres, schools, then the
    unions; within a kind by the directory's order, then by name."""
    kind = KIND_ORDER.index(unit.kind) if unit.kind in KIND_ORDER else len(KIND_ORDER)
    return (kind, unit.sort_order, unit.name, unit.path)


def group_late(rows: list[StatusRow]) -> list[LateUnit]:
    """The overdue ones of ``rows`` grouped by unit (units by path)."""
    grouped: dict[int, list[StatusRow]] = defaultdict(list)
    units: dict[int, Any] = {}
    for row in rows:
        if row.status != TaskStatus.OVERDUE:
            continue
        grouped[row.unit.pk].append(row)
        units[row.unit.pk] = row.unit
    ordered = sorted(units.values(), key=unit_sort_key)
    return [LateUnit(unit, grouped[unit.pk]) for unit in ordered]


def urgings_visible(*, user: Any) -> QuerySet[UrgingNotice]:
    """Office, Admin, Director: every notice; a unit head: notices sent to their units."""
    if reads_all(user):
        return UrgingNotice.objects.all()
    if has_role(user, Role.UNIT_HEAD):
        return UrgingNotice.objects.filter(Q(units__in=head_units(user))).distinct()
    return UrgingNotice.objects.none()


def urging_get(*, user: Any, pk: int) -> UrgingNotice | None:
    return urgings_visible(user=user).select_related("directive").filter(pk=pk).first()


def urgings_of(*, directive: Directive) -> list[UrgingNotice]:
    return list(
        directive.urgings.select_related("created_by")
        .prefetch_related("units")
        .order_by("-created_at", "-pk")
    )


def urging_file_open(
    *, user: Any, notice: UrgingNotice, fmt: str, ip: str | None = None
) -> tuple[IO[bytes], str] | None:
    """The notice as .docx or .pdf, opened for reading, and its download name (None: no
    such format, or the file is gone); the download is audited."""
    if fmt not in FORMATS:
        return None
    field = notice.docx if fmt == "docx" else notice.pdf
    try:
        handle = field.open("rb")
    except FileNotFoundError:
        return None
    audit(None, "directives.urging.download", actor=user, ip=ip, obj=notice, format=fmt)
    return handle, f"cong-van-don-doc-{notice.issued_on:%Y%m%d}.{fmt}"
