"""``SqlStore``: the tracing engine's Store protocol over ``checkin.Visit``.

The engine (``tracing_engine``) asks two bounded questions per level; this store
answers each with one SQL query (plus a few small lookups), index range scans
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

A. ``effective_end > start AND check_in < end`` (index on (location,
   effective_end, check_in, check_out, person_id), migration 0003, covering: the
   ``check_in`` filter and the answer need no table row; (person,
   effective_end), migration 0002) returns every closed visit that may
   intersect, and every open visit whose presence under any ``open_visit_hours
   <= H_stored`` may intersect (the presence end only grows with H). The scan
   runs from ``start`` to the location's newest visit (closed visits have no
   length limit, so nothing bounds ``check_in`` from below).
B. When a trace asks for a longer open stay than H_stored, open visits are
   also asked for with the generic bound ``check_out IS NULL AND check_in >
   start - open_visit AND check_in < end`` (index on (…, check_in)), and the
   two answers are concatenated (duplicates are allowed by the contract).

Refused and pending visits are records like any other: a refused person stood
at the gate until the guard decided (``visit_decide`` closes the visit then),
so their presence counts for tracing.

The hot path
------------
A province trace reads tens of thousands of rows, so the two questions skip the
ORM: one parameterised SQL text per question and database (all in ``sql.py``),
the windows (or persons) passed as one parameter (SQLite: a JSON array read with
``json_each``; PostgreSQL: arrays read with ``unnest``), joined to the visits by
an index nested loop. Rows are de-duplicated as raw tuples; SQLite's timestamp text is
parsed once per distinct value (``fromisoformat``; the database holds naive UTC,
as Django writes it), PostgreSQL's with psycopg's C loader rather than Django's
Python one; the garbage collector is paused while an answer becomes records
(``_gc_paused``); and records are built with ``CheckinRecord.trusted``: the
identities come decrypted from ``Person.identity`` (normalised by
``person_upsert``), the location codes are non-empty and the CHECK constraint
``visit_checkout_after_checkin`` guarantees ``check_out > check_in``.

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

``next_check_in`` of an open visit is a correlated subquery on the person-keyed
``PersonCheckin`` (``ORDER BY check_in LIMIT 1`` on its primary key (person,
check_in, location): one index probe per open visit).
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

from phongdich.checkin.sql import citus_installed
from psycopg.types.datetime import TimestamptzLoader

from phongdich.checkin.models import DiseaseProfile, Person
from phongdich.core.crypto import decrypt
from phongdich.tracing import sql
from tracing_engine.models import CheckinRecord
from tracing_engine.stores import LocationWindow, StoredRecord

__all__ = ["IDENTITY_CACHE_SIZE", "SqlStore", "chunked"]

IN_CHUNK = 900  # values per IN (…) list (callers of ``chunked``)

# Decrypted identities kept per process, keyed by Fernet token (module doc). About
# 300 bytes an entry: 200,000 entries (a province's persons) ≈ 60 MB.
IDENTITY_CACHE_SIZE = 200_000
_IDENTITY_CACHE: dict[str, str] = {}

# (person id, location id, check_in, check_out, next_check_in); the times are
# datetimes on PostgreSQL and naive-UTC text on SQLite
_Row = tuple[int, int, Any, Any, Any]


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
        self.on_query = on_query
        self.queries = 0  # questions answered
        self._person_ids: dict[str, int | None] = {}  # identity -> person id (None: unknown)
        self._identities: dict[int, str] = {}  # person id -> identity
        self._location_ids: dict[str, int | None] = {}  # code -> id (None: unknown)
        self._codes: dict[int, str] = {}  # location id -> code
        self._sqlite = connection.vendor == "sqlite"
        self._citus = not self._sqlite and citus_installed()  # sql.CITUS_* texts
        self._times: dict[str, datetime] = {}  # SQLite: timestamp text -> aware datetime

    # Database helpers ---------------------------------------------------------

    def _fetch(self, text: str, params: Sequence[Any]) -> list[tuple[Any, ...]]:
        with connection.cursor() as cursor:
            if not self._sqlite:
                # psycopg's own (C) timestamptz loader on this cursor only: Django's
                # loader re-sets the tzinfo of every value in Python. Both give UTC
                # datetimes (Django's connections run with TimeZone = UTC).
                cursor.cursor.adapters.register_loader("timestamptz", TimestamptzLoader)
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

    def _parse(self, text: str) -> datetime:
        """SQLite's naive-UTC timestamp text as an aware datetime (cached per store)."""
        value = datetime.fromisoformat(text).replace(tzinfo=UTC)
        self._times[text] = value
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

    # Queries ------------------------------------------------------------

    def _needs_generic(self, open_visit: timedelta) -> bool:
        return open_visit > self.stored_open_visit

    def _records(self, rows: list[tuple[Any, ...]]) -> list[StoredRecord]:
        """Distinct rows as records (the caller pauses the garbage collector)."""
        self.queries += 1
        if self.on_query is not None:
            self.on_query(self.queries)
        if not rows:
            return []
        unique: dict[tuple[Any, ...], None] = dict.fromkeys(rows)
        identities = self._learn_identities({row[0] for row in unique})
        codes = self._location_codes({row[1] for row in unique})
        trusted = CheckinRecord.trusted
        records: list[StoredRecord] = []
        append = records.append
        if not self._sqlite:
            for pid, lid, check_in, check_out, following in unique:
                append(
                    StoredRecord(
                        trusted(identities[pid], codes[lid], check_in, check_out),
                        following if check_out is None else None,
                    )
                )
            return records
        # SQLite: naive-UTC text, parsed once per distinct value
        known = self._times.get
        parse = self._parse
        for pid, lid, check_in, check_out, following in unique:
            start = known(check_in) or parse(check_in)
            if check_out is None:
                record = trusted(identities[pid], codes[lid], start, None)
                after = None if following is None else (known(following) or parse(following))
                append(StoredRecord(record, after))
            else:
                end = known(check_out) or parse(check_out)
                append(StoredRecord(trusted(identities[pid], codes[lid], start, end)))
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
        with _gc_paused():
            return self._records_of(ids, start, end, open_visit)

    def _records_of(
        self, ids: list[int], start: datetime, end: datetime, open_visit: timedelta
    ) -> list[StoredRecord]:
        rows: list[tuple[Any, ...]] = []
        if start < end and ids:
            bounds = [self._param(start), self._param(end)]
            if self._citus:
                person_ids = self._ids_param(ids)
                both = [person_ids, *bounds, person_ids, *bounds]
                rows.extend(self._fetch(sql.CITUS_OF, both))
                if self._needs_generic(open_visit):
                    after = self._param(start - open_visit)
                    both = [person_ids, after, bounds[1], person_ids, after, bounds[1]]
                    rows.extend(self._fetch(sql.CITUS_OF_OPEN, both))
                return self._records(self._with_next(rows))
            bounded, opened = (
                (sql.SQLITE_OF, sql.SQLITE_OF_OPEN) if self._sqlite else (sql.PG_OF, sql.PG_OF_OPEN)
            )
            rows.extend(self._fetch(bounded, [self._ids_param(ids), *bounds]))
            if self._needs_generic(open_visit):
                after = self._param(start - open_visit)
                rows.extend(self._fetch(opened, [self._ids_param(ids), after, bounds[1]]))
        return self._records(rows)

    def records_at(
        self,
        windows: Sequence[LocationWindow],
        *,
        open_visit: timedelta,
    ) -> list[StoredRecord]:
        """Visits at each window's location that may intersect it (module doc)."""
        ids = self.location_ids({w.location for w in windows})
        wanted = sorted(
            (ids[w.location], w.start, w.end)
            for w in windows
            if w.location in ids and w.start < w.end
        )
        with _gc_paused():
            return self._records_at(wanted, open_visit)

    def _records_at(
        self, wanted: list[tuple[int, datetime, datetime]], open_visit: timedelta
    ) -> list[StoredRecord]:
        rows: list[tuple[Any, ...]] = []
        if wanted:
            generic = self._needs_generic(open_visit)
            param = self._param
            if self._sqlite:
                spans = json.dumps(
                    [[lid, param(s), param(e), param(s - open_visit)] for lid, s, e in wanted]
                )
                rows.extend(self._fetch(sql.SQLITE_AT, [spans]))
                if generic:
                    rows.extend(self._fetch(sql.SQLITE_AT_OPEN, [spans]))
            else:
                arrays = [
                    self._ids_param([lid for lid, _, _ in wanted]),
                    [s for _, s, _ in wanted],
                    [e for _, _, e in wanted],
                    [s - open_visit for _, s, _ in wanted],
                ]
                if self._citus:
                    pruned = [*arrays, arrays[0]]
                    visits = self._fetch(sql.CITUS_AT, pruned)
                    if generic:
                        visits.extend(self._fetch(sql.CITUS_AT_OPEN, pruned))
                    rows.extend(self._with_next(visits))
                    rows.extend(self._fetch(sql.CITUS_AT_KEPT, pruned))
                    if generic:
                        rows.extend(self._fetch(sql.CITUS_AT_OPEN_KEPT, pruned))
                    return self._records(rows)
                rows.extend(self._fetch(sql.PG_AT, arrays))
                if generic:
                    rows.extend(self._fetch(sql.PG_AT_OPEN, arrays))
        return self._records(rows)

    def _with_next(self, rows: list[tuple[Any, ...]]) -> list[tuple[Any, ...]]:
        """Citus: each open visit's next check-in (NULL in the visit texts) from a
        second query on the person-keyed check-ins (sql.CITUS_NEXT); kept rows come
        with theirs (a row whose next is already set is left as it is)."""
        wanted = sorted({(row[0], row[2]) for row in rows if row[3] is None and row[4] is None})
        if not wanted:
            return rows
        following: dict[tuple[Any, Any], Any] = {}
        for chunk in range(0, len(wanted), 5000):
            part = wanted[chunk : chunk + 5000]
            pids = self._ids_param([pid for pid, _ in part])
            for pid, check_in, after in self._fetch(
                sql.CITUS_NEXT, [pids, [ci for _, ci in part], pids]
            ):
                following[(pid, check_in)] = after
        return [
            row
            if row[3] is not None or row[4] is not None
            else (*row[:4], following.get((row[0], row[2])))
            for row in rows
        ]
