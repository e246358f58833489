"""The tracing engine: ``trace(store, case, params)`` implements docs/tracing.md exactly.

Algorithm
---------
Level by level (breadth first), for level k = 1..depth:

1. Ask the store for the records of the persons of level k-1 (``records_of``)
   and turn each into ``Ip = presence(rp) ∩ [A_p, B)``: for the case
   ``[W0, W1)``, for a traced person ``[e_p, as_of)``. Contacts before a
   person's own exposure therefore never count. Intervals shorter than the
   threshold cannot give a contact and are dropped.
2. Per location, sort those intervals by start, merge them into disjoint
   windows and ask the store for every record there that may intersect them
   (``records_at``), once for the whole level.
3. For each such record ``rq`` of a person q not in levels 0..k-1, compute
   ``Iq = presence(rq)`` (not clipped). Per location, sweep the records in
   order of start against the intervals in order of start, with a heap of
   the intervals already started (see ``_sweep``): each record costs
   O(log n), never a scan of the location's intervals. Each pair of records
   is judged alone.

All arithmetic is on integer microseconds since the epoch, so comparisons are
exact; ``check_in + open_visit_hours`` is elapsed time (not wall-clock time).

Choice of the exposing contact (tie-break)
------------------------------------------
Among all contacts of q with persons of level k-1, the one reported is the
smallest by the key ``(contact time, via, location, -overlap)``:

1. the earliest contact time (this is ``exposed_at``, as tracing.md says);
2. then the smallest ``via`` identity string (tracing.md);
3. then the smallest location string (tracing.md is silent; our rule);
4. then the largest exact overlap (tracing.md is silent; our rule).

Strings compare by Unicode code point (Python ``<``). Contacts are sorted by
level, exact ``exposed_at``, then person. Times are printed to the second
(sub-second digits dropped); overlap minutes are rounded half-up to two
decimals from the exact microsecond value. See docs/tracing-notes.md.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from datetime import UTC, date, datetime, time, timedelta
from heapq import heappop, heappush
from zoneinfo import ZoneInfo

from .models import Case, Contact, InvalidRecord, Params, TraceResult, round_minutes_us
from .stores import LocationWindow, Store, StoredRecord, to_us

__all__ = ["infectious_window", "presence", "trace"]

_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_HOUR_US = 3_600_000_000
_MINUTE_US = 60_000_000

# (contact time, via, location, -overlap) in microseconds
_Key = tuple[int, str, str, int]


def _from_us(value: int) -> datetime:
    return _EPOCH + timedelta(microseconds=value)


class _Clock:
    """Local midnight ending the calendar day of an instant, cached per UTC hour."""

    __slots__ = ("_zone", "_days")

    def __init__(self, zone: ZoneInfo) -> None:
        self._zone = zone
        self._days: dict[int, tuple[int, int]] = {}

    def day_end(self, instant: int) -> int:
        hour = instant // _HOUR_US
        span = self._days.get(hour)
        if span is not None and span[0] <= instant < span[1]:
            return span[1]
        day = _from_us(instant).astimezone(self._zone).date()
        span = (self._midnight(day), self._midnight(day + timedelta(days=1)))
        self._days[hour] = span
        return span[1]

    def _midnight(self, day: date) -> int:
        return to_us(datetime.combine(day, time(0), tzinfo=self._zone))


def _presence_us(stored: StoredRecord, open_visit: int, clock: _Clock) -> tuple[int, int]:
    record = stored.record
    start = to_us(record.check_in)
    if record.check_out is not None:
        return start, to_us(record.check_out)
    end = start + open_visit
    if stored.next_check_in is not None:
        following = to_us(stored.next_check_in)
        if following <= start:
            raise InvalidRecord(
                f"store error: next check-in {stored.next_check_in.isoformat()} is not after "
                f"the record {record.describe()}"
            )
        end = min(end, following)
    return start, min(end, clock.day_end(start))


def presence(stored: StoredRecord, params: Params) -> tuple[datetime, datetime]:
    """The presence interval ``[start, end)`` of one record (tracing.md), in UTC.

    ``stored.next_check_in`` must be the person's next check-in strictly later
    than this one (or None); it matters only when there is no check-out.
    """
    clock = _Clock(params.zone)
    start, end = _presence_us(stored, params.open_visit_hours * _HOUR_US, clock)
    return _from_us(start), _from_us(end)


def infectious_window(case: Case, params: Params) -> tuple[datetime, datetime]:
    """``[W0, W1)`` of the case: W0 local midnight of ``onset - days_before_onset``,
    W1 = min(isolated_at, as_of). Returned in the profile's time zone."""
    zone = params.zone
    w0 = params.window_start(case.onset)
    w1 = case.as_of if case.isolated_at is None else min(case.isolated_at, case.as_of)
    return w0, w1.astimezone(zone)


class _Sources:
    """Infectious intervals of one level at one location, sorted by start."""

    __slots__ = ("starts", "ends", "persons")

    def __init__(self, intervals: set[tuple[int, int, str]]) -> None:
        ordered = sorted(intervals)
        self.starts = [s for s, _, _ in ordered]
        self.ends = [e for _, e, _ in ordered]
        self.persons = [p for _, _, p in ordered]

    def windows(self) -> list[tuple[int, int]]:
        merged: list[tuple[int, int]] = []
        cur_s, cur_e = self.starts[0], self.ends[0]
        for s, e in zip(self.starts, self.ends, strict=True):
            if s <= cur_e:
                cur_e = max(cur_e, e)
            else:
                merged.append((cur_s, cur_e))
                cur_s, cur_e = s, e
        merged.append((cur_s, cur_e))
        return merged


def _sources(
    store: Store,
    frontier: Mapping[str, int],
    end: int,
    threshold: int,
    open_visit: int,
    clock: _Clock,
) -> dict[str, _Sources]:
    """Ip = presence(rp) ∩ [A_p, end) of every record of the frontier, per location."""
    start = min(frontier.values())
    if end <= start:
        return {}
    by_location: defaultdict[str, set[tuple[int, int, str]]] = defaultdict(set)
    answer = store.records_of(
        list(frontier),
        _from_us(start),
        _from_us(end),
        open_visit=timedelta(microseconds=open_visit),
    )
    for stored in answer:
        person = stored.record.person
        begin = frontier.get(person)
        if begin is None:
            continue
        s, e = _presence_us(stored, open_visit, clock)
        s = max(s, begin)
        e = min(e, end)
        if e - s >= threshold:
            by_location[stored.record.location].add((s, e, person))
    return {loc: _Sources(intervals) for loc, intervals in by_location.items()}


def _level(
    store: Store,
    sources: dict[str, _Sources],
    known: set[str],
    threshold: int,
    open_visit: int,
    clock: _Clock,
) -> dict[str, _Key]:
    """The best contact key of every person not in ``known`` exposed by ``sources``."""
    windows = [
        LocationWindow(location, _from_us(s), _from_us(e))
        for location, src in sources.items()
        for s, e in src.windows()
    ]
    candidates: defaultdict[str, list[tuple[int, int, str]]] = defaultdict(list)
    answer = store.records_at(windows, open_visit=timedelta(microseconds=open_visit))
    for stored in answer:
        record = stored.record
        if record.person in known or record.location not in sources:
            continue
        qs, qe = _presence_us(stored, open_visit, clock)
        if qe - qs >= threshold:
            candidates[record.location].append((qs, qe, record.person))
    best: dict[str, _Key] = {}
    for location, records in candidates.items():
        _sweep(location, sources[location], sorted(set(records)), threshold, best)
    return best


def _sweep(
    location: str,
    src: _Sources,
    records: list[tuple[int, int, str]],
    threshold: int,
    best: dict[str, _Key],
) -> None:
    """Update ``best`` with the contacts of ``records`` (sorted by start) with ``src``.

    For a record ``Iq = [qs, qe)`` (already at least T long) and an interval
    ``Ip = [ps, pe)`` (also at least T long):

    - if ``ps <= qs`` the contact time is qs and it counts iff ``pe >= qs + T``.
      Those intervals sit in a heap ordered by (via, -pe); as qs only grows,
      one whose ``pe < qs + T`` is dead for good and is popped. The top is then
      the smallest via with its largest overlap ``min(pe, qe) - qs``.
    - otherwise (``ps > qs``) the time is ps, and every such interval with
      ``ps <= qe - T`` counts; only the first start matters (ties scanned).
    """
    starts, ends, persons = src.starts, src.ends, src.persons
    count = len(starts)
    active: list[tuple[str, int]] = []  # (via, -pe)
    added = 0
    for qs, qe, person in records:
        current = best.get(person)
        if current is not None and current[0] < qs:
            continue  # an earlier contact elsewhere wins whatever happens here
        while added < count and starts[added] <= qs:
            heappush(active, (persons[added], -ends[added]))
            added += 1
        limit = qs + threshold
        while active and -active[0][1] < limit:
            heappop(active)
        key: _Key | None = None
        if active:
            via, negative_end = active[0]
            key = (qs, via, location, -(min(-negative_end, qe) - qs))
        elif added < count and starts[added] <= qe - threshold:
            when = starts[added]
            i = added
            while i < count and starts[i] == when:
                candidate = (when, persons[i], location, -(min(ends[i], qe) - when))
                if key is None or candidate < key:
                    key = candidate
                i += 1
        if key is not None and (current is None or key < current):
            best[person] = key


def trace(store: Store, case: Case, params: Params | None = None) -> TraceResult:
    """Trace ``case`` to ``params.depth`` levels over the records of ``store``."""
    if params is None:
        params = Params()
    zone = params.zone
    w0, w1 = infectious_window(case, params)
    threshold = max(params.min_overlap_minutes * _MINUTE_US, 1)  # > 0 and >= minimum
    open_visit = params.open_visit_hours * _HOUR_US
    clock = _Clock(zone)

    known = {case.person}
    frontier: dict[str, int] = {case.person: to_us(w0)}
    end = to_us(w1)
    contacts: list[Contact] = []
    for level in range(1, params.depth + 1):
        sources = _sources(store, frontier, end, threshold, open_visit, clock)
        if not sources:
            break
        found = _level(store, sources, known, threshold, open_visit, clock)
        for person, (when, via, location, negative) in found.items():
            contacts.append(
                Contact(
                    person=person,
                    level=level,
                    exposed_at=_from_us(when).astimezone(zone),
                    via=via,
                    location=location,
                    overlap_minutes=round_minutes_us(-negative),
                )
            )
        known.update(found)
        frontier = {person: key[0] for person, key in found.items()}
        end = to_us(case.as_of)
        if not frontier:
            break
    return TraceResult(
        case=case.person,
        window_start=w0,
        window_end=w1,
        as_of=case.as_of.astimezone(zone),
        params=params,
        contacts=tuple(contacts),
    )
