"""Background tasks of the directives app (django.tasks; django-tasks-db in production)."""

from __future__ import annotations

from datetime import datetime, time
from typing import Any

from django.tasks import task

from phongdich.core import scheduling

REMIND_AT = time(7, 0)  # local time (Asia/Ho_Chi_Minh) of the daily reminders


def next_reminders_at(now: datetime | None = None) -> datetime:
    """The next REMIND_AT local time strictly after ``now``."""
    return scheduling.next_local_time(REMIND_AT, now)


@task()
def send_reminders_daily(reschedule: bool = True) -> dict[str, Any]:
    """Remind unit heads of reports due soon or overdue; then queue itself for the next
    07:00 (django-tasks-db has no periodic scheduler)."""
    from phongdich.directives.reminders import reminders_send

    run = reminders_send()
    result: dict[str, Any] = {
        "day": run.day.isoformat(),
        "units": len(run.sent),
        "items": sum(len(r.items) for r in run.sent),
        "already_sent": run.already_sent,
        "next_run": None,
    }
    if reschedule:
        result["next_run"] = scheduling.reschedule(send_reminders_daily, REMIND_AT)
    return result
