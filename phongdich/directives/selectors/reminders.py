"""What is due soon or overdue today, for the daily reminders (``services.reminders``).

* **When**: ``DIRECTIVE_REMINDER_DAYS_BEFORE`` days before the due date ("3,1": three days
  and one day before), and every ``REMINDER_OVERDUE_EVERY_DAYS`` days once overdue (the
  first day after the due date included). Only for issued (not closed) directives.
* **Not reminded**: a unit whose report counts as done (accepted, done), and a unit whose
  report waits for the Office's review (submitted): it has done its part.

The status of each unit comes from ``status.status_rows`` (no status logic here).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from phongdich.directives.models import Directive, ReminderLog, Report
from phongdich.directives.selectors.status import StatusRow, TaskStatus, status_rows


def days_before() -> list[int]:
    """DIRECTIVE_REMINDER_DAYS_BEFORE ("3,1") as whole days ≥ 0, largest first."""
    raw = str(getattr(settings, "DIRECTIVE_REMINDER_DAYS_BEFORE", "3,1"))
    days: set[int] = set()
    for part in raw.split(","):
        part = part.strip()
        if not part:
            continue
        if not part.isdigit():
            raise ImproperlyConfigured(
                f"DIRECTIVE_REMINDER_DAYS_BEFORE must be whole days separated by commas "
                f"(e.g. 3,1), got {raw!r}"
            )
        days.add(int(part))
    return sorted(days, reverse=True)


def overdue_every() -> int:
    every = int(getattr(settings, "REMINDER_OVERDUE_EVERY_DAYS", 1))
    if every < 1:
        raise ImproperlyConfigured("REMINDER_OVERDUE_EVERY_DAYS must be at least 1")
    return every


@dataclass(frozen=True)
class ReminderItem:
    row: StatusRow
    kind: str  # ReminderLog.Kind
    days: int  # days left before the due date; negative: days overdue

    @property
    def key(self) -> tuple[int, date, str]:
        return (self.row.assignment.pk, self.row.period.start, self.kind)

    def line(self) -> str:
        task = self.row.task
        content = task.short_title  # a short title, never the text cut with "…"
        due = f"{self.row.due_on:%d/%m/%Y}" if self.row.due_on else ""
        if self.kind == ReminderLog.Kind.OVERDUE:
            when = f"hạn {due}, quá hạn {-self.days} ngày"
        elif self.days == 0:
            when = f"hạn {due}, hôm nay là hạn cuối"
        else:
            when = f"hạn {due}, còn {self.days} ngày"
        reference = task.directive.reference or "dự thảo"
        return f"- Công văn số {reference}, nhiệm vụ {task.number}: {content} ({when})."


def candidates(*, today: date) -> list[ReminderItem]:
    """What is due soon or overdue today, before deduplication."""
    soon_days = days_before()
    every = overdue_every()
    horizon = today + timedelta(days=max(soon_days, default=0))
    items: list[ReminderItem] = []
    for row in status_rows(period_end=horizon, today=today):
        if row.task.directive.state != Directive.State.ISSUED or row.due_on is None:
            continue
        if row.report is not None and row.report.state == Report.State.SUBMITTED:
            continue  # waiting for the Office, not for the unit
        left = (row.due_on - today).days
        if row.status == TaskStatus.IN_PROGRESS and left in soon_days:
            items.append(ReminderItem(row, ReminderLog.Kind.DUE_SOON, left))
        elif row.status == TaskStatus.OVERDUE and (row.days_overdue - 1) % every == 0:
            items.append(ReminderItem(row, ReminderLog.Kind.OVERDUE, -row.days_overdue))
    return items
