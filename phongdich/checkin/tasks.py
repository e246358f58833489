"""Background tasks of the check-in app (django.tasks; django-tasks-db in production)."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from typing import Any

from django.tasks import default_task_backend, task
from django.utils import timezone

PURGE_AT = time(2, 0)  # local time of the daily purge


def next_purge_at(now: datetime | None = None) -> datetime:
    """The next 02:00 local time strictly after ``now``."""
    moment = now or timezone.now()
    day = timezone.localtime(moment).date()
    candidate = timezone.make_aware(datetime.combine(day, PURGE_AT))
    if candidate <= moment:
        candidate = timezone.make_aware(datetime.combine(day + timedelta(days=1), PURGE_AT))
    return candidate


@task()
def purge_expired_daily(reschedule: bool = True) -> dict[str, Any]:
    """Delete expired personal data and old rate counters; then queue itself for the
    next 02:00 (django-tasks-db has no periodic scheduler)."""
    from phongdich.checkin.retention import purge_expired
    from phongdich.core.ratelimit import prune

    report = purge_expired()
    counters = prune()
    result: dict[str, Any] = {
        "visits": report.visits,
        "declarations": report.declarations,
        "persons": report.persons,
        "rate_counters": counters,
        "next_run": None,
    }
    if reschedule and default_task_backend.supports_defer:
        run_after = next_purge_at()
        purge_expired_daily.using(run_after=run_after).enqueue()
        result["next_run"] = run_after.isoformat()
    return result
