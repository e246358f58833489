"""Background tasks of the directives app (django.tasks; django-tasks-db in production)."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from typing import Any

from django.tasks import default_task_backend, task
from django.utils import timezone

REMIND_AT = time(7, 0)  # local time (Asia/Ho_Chi_Minh) of the daily reminders


def next_reminders_at(now: datetime | None = None) -> datetime:
    """The next 07:00 local time strictly after ``now``."""
    moment = now or timezone.now()
    day = timezone.localtime(moment).date()
    candidate = timezone.make_aware(datetime.combine(day, REMIND_AT))
    if candidate <= moment:
        candidate = timezone.make_aware(datetime.combine(day + timedelta(days=1), REMIND_AT))
    return candidate


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
    if reschedule and default_task_backend.supports_defer:
        run_after = next_reminders_at()
        send_reminders_daily.using(run_after=run_after).enqueue()
        result["next_run"] = run_after.isoformat()
    return result
