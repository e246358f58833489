"""Where the engine gets check-in records from: the Store protocol and an in-memory store.

The engine never loads the whole table. It asks a store two kinds of question,
each bounded in time, and it filters every answer exactly itself. So a store
may answer with *more* records than asked for (and with duplicates) but never
with fewer.

Contract shared by both methods
-------------------------------
A record R *may intersect* the half-open window ``[start, end)`` when::

    R.check_in < end  AND  (   R.check_out > start
                            OR (R.check_out IS NULL AND R.check_in > start - open_visit))

(an open record lasts at most ``open_visit`` = ``open_visit_hours``, so that is
the whole lookback an open record needs). A store MUST return every record that
may intersect a window it is asked about, and MAY return others.

Every returned record comes as a ``StoredRecord`` carrying ``next_check_in``:
the smallest ``check_in`` of the *same person* in the whole table (any
location, any time, also after the trace's ``as_of``) strictly later than
``R.check_in``, or None when there is none. It is needed only when
``R.check_out`` is None (the engine ignores it otherwise, so a store may leave it
None there). Persons must be stored in normalised form (``normalize_identity``),
so that "the same person" means the same string.

Sketch of an SQL store (PostgreSQL; indexes on (location, check_in) and
(person, check_in))::

    SELECT c.person, c.location, c.check_in, c.check_out,
           CASE WHEN c.check_out IS NULL THEN
             (SELECT min(n.check_in) FROM checkin n
               WHERE n.person = c.person AND n.check_in > c.check_in)
           END AS next_check_in
      FROM checkin c
     WHERE c.location = %(location)s     -- records_of: c.person = ANY(%(persons)s)
       AND c.check_in < %(end)s
       AND (c.check_out > %(start)s
            OR (c.check_out IS NULL AND c.check_in > %(start)s - %(open_visit)s))

The correlated ``min`` is one index probe on (person, check_in). Closed visits
have no length limit in tracing.md, so ``check_in < end`` alone bounds the scan
only from above; to bound it from below too, either split the query into a
UNION of (closed: index on (location, check_out) / (person, check_out),
``check_out > start AND check_in < end``) and (open: ``check_out IS NULL AND
check_in > start - open_visit AND check_in < end`` on the check_in index), or,
if the application caps the length of a closed visit at ingestion (say at
``max_visit``), add ``AND c.check_in > start - max_visit``.
"""

from __future__ import annotations

from bisect import bisect_left
from collections import defaultdict
from collections.abc import Collection, Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import NamedTuple, Protocol

from .models import CheckinRecord

__all__ = ["InMemoryStore", "LocationWindow", "Store", "StoredRecord", "to_us"]

_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_US = timedelta(microseconds=1)


def to_us(value: datetime) -> int:
    """Microseconds since the Unix epoch (exact) of an aware datetime."""
    return (value - _EPOCH) // _US


@dataclass(frozen=True, slots=True)
class StoredRecord:
    """A record as a store returns it, with the person's next check-in (see module doc)."""

    record: CheckinRecord
    next_check_in: datetime | None = None


class LocationWindow(NamedTuple):
    """Records at ``location`` that may intersect ``[start, end)``."""

    location: str
    start: datetime
    end: datetime


class Store(Protocol):
    """What the engine asks of a store of check-in records (contract: module doc)."""

    def records_of(
        self,
        persons: Collection[str],
        start: datetime,
        end: datetime,
        *,
        open_visit: timedelta,
    ) -> Iterable[StoredRecord]:
        """Records of any of ``persons`` (normalised identities) that may intersect
        ``[start, end)``.

        Called once per level with the persons of the previous level (level 1:
        the case alone). ``persons`` may be large (thousands): chunk the IN list
        if needed.
        """
        ...

    def records_at(
        self,
        windows: Sequence[LocationWindow],
        *,
        open_visit: timedelta,
    ) -> Iterable[StoredRecord]:
        """Records at ``w.location`` that may intersect ``[w.start, w.end)``, for each ``w``.

        Called once per level. For each location the engine passes its windows
        sorted by start and pairwise disjoint; a record matching several
        windows may be returned once or several times.
        """
        ...


class _Index:
    """Records sorted by check-in, with bisectable keys and the longest closed stay."""

    __slots__ = ("keys", "outs", "items", "longest")

    def __init__(self, items: list[StoredRecord]) -> None:
        items.sort(key=lambda s: s.record.check_in)
        self.items = items
        self.keys = [to_us(s.record.check_in) for s in items]
        # check-out in microseconds, or None for an open record
        self.outs = [
            None if s.record.check_out is None else to_us(s.record.check_out) for s in items
        ]
        self.longest = max(
            (out - key for key, out in zip(self.keys, self.outs, strict=True) if out is not None),
            default=0,
        )

    def window(self, start: int, end: int, open_visit: int) -> Iterator[StoredRecord]:
        lo = bisect_left(self.keys, start - max(open_visit, self.longest))
        hi = bisect_left(self.keys, end)
        open_after = start - open_visit
        keys, outs, items = self.keys, self.outs, self.items
        for i in range(lo, hi):
            out = outs[i]
            if (keys[i] > open_after) if out is None else (out > start):
                yield items[i]


def _utc(record: CheckinRecord) -> CheckinRecord:
    out = record.check_out
    return CheckinRecord(
        record.person,
        record.location,
        record.check_in.astimezone(UTC),
        None if out is None else out.astimezone(UTC),
    )


class InMemoryStore:
    """All records in memory, sorted per person and per location (bisect on check-in).

    Identical records are kept once, with their times converted to UTC (the
    same instants: results do not change, arithmetic gets cheaper). Building
    is O(n log n); each question
    costs O(log n + answer) as long as closed stays are short (the lookback
    is the longest closed stay of the person / at the location, or
    ``open_visit`` if longer).
    """

    def __init__(self, records: Iterable[CheckinRecord]) -> None:
        unique = list(dict.fromkeys(_utc(r) for r in records))
        by_person: defaultdict[str, list[CheckinRecord]] = defaultdict(list)
        for record in unique:
            by_person[record.person].append(record)
        stored_by_person: dict[str, list[StoredRecord]] = {}
        by_location: defaultdict[str, list[StoredRecord]] = defaultdict(list)
        for person, recs in by_person.items():
            recs.sort(key=lambda r: r.check_in)
            stored: list[StoredRecord] = []
            # next check-in strictly later: walk backwards over distinct times
            nxt: datetime | None = None
            i = len(recs) - 1
            while i >= 0:
                j = i
                while j >= 0 and recs[j].check_in == recs[i].check_in:
                    j -= 1
                for k in range(j + 1, i + 1):
                    stored.append(StoredRecord(recs[k], nxt))
                nxt = recs[i].check_in
                i = j
            stored.reverse()
            stored_by_person[person] = stored
            for s in stored:
                by_location[s.record.location].append(s)
        self._persons = {p: _Index(items) for p, items in stored_by_person.items()}
        self._locations = {loc: _Index(items) for loc, items in by_location.items()}
        self._count = len(unique)

    def __len__(self) -> int:
        return self._count

    def records_of(
        self,
        persons: Collection[str],
        start: datetime,
        end: datetime,
        *,
        open_visit: timedelta,
    ) -> Iterator[StoredRecord]:
        s, e, ov = to_us(start), to_us(end), open_visit // _US
        for person in persons:
            index = self._persons.get(person)
            if index is not None:
                yield from index.window(s, e, ov)

    def records_at(
        self,
        windows: Sequence[LocationWindow],
        *,
        open_visit: timedelta,
    ) -> Iterator[StoredRecord]:
        ov = open_visit // _US
        for location, start, end in windows:
            index = self._locations.get(location)
            if index is not None:
                yield from index.window(to_us(start), to_us(end), ov)
