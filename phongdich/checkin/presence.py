"""The presence interval of tracing.md, as pure functions (no database)."""

from __future__ import annotations

from datetime import datetime, time, timedelta

from django.utils import timezone


def local_midnight_after(moment: datetime) -> datetime:
    """Local midnight that ends the calendar day of ``moment``."""
    tz = timezone.get_default_timezone()
    day = moment.astimezone(tz).date() + timedelta(days=1)
    return datetime.combine(day, time(0), tzinfo=tz)


def open_visit_end(
    check_in: datetime, *, open_visit_hours: int, next_check_in: datetime | None = None
) -> datetime:
    """tracing.md: the earliest of check_in + H, the next check-in, local midnight."""
    candidates = [check_in + timedelta(hours=open_visit_hours), local_midnight_after(check_in)]
    if next_check_in is not None:
        candidates.append(next_check_in)
    return min(candidates)
