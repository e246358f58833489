"""A deliberately simple, brute-force reading of docs/tracing.md, for tests only.

It takes the full list of records and compares every pair, with datetimes
(never integers), sharing nothing with the engine but the value types. Slow
(cubic and worse); use it on a few dozen records.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime, time, timedelta

from .models import Case, CheckinRecord, Contact, Params, TraceResult, round_minutes

__all__ = ["reference_presence", "reference_trace"]


def reference_presence(
    record: CheckinRecord, records: list[CheckinRecord], params: Params
) -> tuple[datetime, datetime]:
    """Presence interval of ``record`` given every record of the data set (in UTC)."""
    start = record.check_in.astimezone(UTC)
    if record.check_out is not None:
        return start, record.check_out.astimezone(UTC)
    candidates = [start + timedelta(hours=params.open_visit_hours)]
    later = [
        other.check_in.astimezone(UTC)
        for other in records
        if other.person == record.person and other.check_in > record.check_in
    ]
    if later:
        candidates.append(min(later))
    local_day = record.check_in.astimezone(params.zone).date()
    midnight = datetime.combine(local_day + timedelta(days=1), time(0), tzinfo=params.zone)
    candidates.append(midnight.astimezone(UTC))
    return start, min(candidates)


def reference_trace(
    records: Iterable[CheckinRecord], case: Case, params: Params | None = None
) -> TraceResult:
    if params is None:
        params = Params()
    zone = params.zone
    unique: list[CheckinRecord] = []
    for record in records:
        if record not in unique:
            unique.append(record)
    presence = {r: reference_presence(r, unique, params) for r in unique}

    w0 = datetime.combine(
        case.onset - timedelta(days=params.days_before_onset), time(0), tzinfo=zone
    )
    w1 = case.as_of if case.isolated_at is None else min(case.isolated_at, case.as_of)
    threshold = timedelta(minutes=params.min_overlap_minutes)

    level_of: dict[str, int] = {case.person: 0}
    window: dict[str, tuple[datetime, datetime]] = {case.person: (w0, w1)}
    contacts: list[Contact] = []
    for level in range(1, params.depth + 1):
        previous = [p for p, lv in level_of.items() if lv == level - 1]
        # person q -> list of (time, via, location, overlap)
        found: dict[str, list[tuple[datetime, str, str, timedelta]]] = {}
        for p in previous:
            a, b = window[p]
            for rp in unique:
                if rp.person != p:
                    continue
                ps, pe = presence[rp]
                ip_start, ip_end = max(ps, a), min(pe, b)
                for rq in unique:
                    if rq.location != rp.location or rq.person in level_of:
                        continue
                    qs, qe = presence[rq]
                    overlap = min(ip_end, qe) - max(ip_start, qs)
                    if overlap > timedelta(0) and overlap >= threshold:
                        when = max(ip_start, qs)
                        found.setdefault(rq.person, []).append((when, p, rp.location, overlap))
        for q, options in found.items():
            earliest = min(when for when, _, _, _ in options)
            options = [o for o in options if o[0] == earliest]
            via = min(o[1] for o in options)
            options = [o for o in options if o[1] == via]
            location = min(o[2] for o in options)
            options = [o for o in options if o[2] == location]
            overlap = max(o[3] for o in options)
            contacts.append(
                Contact(q, level, earliest.astimezone(zone), via, location, round_minutes(overlap))
            )
        for q, options in found.items():
            level_of[q] = level
            window[q] = (min(o[0] for o in options), case.as_of)
    return TraceResult(
        case=case.person,
        window_start=w0,
        window_end=w1.astimezone(zone),
        as_of=case.as_of.astimezone(zone),
        params=params,
        contacts=tuple(contacts),
    )
