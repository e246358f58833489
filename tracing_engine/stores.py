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
from typing import NamedTuple, Protocol, runtime_checkable

from .models import CheckinRecord

__all__ = [
    "ColumnStore",
    "Columns",
    "InMemoryStore",
    "LocationWindow",
    "Store",
    "StoredRecord",
    "to_us",
]

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


@dataclass(slots=True)
class Columns:
    """An answer in columns: position ``i`` of every list is one record.

    Persons and locations are a ``ColumnStore``'s integer keys; times are
    microseconds since the Unix epoch. ``outs[i]`` is the check-out (None: none
    recorded); ``nexts[i]`` the person's next check-in strictly later than
    ``starts[i]`` (module doc), needed only where ``outs[i]`` is None; a store may
    give None for one at or after ``starts[i]`` + the ``open_visit`` it was asked
    with, which cannot cut the presence.
    """

    persons: list[int]
    locations: list[int]
    starts: list[int]
    outs: list[int | None]
    nexts: list[int | None]

    @classmethod
    def empty(cls) -> Columns:
        return cls([], [], [], [], [])

    def __len__(self) -> int:
        return len(self.starts)


@runtime_checkable
class ColumnStore(Protocol):
    """A store that answers in columns of integers (no record objects).

    The same two questions and the same contract as ``Store`` (module doc), with
    persons and locations as integer keys and times as microseconds since the
    epoch; a window is ``(location key, start, end)``. Keys are the store's own
    (e.g. database ids), one per identity and per location code. The engine
    uses this interface when a store has it, else ``Store``'s.
    """

    def person_keys(self, identities: Collection[str]) -> dict[str, int]:
        """The key of each known identity (normalised); unknown ones are left out."""
        ...

    def identities_of(self, keys: Collection[int]) -> dict[int, str]:
        """The normalised identity of each person key."""
        ...

    def location_codes(self, keys: Collection[int]) -> dict[int, str]:
        """The code of each location key."""
        ...

    def columns_of(
        self, persons: Sequence[int], start: int, end: int, *, open_visit: int
    ) -> Columns:
        """Records of any of ``persons`` that may intersect ``[start, end)``."""
        ...

    def columns_at(self, windows: Sequence[tuple[int, int, int]], *, open_visit: int) -> Columns:
        """Records at each window's location that may intersect it (windows of one
        location sorted by start and pairwise disjoint)."""
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


def _from_us(value: int) -> datetime:
    return _EPOCH + timedelta(microseconds=value)


class RecordColumns:
    """A ``Store`` seen as a ``ColumnStore``: identities and location codes get keys
    in order of first sight, each answer's records become columns."""

    __slots__ = ("_store", "_person_keys", "_persons", "_location_keys", "_locations")

    def __init__(self, store: Store) -> None:
        self._store = store
        self._person_keys: dict[str, int] = {}
        self._persons: list[str] = []
        self._location_keys: dict[str, int] = {}
        self._locations: list[str] = []

    def _key(self, person: str) -> int:
        key = self._person_keys.get(person)
        if key is None:
            key = self._person_keys[person] = len(self._persons)
            self._persons.append(person)
        return key

    def _location_key(self, code: str) -> int:
        key = self._location_keys.get(code)
        if key is None:
            key = self._location_keys[code] = len(self._locations)
            self._locations.append(code)
        return key

    def person_keys(self, identities: Collection[str]) -> dict[str, int]:
        return {identity: self._key(identity) for identity in identities}

    def identities_of(self, keys: Collection[int]) -> dict[int, str]:
        persons = self._persons
        return {key: persons[key] for key in keys}

    def location_codes(self, keys: Collection[int]) -> dict[int, str]:
        locations = self._locations
        return {key: locations[key] for key in keys}

    def _columns(self, answer: Iterable[StoredRecord]) -> Columns:
        columns = Columns.empty()
        for stored in answer:
            record = stored.record
            columns.persons.append(self._key(record.person))
            columns.locations.append(self._location_key(record.location))
            columns.starts.append(to_us(record.check_in))
            out = record.check_out
            following = stored.next_check_in
            columns.outs.append(None if out is None else to_us(out))
            columns.nexts.append(None if following is None else to_us(following))
        return columns

    def columns_of(
        self, persons: Sequence[int], start: int, end: int, *, open_visit: int
    ) -> Columns:
        names = self._persons
        return self._columns(
            self._store.records_of(
                [names[key] for key in persons],
                _from_us(start),
                _from_us(end),
                open_visit=timedelta(microseconds=open_visit),
            )
        )

    def columns_at(self, windows: Sequence[tuple[int, int, int]], *, open_visit: int) -> Columns:
        codes = self._locations
        return self._columns(
            self._store.records_at(
                [LocationWindow(codes[lid], _from_us(s), _from_us(e)) for lid, s, e in windows],
                open_visit=timedelta(microseconds=open_visit),
            )
        )
