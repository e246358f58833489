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
from .stores import Columns, ColumnStore, RecordColumns, Store, StoredRecord, to_us

__all__ = ["infectious_window", "presence", "trace"]

_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_HOUR_US = 3_600_000_000
_MINUTE_US = 60_000_000

# (contact time, via rank, location rank, -overlap) in microseconds; the ranks are
# the identities' and location codes' string order within one level
_Key = tuple[int, int, int, int]


def _from_us(value: int) -> datetime:
    return _EPOCH + timedelta(microseconds=value)


def _local(value: int, zone: ZoneInfo) -> datetime:
    """The instant ``value`` (µs since the epoch) as an aware datetime in ``zone``."""
    return (_EPOCH + timedelta(microseconds=value)).astimezone(zone)


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
    """Infectious intervals of one level at one location, sorted by start.

    ``vias`` are ranks of the infectious persons' identities (rank order is the
    identities' string order, so ``via`` ties compare as tracing.md says)."""

    __slots__ = ("starts", "ends", "vias")

    def __init__(self, intervals: set[tuple[int, int, int]]) -> None:
        ordered = sorted(intervals)
        self.starts = [s for s, _, _ in ordered]
        self.ends = [e for _, e, _ in ordered]
        self.vias = [p for _, _, p in ordered]

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


class _Presence:
    """Presence intervals of the records of one answer (tracing.md), in microseconds."""

    __slots__ = ("_store", "_open_visit", "_clock")

    def __init__(self, store: ColumnStore, open_visit: int, clock: _Clock) -> None:
        self._store = store
        self._open_visit = open_visit
        self._clock = clock

    def end(self, answer: Columns, i: int) -> int:
        """The presence end of open record ``i`` (check-out None)."""
        start = answer.starts[i]
        end = start + self._open_visit
        following = answer.nexts[i]
        if following is not None:
            if following <= start:
                self._bad_next(answer, i)
            if following < end:
                end = following
        day_end = self._clock.day_end(start)
        return day_end if day_end < end else end

    def _bad_next(self, answer: Columns, i: int) -> None:
        person = self._store.identities_of([answer.persons[i]]).get(answer.persons[i], "?")
        code = self._store.location_codes([answer.locations[i]]).get(answer.locations[i], "?")
        following = answer.nexts[i]
        assert following is not None
        raise InvalidRecord(
            f"store error: next check-in {_from_us(following).isoformat()} is not after "
            f"the record {person} at {code} from {_from_us(answer.starts[i]).isoformat()} "
            "(no check-out)"
        )


def _sources(
    store: ColumnStore,
    frontier: Mapping[int, int],
    ranks: Mapping[int, int],
    end: int,
    threshold: int,
    presence_of: _Presence,
) -> dict[int, _Sources]:
    """Ip = presence(rp) ∩ [A_p, end) of every record of the frontier, per location key.

    ``ranks`` gives each frontier person's rank (the ``via`` of the intervals)."""
    start = min(frontier.values())
    if end <= start:
        return {}
    by_location: defaultdict[int, set[tuple[int, int, int]]] = defaultdict(set)
    answer = store.columns_of(list(frontier), start, end, open_visit=presence_of._open_visit)
    outs = answer.outs
    for i, (person, location, s) in enumerate(
        zip(answer.persons, answer.locations, answer.starts, strict=True)
    ):
        begin = frontier.get(person)
        if begin is None:
            continue
        e = outs[i]
        if e is None:
            e = presence_of.end(answer, i)
        if s < begin:
            s = begin
        if e > end:
            e = end
        if e - s >= threshold:
            by_location[location].add((s, e, ranks[person]))
    return {loc: _Sources(intervals) for loc, intervals in by_location.items()}


def _level(
    store: ColumnStore,
    sources: dict[int, _Sources],
    places: Mapping[int, int],
    known: set[int],
    threshold: int,
    presence_of: _Presence,
) -> dict[int, _Key]:
    """The best contact key of every person not in ``known`` exposed by ``sources``.

    ``places`` gives each source location's rank (its code's string order)."""
    windows = [(location, s, e) for location, src in sources.items() for s, e in src.windows()]
    candidates: defaultdict[int, list[tuple[int, int, int]]] = defaultdict(list)
    answer = store.columns_at(windows, open_visit=presence_of._open_visit)
    outs = answer.outs
    for i, (person, location, qs) in enumerate(
        zip(answer.persons, answer.locations, answer.starts, strict=True)
    ):
        if person in known or location not in sources:
            continue
        qe = outs[i]
        if qe is None:
            qe = presence_of.end(answer, i)
        if qe - qs >= threshold:
            candidates[location].append((qs, qe, person))
    best: dict[int, _Key] = {}
    for location, records in candidates.items():
        _sweep(places[location], sources[location], sorted(set(records)), threshold, best)
    return best


def _sweep(
    location: int,
    src: _Sources,
    records: list[tuple[int, int, int]],
    threshold: int,
    best: dict[int, _Key],
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
    starts, ends, persons = src.starts, src.ends, src.vias
    count = len(starts)
    active: list[tuple[int, int]] = []  # (via rank, -pe)
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


def _ranks(names: Mapping[int, str]) -> tuple[dict[int, int], list[str]]:
    """Each key's rank in the string order of its name, and the names by rank."""
    ordered = sorted(names, key=names.__getitem__)
    return {key: rank for rank, key in enumerate(ordered)}, [names[key] for key in ordered]


def trace(store: Store | ColumnStore, case: Case, params: Params | None = None) -> TraceResult:
    """Trace ``case`` to ``params.depth`` levels over the records of ``store``."""
    if params is None:
        params = Params()
    zone = params.zone
    w0, w1 = infectious_window(case, params)
    threshold = max(params.min_overlap_minutes * _MINUTE_US, 1)  # > 0 and >= minimum
    open_visit = params.open_visit_hours * _HOUR_US
    columns: ColumnStore = store if isinstance(store, ColumnStore) else RecordColumns(store)
    presence_of = _Presence(columns, open_visit, _Clock(zone))

    contacts: list[Contact] = []
    times: dict[int, datetime] = {}  # exposure instants repeat (check-ins on a grid)
    case_key = columns.person_keys([case.person]).get(case.person)
    if case_key is not None:
        known = {case_key}
        frontier: dict[int, int] = {case_key: to_us(w0)}
        names = {case_key: case.person}
        end = to_us(w1)
        for level in range(1, params.depth + 1):
            ranks, vias = _ranks(names)
            sources = _sources(columns, frontier, ranks, end, threshold, presence_of)
            if not sources:
                break
            places, codes = _ranks(columns.location_codes(list(sources)))
            found = _level(columns, sources, places, known, threshold, presence_of)
            names = columns.identities_of(list(found))
            contacts.extend(
                Contact.trusted(
                    names[person],
                    level,
                    times.get(when) or times.setdefault(when, _local(when, zone)),
                    vias[via],
                    codes[location],
                    round_minutes_us(-negative),
                )
                for person, (when, via, location, negative) in found.items()
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
