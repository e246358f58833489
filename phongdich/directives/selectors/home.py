"""The directives' figures of the Director's home (``directives/tiles.py``): for each
item of the issued directives, how many units are done with it and how many are late;
the units late on tasks. Built from ``dashboard_facts`` (the status dashboard's rows, the
same rules, without a model instance per row), in its constant number of queries."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from phongdich.directives.models import Directive, Task
from phongdich.directives.selectors.reports import dashboard_facts
from phongdich.directives.selectors.status import StatusFact, TaskStatus

# An item whose current period is due within this many days, not done, is "due soon".
DUE_SOON_DAYS = 3
DONE = (TaskStatus.DONE_ON_TIME, TaskStatus.DONE_LATE)
_CACHE_ATTR = "_phongdich_home_rows"


@dataclass(frozen=True)
class ItemStatus:
    task: Task
    directive: Directive
    units: int  # units that must report on it
    done: int  # units done with their latest period
    overdue: int  # units with a period overdue
    due_soon: int  # units not done, due within DUE_SOON_DAYS


@dataclass(frozen=True)
class LateUnit:
    unit: Any  # org.Unit
    overdue: int  # overdue (task, period) rows
    days: int  # the most days overdue


def _rows(user: Any, today: date) -> list[StatusFact]:
    """The rows of issued directives, once per request (the two tiles share them)."""
    cached = getattr(user, _CACHE_ATTR, None)
    if cached is not None and cached[0] == today:
        rows: list[StatusFact] = cached[1]
        return rows
    rows = [
        row
        for row in dashboard_facts(user=user, today=today, ordered=False)
        if row.task.directive.state == Directive.State.ISSUED
    ]
    setattr(user, _CACHE_ATTR, (today, rows))
    return rows


def item_statuses(*, user: Any, today: date) -> list[ItemStatus]:
    """One per task of the issued directives that units report on, in the letter's order."""
    latest: dict[tuple[int, int], StatusFact] = {}
    overdue: dict[int, set[int]] = defaultdict(set)
    tasks: dict[int, Task] = {}
    for row in _rows(user, today):
        key = (row.task.pk, row.unit.pk)
        tasks[row.task.pk] = row.task
        if key not in latest or row.period.start > latest[key].period.start:
            latest[key] = row
        if row.status == TaskStatus.OVERDUE:
            overdue[row.task.pk].add(row.unit.pk)
    soon = today + timedelta(days=DUE_SOON_DAYS)
    per_task: dict[int, list[StatusFact]] = defaultdict(list)
    for (task_id, _), row in latest.items():
        per_task[task_id].append(row)
    out = []
    for task_id, rows in per_task.items():
        task = tasks[task_id]
        out.append(
            ItemStatus(
                task=task,
                directive=task.directive,
                units=len(rows),
                done=sum(1 for r in rows if r.status in DONE),
                overdue=len(overdue[task_id]),
                due_soon=sum(
                    1
                    for r in rows
                    if r.status == TaskStatus.IN_PROGRESS and r.due_on and r.due_on <= soon
                ),
            )
        )
    out.sort(
        key=lambda s: (
            -(s.directive.issued_on or date.min).toordinal(),
            s.directive.pk,
            s.task.order,
            s.task.pk,
        )
    )
    return out


def late_units(*, user: Any, today: date) -> tuple[list[LateUnit], int]:
    """The units with a task overdue, most overdue rows first; and how many units report."""
    found: dict[int, LateUnit] = {}
    reporting: set[int] = set()
    for row in _rows(user, today):
        reporting.add(row.unit.pk)
        if row.status != TaskStatus.OVERDUE:
            continue
        seen = found.get(row.unit.pk)
        found[row.unit.pk] = LateUnit(
            unit=row.unit,
            overdue=(seen.overdue if seen else 0) + 1,
            days=max(seen.days if seen else 0, row.days_overdue),
        )
    ranked = sorted(found.values(), key=lambda u: (-u.overdue, -u.days, u.unit.path))
    return ranked, len(reporting)
