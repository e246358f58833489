"""``SqlStore``: the tracing engine's Store protocol over ``checkin.Visit``.

The engine (``tracing_engine``) asks two bounded questions per level; this store
answers each with a few index range scans, never a scan of the table. See the
contract in ``tracing_engine/stores.py``: an answer may hold extra records and
duplicates, never fewer than the records that can intersect the window.

How a window ``[start, end)`` is bounded
----------------------------------------
``Visit.effective_end`` is the end of presence per tracing.md, stored at
check-in (and cut by a later check-in) with the active profile's
``open_visit_hours`` (H_stored). For a visit with a check-out it *is* the
check-out. So:

A. ``effective_end > start AND check_in < end`` (index on (location,
   effective_end) / (person, effective_end), migration 0002) returns every
   closed visit that may intersect, and every open visit whose presence under
   any ``open_visit_hours <= H_stored`` may intersect (the presence end only
   grows with H). It is bounded on both sides: from ``start`` to the present.
B. When a trace asks for a longer open stay than H_stored, open visits are
   also asked for with the generic bound ``check_out IS NULL AND check_in >
   start - open_visit AND check_in < end`` (index on (…, check_in)), and the
   two answers are concatenated (duplicates are allowed by the contract).

Refused and pending visits are records like any other: a refused person stood
at the gate until the guard decided (``visit_decide`` closes the visit then),
so their presence counts for tracing.

Identities and locations
------------------------
The engine speaks of persons as normalised identities (``Person.identity``,
encrypted) and of locations as ``Location.code``. Identities map to person ids
through the blind index (``Person.index_of``); person ids map back by
decrypting only the persons that appear in an answer. Both maps, and the
location code/id maps, are cached for the store's lifetime (one trace).

``next_check_in`` of an open visit is a correlated subquery (``ORDER BY
check_in LIMIT 1`` on (person, check_in): one index probe per open visit).
IN lists are chunked (900 values) and OR-ed windows batched (150 per query), so
SQLite's variable and expression-depth limits are never reached.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable, Iterator, Sequence
from datetime import datetime, timedelta
from typing import Any

from django.db.models import Case, DateTimeField, OuterRef, Q, QuerySet, Subquery, When

from phongdich.checkin.models import DiseaseProfile, Location, Person, Visit
from tracing_engine.models import CheckinRecord
from tracing_engine.stores import LocationWindow, StoredRecord

__all__ = ["SqlStore", "chunked"]

IN_CHUNK = 900  # values per IN (…) list
OR_CHUNK = 150  # OR-ed windows per query (SQLite's expression depth is 1000)

# (person id, location id, check_in, check_out, next_check_in)
_Row = tuple[int, int, datetime, datetime | None, datetime | None]


def chunked[T](items: Sequence[T], size: int = IN_CHUNK) -> Iterator[Sequence[T]]:
    for begin in range(0, len(items), size):
        yield items[begin : begin + size]


class SqlStore:
    """The Store protocol over the database (module doc).

    ``stored_open_visit_hours`` is the ``open_visit_hours`` the stored
    ``effective_end`` values were computed with (default: the active
    profile's). ``on_query`` is called after each question with the number of
    questions answered so far (for progress reports).
    """

    def __init__(
        self,
        *,
        stored_open_visit_hours: int | None = None,
        on_query: Callable[[int], None] | None = None,
    ) -> None:
        if stored_open_visit_hours is None:
            stored_open_visit_hours = DiseaseProfile.active().open_visit_hours
        self.stored_open_visit = timedelta(hours=stored_open_visit_hours)
        self.on_query = on_query
        self.queries = 0  # questions answered
        self._person_ids: dict[str, int | None] = {}  # identity -> person id (None: unknown)
        self._identities: dict[int, str] = {}  # person id -> identity
        self._location_ids: dict[str, int | None] = {}  # code -> id (None: unknown)
        self._codes: dict[int, str] = {}  # location id -> code

    # Maps ---------------------------------------------------------------

    def person_ids(self, identities: Collection[str]) -> dict[str, int]:
        """Person id of each known identity (normalised); unknown ones are left out."""
        missing = [i for i in dict.fromkeys(identities) if i not in self._person_ids]
        if missing:
            by_index = {Person.index_of(i): i for i in missing}
            for identity in missing:
                self._person_ids[identity] = None
            for chunk in chunked(list(by_index)):
                for pid, index in Person.objects.filter(identity_index__in=chunk).values_list(
                    "id", "identity_index"
                ):
                    identity = by_index[index]
                    self._person_ids[identity] = pid
                    self._identities[pid] = identity
        found: dict[str, int] = {}
        for identity in identities:
            known = self._person_ids.get(identity)
            if known is not None:
                found[identity] = known
        return found

    def identities(self, person_ids: Iterable[int]) -> dict[int, str]:
        """Identity of each person id, decrypting only those not seen before."""
        wanted = set(person_ids)
        missing = sorted(wanted - self._identities.keys())
        for chunk in chunked(missing):
            for pid, identity in Person.objects.filter(pk__in=chunk).values_list("id", "identity"):
                self._identities[pid] = identity
                self._person_ids.setdefault(identity, pid)
        return {pid: self._identities[pid] for pid in wanted if pid in self._identities}

    def location_ids(self, codes: Collection[str]) -> dict[str, int]:
        missing = [c for c in dict.fromkeys(codes) if c not in self._location_ids]
        for code in missing:
            self._location_ids[code] = None
        for chunk in chunked(missing):
            for lid, code in (
                Location.objects.filter(code__in=chunk).order_by().values_list("id", "code")
            ):
                self._location_ids[code] = lid
                self._codes[lid] = code
        found: dict[str, int] = {}
        for code in codes:
            known = self._location_ids.get(code)
            if known is not None:
                found[code] = known
        return found

    def _location_codes(self, location_ids: Iterable[int]) -> dict[int, str]:
        missing = sorted(set(location_ids) - self._codes.keys())
        for chunk in chunked(missing):
            for lid, code in (
                Location.objects.filter(pk__in=chunk).order_by().values_list("id", "code")
            ):
                self._codes[lid] = code
                self._location_ids.setdefault(code, lid)
        return self._codes

    # Queries ------------------------------------------------------------

    def _needs_generic(self, open_visit: timedelta) -> bool:
        return open_visit > self.stored_open_visit

    @staticmethod
    def _rows(where: Q) -> QuerySet[Visit, _Row]:
        following = (
            Visit.objects.filter(person_id=OuterRef("person_id"), check_in__gt=OuterRef("check_in"))
            .order_by("check_in")
            .values("check_in")[:1]
        )
        next_check_in: Any = Case(
            When(check_out__isnull=True, then=Subquery(following)),
            default=None,
            output_field=DateTimeField(),
        )
        return (
            Visit.objects.filter(where)
            .order_by()
            .annotate(next_check_in=next_check_in)
            .values_list("person_id", "location_id", "check_in", "check_out", "next_check_in")
        )

    def _records(self, rows: list[_Row]) -> list[StoredRecord]:
        self.queries += 1
        if self.on_query is not None:
            self.on_query(self.queries)
        if not rows:
            return []
        identities = self.identities({row[0] for row in rows})
        codes = self._location_codes({row[1] for row in rows})
        seen: set[_Row] = set()
        records: list[StoredRecord] = []
        for row in rows:
            if row in seen:
                continue
            seen.add(row)
            pid, lid, check_in, check_out, following = row
            records.append(
                StoredRecord(
                    CheckinRecord(identities[pid], codes[lid], check_in, check_out),
                    following if check_out is None else None,
                )
            )
        return records

    def records_of(
        self,
        persons: Collection[str],
        start: datetime,
        end: datetime,
        *,
        open_visit: timedelta,
    ) -> list[StoredRecord]:
        """Visits of ``persons`` that may intersect ``[start, end)`` (module doc)."""
        ids = sorted(set(self.person_ids(persons).values()))
        rows: list[_Row] = []
        if start < end:
            generic = self._needs_generic(open_visit)
            for chunk in chunked(ids):
                bounded = Q(person_id__in=chunk, effective_end__gt=start, check_in__lt=end)
                rows.extend(self._rows(bounded))
                if generic:
                    opened = Q(
                        person_id__in=chunk,
                        check_out__isnull=True,
                        check_in__gt=start - open_visit,
                        check_in__lt=end,
                    )
                    rows.extend(self._rows(opened))
        return self._records(rows)

    def records_at(
        self,
        windows: Sequence[LocationWindow],
        *,
        open_visit: timedelta,
    ) -> list[StoredRecord]:
        """Visits at each window's location that may intersect it (module doc)."""
        ids = self.location_ids({w.location for w in windows})
        wanted = [(ids[w.location], w.start, w.end) for w in windows if w.location in ids]
        wanted = [w for w in wanted if w[1] < w[2]]
        wanted.sort()
        generic = self._needs_generic(open_visit)
        rows: list[_Row] = []
        for chunk in chunked(wanted, OR_CHUNK):
            bounded = Q()
            for lid, start, end in chunk:
                bounded |= Q(location_id=lid, effective_end__gt=start, check_in__lt=end)
            rows.extend(self._rows(bounded))
            if generic:
                opened = Q()
                for lid, start, end in chunk:
                    opened |= Q(
                        location_id=lid,
                        check_out__isnull=True,
                        check_in__gt=start - open_visit,
                        check_in__lt=end,
                    )
                rows.extend(self._rows(opened))
        return self._records(rows)
