"""Weekly recurrence, expanded with dateutil's rrule in local wall time (Asia/Ho_Chi_Minh).

The rule text is the RRULE of the .ics, so the app and the calendar agree. Expanding in
local time and then attaching the zone keeps 08:00 at 08:00 on every date (the zone has
no daylight saving since 1975, but the code does not rely on it).
"""

from __future__ import annotations

import datetime as dt

from dateutil.rrule import rrulestr
from django.utils import timezone

MAX_OCCURRENCES = 104  # two years of weekly meetings
WEEKDAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")


def weekly_rule(
    *, first_start: dt.datetime, count: int | None = None, until: dt.date | None = None
) -> str:
    """``FREQ=WEEKLY;BYDAY=MO;COUNT=8`` (or ``UNTIL=20261231T235959``, local floating time
    is not allowed with an aware DTSTART: UNTIL is written in UTC)."""
    local = timezone.localtime(first_start)
    parts = ["FREQ=WEEKLY", f"BYDAY={WEEKDAYS[local.weekday()]}"]
    if count is not None:
        parts.append(f"COUNT={min(count, MAX_OCCURRENCES)}")
    elif until is not None:
        end = timezone.make_aware(dt.datetime.combine(until, dt.time(23, 59, 59)))
        parts.append("UNTIL=" + end.astimezone(dt.UTC).strftime("%Y%m%dT%H%M%SZ"))
    else:
        parts.append(f"COUNT={MAX_OCCURRENCES}")
    return ";".join(parts)


def expand(rule: str, first_start: dt.datetime) -> list[dt.datetime]:
    """Every start of ``rule`` from ``first_start`` (aware), aware in the current zone,
    at most ``MAX_OCCURRENCES``."""
    zone = timezone.get_current_timezone()
    local = timezone.localtime(first_start, zone)
    naive = local.replace(tzinfo=None)
    text = rule
    if "UNTIL=" in rule:
        # dateutil wants UNTIL in the same kind as DTSTART: turn the UTC stamp into local.
        parts = []
        for part in rule.split(";"):
            if part.startswith("UNTIL="):
                stamp = dt.datetime.strptime(part[6:], "%Y%m%dT%H%M%SZ").replace(tzinfo=dt.UTC)
                part = "UNTIL=" + timezone.localtime(stamp, zone).strftime("%Y%m%dT%H%M%S")
            parts.append(part)
        text = ";".join(parts)
    starts = []
    for occurrence in rrulestr(text, dtstart=naive):
        starts.append(timezone.make_aware(occurrence, zone))
        if len(starts) >= MAX_OCCURRENCES:
            break
    return starts
