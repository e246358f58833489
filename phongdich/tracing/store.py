"""``SqlStore``: the tracing engine's Store protocol over ``checkin.Visit``.

The engine (``tracing_engine``) asks two bounded questions per level; this store
answers each with two SQL steps (plus a few small lookups), index range scans
only, never a scan of the table. See the contract in ``tracing_engine/stores.py``:
an answer may hold extra records and duplicates, never fewer than the records
that can intersect the window.

How a window ``[start, end)`` is bounded
----------------------------------------
``Visit.effective_end`` is the end of presence per tracing.md as the row knows
it, stored at check-in with the active profile's ``open_visit_hours``
(H_stored); a later check-in elsewhere does not rewrite it (the cut is read
from ``PersonCheckin``), so it is an upper bound. For a visit with a check-out it *is* the
check-out. So:

A. ``effective_end > start AND check_in < end AND effective_end < end + L``
   (index on (location, effective_end, check_in, check_out, person_id),
   migration 0003, covering; (person, effective_end), migration 0002, for a
   person's visits) returns every closed visit that may intersect, and every
   open visit whose presence under any ``open_visit_hours <= H_stored`` may
   intersect (the presence end only grows with H). ``L`` bounds every stay at
   the location (``tracing.LocationStay``, kept by triggers, migration 0008:
   ``max(12 h, longest) + 1 s``; for a person's scan, the longest anywhere), so
   the scan has both ends.
B. When a trace asks for a longer open stay than H_stored, open visits are
   also asked for with the generic bound ``check_out IS NULL AND check_in >
   start - open_visit AND check_in < end`` (index on (…, check_in)), and the
   two answers are concatenated (duplicates are allowed by the contract).

Refused and pending visits are records like any other: a refused person stood
at the gate until the guard decided (``visit_decide`` closes the visit then),
so their presence counts for tracing.

The hot path
------------
The store is a ``tracing_engine.stores.ColumnStore``: it answers in integer
columns (person id, location id, microseconds), never record objects
(``records_of``/``records_at`` remain, built on the columns). Each question is
two steps, each on one table keyed one way (``sql.py``): the visits (and, on
PostgreSQL, the kept visits), then the next check-ins of the open ones from the
person-keyed ``PersonCheckin`` (one probe of its primary key per distinct
(person, check-in)). No query correlates the location-keyed visits with the
person-keyed check-ins. Windows or persons go as one parameter (SQLite: a JSON
array read with ``json_each``; PostgreSQL: arrays read with ``unnest``, times as
microseconds converted in SQL), joined to the visits by an index nested loop.
Rows are de-duplicated as raw tuples; SQLite's timestamp text is turned into
microseconds once per distinct value per process (``_US_CACHE``); the garbage
collector is paused while an answer becomes columns (``_gc_paused``).

Identities and locations
------------------------
The engine speaks of persons as normalised identities (``Person.identity``,
encrypted) and of locations as ``Location.code``. Identities map to person ids
through the blind index (``Person.index_of``); person ids map back through the
stored Fernet token of each person that appears in an answer. Decryption is
cached process-wide *by token* (``_IDENTITY_CACHE``): a token always decrypts
to the same text, so the cache can never serve a stale identity, whatever
happens to person ids (a rolled-back insert may reuse an id on SQLite) or to
their identities. Tokens are still read per trace (one query), only the
decryption is skipped. Tokens not in the cache are decrypted in one batch
(``_fernet_decrypt_batch``: the Fernet spec with one AES call per key instead of
a Fernet context per token; every token authenticated first). The maps are
also kept for the store's lifetime (one trace).

"""

from __future__ import annotations

import base64
import binascii
import gc
import hmac
import json
from collections.abc import Callable, Collection, Iterable, Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from itertools import islice
from typing import Any

from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
from django.conf import settings
from django.db import connection

from phongdich.checkin.models import DiseaseProfile, Person
from phongdich.checkin.sql import citus_installed
from phongdich.core.crypto import decrypt
from phongdich.tracing import sql
from phongdich.tracing.models import STAY_FLOOR_SECONDS
from tracing_engine.models import CheckinRecord
from tracing_engine.stores import Columns, LocationWindow, StoredRecord, to_us

__all__ = ["IDENTITY_CACHE_SIZE", "SqlStore", "chunked"]

# A stay bound that bounds nothing (about 100 years, seconds): Citus keeps no
# longest-stay table, so a window's scan has no lower end there.
_UNBOUNDED_STAY = 100 * 366 * 86_400

IN_CHUNK = 900  # values per IN (…) list (callers of ``chunked``)

# Decrypted identities kept per process, keyed by Fernet token (module doc). About
# 300 bytes an entry: 200,000 entries (a province's persons) ≈ 60 MB.
IDENTITY_CACHE_SIZE = 200_000
_IDENTITY_CACHE: dict[str, str] = {}

_US = timedelta(microseconds=1)
_SECOND_US = 1_000_000
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_NAIVE_EPOCH = datetime(1970, 1, 1)  # noqa: DTZ001 - SQLite holds naive UTC
# SQLite: timestamp text -> microseconds, kept per process (a few MB at most)
_US_CACHE_SIZE = 500_000
_US_CACHE: dict[str, int] = {}


def _from_us(value: int) -> datetime:
    return _EPOCH + timedelta(microseconds=value)


def chunked[T](items: Sequence[T], size: int = IN_CHUNK) -> Iterator[Sequence[T]]:
    for begin in range(0, len(items), size):
        yield items[begin : begin + size]


@contextmanager
def _gc_paused() -> Iterator[None]:
    """No cyclic garbage collection while an answer is read and turned into records.

    An answer is tens of thousands of new tuples, datetimes and records, none of
    them cyclic; each allocation burst would otherwise trigger collections that
    also walk everything the trace already holds (~15 % of a province trace).
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _decrypt_many(tokens: Sequence[str]) -> list[str]:
    """``decrypt`` of each token, cached by token (module doc), the misses decrypted at once.

    The cache keeps at most ``IDENTITY_CACHE_SIZE`` entries (oldest dropped first).
    """
    cache = _IDENTITY_CACHE
    missing = [t for t in dict.fromkeys(tokens) if t not in cache]
    if not missing:
        return [cache[t] for t in tokens]
    found = dict(zip(missing, _fernet_decrypt_batch(missing), strict=True))
    result = [found[t] if t in found else cache[t] for t in tokens]
    cache.update(found)
    if len(cache) > IDENTITY_CACHE_SIZE:
        excess = len(cache) - IDENTITY_CACHE_SIZE + IDENTITY_CACHE_SIZE // 10
        for old in list(islice(cache, excess)):
            del cache[old]
    return result


def _fernet_decrypt_batch(tokens: Sequence[str]) -> list[str]:
    """Fernet decryption of many tokens with one AES call per key, same result as ``decrypt``.

    ``cryptography``'s Fernet costs ~15 µs a token (a new HMAC and CBC context
    each); a province trace decrypts ~55,000. Here, per the Fernet spec
    (version 0x80, timestamp, IV, AES-128-CBC ciphertext, HMAC-SHA256 over all
    that): every token is authenticated first (``hmac.compare_digest``, keys
    tried in ``FIELD_ENCRYPTION_KEYS`` order as ``MultiFernet`` does); then the
    ciphertext blocks of all authenticated tokens are deciphered in one AES call
    and each block is XOR-ed with the previous ciphertext block (CBC), and the
    PKCS7 padding is checked and removed. Any token this path cannot take (not
    authenticated, malformed, bad padding or UTF-8) goes through ``decrypt``,
    which raises as it always does. No time-to-live is checked (as ``decrypt``).
    """
    keys = []
    for key in settings.FIELD_ENCRYPTION_KEYS:
        raw = base64.urlsafe_b64decode(key.encode())
        keys.append((raw[:16], raw[16:]))
    plain: dict[int, str] = {}
    slow: list[int] = []
    pending: list[list[tuple[int, bytes, bytes]]] = [[] for _ in keys]  # (index, iv, cipher)
    for i, token in enumerate(tokens):
        try:
            data = base64.urlsafe_b64decode(token)
        except (binascii.Error, ValueError):
            slow.append(i)
            continue
        if len(data) < 73 or data[0] != 0x80 or (len(data) - 57) % 16:
            slow.append(i)
            continue
        signed, tag = data[:-32], data[-32:]
        for k, (signing, _) in enumerate(keys):
            if hmac.compare_digest(hmac.digest(signing, signed, "sha256"), tag):
                pending[k].append((i, data[9:25], data[25:-32]))
                break
        else:
            slow.append(i)
    for (_, encryption), items in zip(keys, pending, strict=True):
        if not items:
            continue
        # ECB here deciphers single blocks; chaining (CBC) is applied below.
        cipher = Cipher(algorithms.AES(encryption), modes.ECB())  # noqa: S305
        decryptor = cipher.decryptor()
        blocks = decryptor.update(b"".join(body for _, _, body in items)) + decryptor.finalize()
        at = 0
        for i, iv, body in items:
            size = len(body)
            chained = (iv + body[:-16]) if size > 16 else iv
            padded = (int.from_bytes(blocks[at : at + size]) ^ int.from_bytes(chained)).to_bytes(
                size
            )
            at += size
            pad = padded[-1]
            if not 1 <= pad <= 16 or padded[-pad:] != bytes((pad,)) * pad:
                slow.append(i)
                continue
            try:
                plain[i] = padded[:-pad].decode()
            except UnicodeDecodeError:
                slow.append(i)
    for i in slow:
        plain[i] = decrypt(tokens[i])
    return [plain[i] for i in range(len(tokens))]


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
        self._stored_us = self.stored_open_visit // _US
        self.on_query = on_query
        self.queries = 0  # questions answered
        # Citus: no longest-stay bound (its triggers cannot live on a distributed
        # table: checkin.citus), the next check-ins by a join (sql.CITUS_NEXT_US).
        self._citus = connection.vendor == "postgresql" and citus_installed()
        self._person_ids: dict[str, int | None] = {}  # identity -> person id (None: unknown)
        self._identities: dict[int, str] = {}  # person id -> identity
        self._location_ids: dict[str, int | None] = {}  # code -> id (None: unknown)
        self._codes: dict[int, str] = {}  # location id -> code
        self._sqlite = connection.vendor == "sqlite"

    # Database helpers ---------------------------------------------------------

    def _fetch(self, text: str, params: Sequence[Any]) -> list[tuple[Any, ...]]:
        with connection.cursor() as cursor:
            cursor.execute(text, params)
            return cursor.fetchall()

    def _ids_param(self, ids: Sequence[int]) -> str:
        """A list of ids as one parameter: a JSON array (SQLite) or an array literal
        (PostgreSQL; cheaper to send than a list adapted value by value)."""
        if self._sqlite:
            return json.dumps(list(ids))
        return "{" + ",".join(map(str, ids)) + "}"

    def _by_ids(self, sqlite: str, pg: str, ids: Sequence[int]) -> list[tuple[Any, ...]]:
        """``(id, column)`` rows of one ``sql`` by-ids text (SQLite or PostgreSQL's)."""
        return self._fetch(sqlite if self._sqlite else pg, [self._ids_param(ids)])

    def _param(self, value: datetime) -> Any:
        """A datetime as the database compares it (SQLite: Django's naive-UTC text)."""
        if self._sqlite:
            return connection.ops.adapt_datetimefield_value(value)
        return value

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
        """Identity of each person id (decryption cached by token, module doc)."""
        wanted = set(person_ids)
        self._learn_identities(wanted)
        return {pid: self._identities[pid] for pid in wanted if pid in self._identities}

    def _learn_identities(self, person_ids: set[int]) -> dict[int, str]:
        """Fill the person id -> identity map for ``person_ids``; returns the whole map."""
        known = self._identities
        missing = sorted(person_ids - known.keys())
        if missing:
            rows = self._by_ids(sql.SQLITE_PERSON_IDENTITIES, sql.PG_PERSON_IDENTITIES, missing)
            decrypted = _decrypt_many([token for _, token in rows])
            known.update(zip([pid for pid, _ in rows], decrypted, strict=True))
            person_ids_of = self._person_ids
            for pid, _ in rows:
                person_ids_of.setdefault(known[pid], pid)
        return known

    def location_ids(self, codes: Collection[str]) -> dict[str, int]:
        missing = [c for c in dict.fromkeys(codes) if c not in self._location_ids]
        for code in missing:
            self._location_ids[code] = None
        if missing:
            param: Any
            if self._sqlite:
                text, param = sql.SQLITE_LOCATION_IDS, json.dumps(missing)
            else:
                text, param = sql.PG_LOCATION_IDS, missing
            for lid, code in self._fetch(text, [param]):
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
        if missing:
            for lid, code in self._by_ids(
                sql.SQLITE_LOCATION_CODES, sql.PG_LOCATION_CODES, missing
            ):
                self._codes[lid] = code
                self._location_ids.setdefault(code, lid)
        return self._codes

    # Column store (tracing_engine.stores.ColumnStore) -----------------------

    def person_keys(self, identities: Collection[str]) -> dict[str, int]:
        return self.person_ids(identities)

    def identities_of(self, keys: Collection[int]) -> dict[int, str]:
        return self.identities(keys)

    def location_codes(self, keys: Collection[int]) -> dict[int, str]:
        codes = self._location_codes(keys)
        return {key: codes[key] for key in keys if key in codes}

    def _us(self, text: str) -> int:
        """SQLite's naive-UTC timestamp text as microseconds (cached per process)."""
        value = _US_CACHE.get(text)
        if value is None:
            value = to_us(datetime.fromisoformat(text).replace(tzinfo=UTC))
            if len(_US_CACHE) >= _US_CACHE_SIZE:
                _US_CACHE.clear()
            _US_CACHE[text] = value
        return value

    def _text(self, us: int) -> str:
        """Microseconds as SQLite's naive-UTC timestamp text (what Django writes)."""
        return (_NAIVE_EPOCH + timedelta(microseconds=us)).isoformat(" ")

    def _columns(
        self, rows: list[tuple[Any, ...]], kept: list[tuple[Any, ...]], open_visit: int
    ) -> Columns:
        """Distinct rows as columns, the next check-ins of the open visits looked up
        (step 2, module doc); ``kept`` rows carry their own next check-in."""
        self.queries += 1
        if self.on_query is not None:
            self.on_query(self.queries)
        unique = list(dict.fromkeys(rows))
        columns = Columns.empty()
        if unique:
            nexts = self._nexts(unique, open_visit)
            persons, locations, starts, outs = (list(c) for c in zip(*unique, strict=True))
            if self._sqlite:
                us = self._us
                starts = [us(c) for c in starts]
                outs = [None if o is None else us(o) for o in outs]
            columns = Columns(persons, locations, starts, outs, nexts)
        for p, lid, c, o, n in dict.fromkeys(kept):
            columns.persons.append(p)
            columns.locations.append(lid)
            columns.starts.append(c)
            columns.outs.append(o)
            columns.nexts.append(n)
        return columns

    def _nexts(self, rows: list[tuple[Any, ...]], open_visit: int) -> list[int | None]:
        """The next check-in (µs) of each open row's person (None for a closed row). On
        plain PostgreSQL only one before check-in + ``open_visit`` is looked for (None
        otherwise): a later one cannot cut the presence (``Columns.nexts``)."""
        pairs = list(dict.fromkeys((p, c) for p, _, c, o in rows if o is None))
        if not pairs:
            return [None] * len(rows)
        found: dict[tuple[int, Any], int | None] = {}
        for chunk in chunked(pairs, 50_000):
            if self._sqlite:
                answer = self._fetch(sql.SQLITE_NEXT, [json.dumps(chunk)])
                us = self._us
                for position, following in answer:
                    found[chunk[position]] = None if following is None else us(following)
            elif self._citus:
                ids = self._ids_param([p for p, _ in chunk])
                answer = self._fetch(
                    sql.CITUS_NEXT_US, [ids, self._ids_param([c for _, c in chunk]), ids]
                )
                for position, following in answer:
                    found[chunk[position - 1]] = following
            else:
                answer = self._fetch(
                    sql.PG_NEXT,
                    [
                        open_visit,
                        self._ids_param([p for p, _ in chunk]),
                        self._ids_param([c for _, c in chunk]),
                    ],
                )
                for position, following in answer:
                    found[chunk[position - 1]] = following
        get = found.get
        return [None if o is not None else get((p, c)) for p, _, c, o in rows]

    def _longest(self, location_ids: Sequence[int]) -> dict[int, int]:
        """The recorded longest stay (seconds) of each of these locations that has one."""
        rows = self._by_ids(sql.SQLITE_LONGEST, sql.PG_LONGEST, location_ids)
        return dict(rows)

    def columns_of(
        self, persons: Sequence[int], start: int, end: int, *, open_visit: int
    ) -> Columns:
        """Visits of the persons (ids) that may intersect ``[start, end)`` (module doc)."""
        with _gc_paused():
            rows: list[tuple[Any, ...]] = []
            kept: list[tuple[Any, ...]] = []
            if start < end and persons:
                ids = self._ids_param(sorted(set(persons)))
                generic = open_visit > self._stored_us
                if self._citus:
                    anywhere = _UNBOUNDED_STAY
                else:
                    ((anywhere,),) = self._fetch(sql.LONGEST_ANYWHERE, [])
                until = end + (max(STAY_FLOOR_SECONDS, anywhere or 0) + 1) * _SECOND_US
                if self._sqlite:
                    bounds = [self._text(start), self._text(end)]
                    rows.extend(self._fetch(sql.SQLITE_OF, [ids, *bounds, self._text(until)]))
                    if generic:
                        after = self._text(start - open_visit)
                        rows.extend(self._fetch(sql.SQLITE_OF_OPEN, [ids, after, bounds[1]]))
                elif self._citus:
                    since = start - open_visit
                    # without the longer open length no open visit qualifies by its start
                    rows.extend(self._citus_of(ids, start, end, since if generic else end))
                    kept.extend(self._fetch(sql.PG_OF_KEPT, [ids, start, end, until]))
                    if generic:
                        kept.extend(self._fetch(sql.PG_OF_OPEN_KEPT, [ids, since, end, until]))
                else:
                    rows.extend(self._fetch(sql.PG_OF, [ids, start, end, until]))
                    kept.extend(self._fetch(sql.PG_OF_KEPT, [ids, start, end, until]))
                    if generic:
                        since = start - open_visit
                        rows.extend(self._fetch(sql.PG_OF_OPEN, [ids, since, end, until]))
                        kept.extend(self._fetch(sql.PG_OF_OPEN_KEPT, [ids, since, end, until]))
            return self._columns(rows, kept, open_visit)

    def _citus_of(self, ids: str, start: int, end: int, opened: int) -> list[tuple[Any, ...]]:
        """Citus: the persons' visits in two steps (sql.CITUS_CHECKINS_OF, CITUS_OF), each
        on the shards of the people, then of the locations they were at, only; open
        visits that began after ``opened`` count whatever their stored end."""
        checkins = self._fetch(sql.CITUS_CHECKINS_OF, [ids, end])
        rows: list[tuple[Any, ...]] = []
        for chunk in chunked(checkins, 50_000):
            rows.extend(
                self._fetch(
                    sql.CITUS_OF,
                    [
                        self._ids_param([lid for lid, _, _ in chunk]),
                        self._ids_param([c for _, c, _ in chunk]),
                        self._ids_param([p for _, _, p in chunk]),
                        self._ids_param(sorted({lid for lid, _, _ in chunk})),
                        end,
                        start,
                        opened,
                    ],
                )
            )
        return rows

    def columns_at(self, windows: Sequence[tuple[int, int, int]], *, open_visit: int) -> Columns:
        """Visits at each window's location (id) that may intersect it (module doc)."""
        with _gc_paused():
            rows: list[tuple[Any, ...]] = []
            kept: list[tuple[Any, ...]] = []
            wanted = sorted((lid, s, e) for lid, s, e in windows if s < e)
            if wanted:
                generic = open_visit > self._stored_us
                lids = sorted({lid for lid, _, _ in wanted})
                longest = (
                    dict.fromkeys(lids, _UNBOUNDED_STAY) if self._citus else self._longest(lids)
                )
                floor = STAY_FLOOR_SECONDS
                # effective_end - check_in <= the bound, so effective_end < end + bound
                bound = {
                    lid: (max(floor, seconds) + 1) * _SECOND_US for lid, seconds in longest.items()
                }
                default = (floor + 1) * _SECOND_US
                limits = [e + bound.get(lid, default) for lid, _, e in wanted]
                if self._sqlite:
                    text = self._text
                    spans = json.dumps(
                        [
                            [lid, text(s), text(e), text(s - open_visit), text(b)]
                            for (lid, s, e), b in zip(wanted, limits, strict=True)
                        ]
                    )
                    rows.extend(self._fetch(sql.SQLITE_AT, [spans]))
                    if generic:
                        rows.extend(self._fetch(sql.SQLITE_AT_OPEN, [spans]))
                else:
                    ids = self._ids_param
                    arrays = [
                        ids([lid for lid, _, _ in wanted]),
                        ids([s for _, s, _ in wanted]),
                        ids([e for _, _, e in wanted]),
                        ids([s - open_visit for _, s, _ in wanted]),
                        ids(limits),
                    ]
                    # Citus: the location ids again, as the shard pruning list
                    at, at_open, visit_arrays = (
                        (sql.CITUS_AT, sql.CITUS_AT_OPEN, [*arrays, ids(lids)])
                        if self._citus
                        else (sql.PG_AT, sql.PG_AT_OPEN, arrays)
                    )
                    rows.extend(self._fetch(at, visit_arrays))
                    kept.extend(self._fetch(sql.PG_AT_KEPT, arrays))
                    if generic:
                        rows.extend(self._fetch(at_open, visit_arrays))
                        kept.extend(self._fetch(sql.PG_AT_OPEN_KEPT, arrays))
            return self._columns(rows, kept, open_visit)

    # Store (tracing_engine.stores.Store) ----------------------------------

    def _records(self, columns: Columns) -> list[StoredRecord]:
        identities = self._learn_identities(set(columns.persons))
        codes = self._location_codes(set(columns.locations))
        trusted = CheckinRecord.trusted
        return [
            StoredRecord(
                trusted(identities[p], codes[lid], _from_us(c), None if o is None else _from_us(o)),
                None if n is None else _from_us(n),
            )
            for p, lid, c, o, n in zip(
                columns.persons,
                columns.locations,
                columns.starts,
                columns.outs,
                columns.nexts,
                strict=True,
            )
        ]

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
        answer = self.columns_of(ids, to_us(start), to_us(end), open_visit=open_visit // _US)
        return self._records(answer)

    def records_at(
        self,
        windows: Sequence[LocationWindow],
        *,
        open_visit: timedelta,
    ) -> list[StoredRecord]:
        """Visits at each window's location that may intersect it (module doc)."""
        ids = self.location_ids({w.location for w in windows})
        wanted = [
            (ids[w.location], to_us(w.start), to_us(w.end)) for w in windows if w.location in ids
        ]
        return self._records(self.columns_at(wanted, open_visit=open_visit // _US))
