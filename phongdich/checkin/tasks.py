"""Background tasks of the check-in app (django.tasks; django-tasks-db in production)."""

from __future__ import annotations

from datetime import datetime, time
from typing import Any

from django.tasks import task

from phongdich.core import scheduling

PURGE_AT = time(2, 0)  # local time of the daily purge


def next_purge_at(now: datetime | None = None) -> datetime:
    """The next PURGE_AT local time strictly after ``now``."""
    return scheduling.next_local_time(PURGE_AT, now)


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
    if reschedule:
        result["next_run"] = scheduling.reschedule(purge_expired_daily, PURGE_AT)
    return result
