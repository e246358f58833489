"""Writing imported check-in records (``manage.py import_checkins``, the demo visits).

The file is read and judged first (checkin/importer.py, column arrays of a few bytes
a row); this stores the judged rows in one transaction with its audit entry. Built
for millions of rows in bounded memory:

1. gates and people: the missing ones created, the new people's identities and names
   encrypted together (``crypto.encrypt_many``) and their blind indexes computed once
   each; new people get ascending ids in file order;
2. the rows grouped by person (a counting sort of row numbers, in person-id order);
3. for people already stored, their stored visits and check-ins read a few hundred
   people at a time (before any index is dropped): which rows are already stored,
   which check-ins are already known, the next stored check-in after each open row;
4. one pass over the people, each person's rows sorted: exact duplicates merged,
   effective ends (tracing.md, *Presence interval*: check-out, else the earliest of
   check-in + open hours, local midnight and the person's next check-in), the visits
   and the person-keyed check-ins (``PersonCheckin``, in key order) written in
   batches as they come (``COPY`` on PostgreSQL, ``executemany`` on SQLite, sql.py);
   on SQLite the tables' secondary indexes are dropped first and built once at the
   end, on PostgreSQL the file's day partitions are made first (no row lands in
   DEFAULT).
"""

from __future__ import annotations

import hashlib
import hmac
import time
from array import array
from bisect import bisect_right
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from itertools import accumulate
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from phongdich.checkin import partitions, sql
from phongdich.checkin.importer import NO_TIME, ImportFileError, ParsedFile, Record, from_us, to_us
from phongdich.checkin.models import DiseaseProfile, Location, Person, PersonCheckin, Visit
from phongdich.checkin.presence import local_midnight_after
from phongdich.core.audit import audit
from phongdich.core.crypto import encrypt_many
from phongdich.org.models import Staff, Unit

DEFAULT_UNIT_CODE = "MAC-DINH"
DEFAULT_UNIT_NAME = "Đơn vị mặc định"


@dataclass
class ImportResult:
    imported: int = 0
    duplicates_in_file: int = 0  # rows identical to an earlier row of the same input
    duplicates_in_db: int = 0
    persons_created: int = 0
    persons_updated: int = 0
    new_locations: list[str] = field(default_factory=list)
    default_unit: str = ""
    timings: dict[str, float] = field(default_factory=dict)  # stage -> seconds

    def lap(self, stage: str) -> None:
        now = time.perf_counter()
        self.timings[stage] = now - self.timings.pop("_", now)
        self.timings["_"] = now


def default_unit() -> Unit:
    """The unit that new gates go under: CHECKIN_IMPORT_DEFAULT_UNIT (a unit code), else
    the root unit (no parent, first by path), else a new "Đơn vị mặc định"."""
    code = getattr(settings, "CHECKIN_IMPORT_DEFAULT_UNIT", "")
    if code:
        unit = Unit.objects.filter(code=code).first()
        if unit is None:
            raise ImportFileError(
                f"CHECKIN_IMPORT_DEFAULT_UNIT={code!r}: không có đơn vị nào mang mã này"
            )
        return unit
    unit = Unit.objects.filter(parent__isnull=True).order_by("path", "pk").first()
    if unit is None:
        unit = Unit.objects.create(
            code=DEFAULT_UNIT_CODE, name=DEFAULT_UNIT_NAME, kind=Unit.Kind.OTHER
        )
    return unit


def _locations(codes: set[str], result: ImportResult) -> dict[str, tuple[int, int]]:
    """code -> (location id, unit id); unknown codes are created under the default unit.
    An existing code that differs only in letter case is the same gate."""
    exact: dict[str, tuple[int, int]] = {}
    folded: dict[str, tuple[int, int]] = {}
    for loc_id, code, unit_id in Location.objects.order_by("pk").values_list(
        "id", "code", "unit_id"
    ):
        exact[code] = (loc_id, unit_id)
        folded.setdefault(code.upper(), (loc_id, unit_id))
    found: dict[str, tuple[int, int]] = {}
    missing: dict[str, str] = {}  # upper-cased code -> the spelling first seen
    for code in sorted(codes):
        hit = exact.get(code) or folded.get(code.upper())
        if hit is not None:
            found[code] = hit
        else:
            missing.setdefault(code.upper(), code)
    if missing:
        unit = default_unit()
        result.default_unit = f"{unit.name} ({unit.code})"
        Location.objects.bulk_create(
            [Location(code=code, name=code, unit=unit) for code in missing.values()]
        )
        created = dict(
            (code.upper(), (loc_id, unit_id))
            for loc_id, code, unit_id in Location.objects.filter(
                code__in=list(missing.values())
            ).values_list("id", "code", "unit_id")
        )
        for code in codes:
            if code not in found:
                found[code] = created[code.upper()]
        result.new_locations = sorted(missing.values())
    return found


def _staff_links() -> tuple[dict[str, int], dict[str, int]]:
    by_phone: dict[str, int] = {}
    by_code: dict[str, int] = {}
    for staff_id, code, phone_index in Staff.objects.filter(is_active=True).values_list(
        "id", "staff_code", "phone_index"
    ):
        by_code.setdefault(code, staff_id)
        if phone_index:
            by_phone.setdefault(phone_index, staff_id)
    return by_phone, by_code


def _hasher(purpose: str) -> Callable[[str], str]:
    """blind_index(value, purpose=purpose) with the key read once (same digest)."""
    key = settings.BLIND_INDEX_KEY.encode()
    prefix = f"{purpose}\x00"
    digest = hmac.digest
    sha256 = hashlib.sha256

    def index(value: str) -> str:
        return digest(key, (prefix + value).encode(), sha256).hex() if value else ""

    return index


MEMO = 200_000  # distinct moments remembered by the converters below


def _db_moments() -> Callable[[int], Any]:
    """Microseconds since 1970 UTC -> the value the backend stores (SQLite: naive UTC
    text, as Django writes it; PostgreSQL: an aware datetime), memoised."""
    memo: dict[int, Any] = {}
    postgres = sql.is_postgres()

    def convert(value: int) -> Any:
        found = memo.get(value)
        if found is None:
            if len(memo) >= MEMO:
                memo.clear()
            moment = from_us(value)
            found = memo[value] = moment if postgres else moment.replace(tzinfo=None).isoformat(" ")
        return found

    convert.memo = memo  # type: ignore[attr-defined]
    return convert


def _stored_us() -> Callable[[Any], int]:
    """A stored datetime column as read by a raw cursor -> microseconds, memoised."""
    memo: dict[Any, int] = {}
    python = sql.python_datetime

    def convert(value: Any) -> int:
        found = memo.get(value)
        if found is None:
            if len(memo) >= MEMO:
                memo.clear()
            found = memo[value] = to_us(python(value))
        return found

    return convert


def _persons(parsed: ParsedFile, result: ImportResult) -> tuple[list[int], list[bool]]:
    """The person id of each identity of ``parsed`` (new people created, in file order)
    and whether it was stored before."""
    person_index = _hasher("person")
    identities = parsed.identities
    index_of = [person_index(identity) for identity in identities]
    existing: dict[str, tuple[int, bool, int | None]] = {}
    stored_count, max_id = sql.person_count_and_max_id()
    if stored_count <= 4 * len(index_of):  # cheaper to read them all than to ask
        wanted = set(index_of)
        for pid, index, has_name, staff_id in sql.person_keys(None):
            if index in wanted:
                existing[index] = (pid, has_name, staff_id)
    else:
        for pid, index, has_name, staff_id in sql.person_keys(index_of):
            existing[index] = (pid, has_name, staff_id)
    by_phone, by_code = _staff_links()
    phone_index = _hasher("phone")

    def staff_for(identity: str) -> int | None:
        if identity.startswith("+"):
            return by_phone.get(phone_index(identity)) if by_phone else None
        return by_code.get(identity) if by_code else None

    db_time = _db_moments()
    now = sql.db_time(timezone.now())
    names = parsed.names
    new = [p for p, index in enumerate(index_of) if index not in existing]
    for batch in sql.chunks(new, sql.BATCH):
        new_names = [names.get(identities[p], "") for p in batch]
        tokens = encrypt_many([identities[p] for p in batch])
        name_tokens = iter(encrypt_many([name for name in new_names if name]))
        sql.bulk_insert(
            Person._meta.db_table,
            sql.PERSON_COLUMNS,
            [
                (
                    token,
                    index_of[p],
                    next(name_tokens) if name else "",
                    "",
                    "",
                    staff_for(identities[p]),
                    now,
                    db_time(parsed.last_seen[p]),
                )
                for p, token, name in zip(batch, tokens, new_names, strict=True)
            ],
        )
    updates: list[tuple[str | None, int | None, int]] = []
    fill_names: list[tuple[str, int, int | None]] = []  # (name, person id, new staff)
    seen_updates: list[tuple[Any, int]] = []
    for p, index in enumerate(index_of):
        known = existing.get(index)
        if known is None:
            continue
        pid, has_name, staff_id = known
        identity = identities[p]
        name = names.get(identity, "")
        new_staff = staff_for(identity) if staff_id is None else None
        if name and not has_name:
            fill_names.append((name, pid, new_staff))
        elif new_staff is not None:
            updates.append((None, new_staff, pid))
        seen_updates.append((db_time(parsed.last_seen[p]), pid))
    for (_, pid, new_staff), token in zip(
        fill_names, encrypt_many([n for n, _, _ in fill_names]), strict=True
    ):
        updates.append((token, new_staff, pid))
    result.persons_created = len(new)
    result.persons_updated = len(updates)
    sql.person_fill_in(updates)
    sql.person_seen(seen_updates)
    ids = {index: known[0] for index, known in existing.items()}
    if new:
        created = sql.persons_created_after(max_id)
        ids.update(created)
        # Citus: the identity table (no-op elsewhere); a person a live check-in made
        # meanwhile keeps the identity, the import's duplicate is gone.
        claimed, dropped = sql.person_identities_add(created)
        ids.update(claimed)
        result.persons_created -= dropped
    return [ids[index] for index in index_of], [index in existing for index in index_of]


class _Batches:
    """Rows for one table, written every ``sql.BATCH`` rows (and at ``close``)."""

    def __init__(self, table: str, columns: Sequence[str]) -> None:
        self.table, self.columns = table, columns
        self.rows: list[tuple[Any, ...]] = []
        self.written = 0

    def add(self, row: tuple[Any, ...]) -> None:
        self.rows.append(row)
        if len(self.rows) >= sql.BATCH:
            self.flush()

    def flush(self) -> None:
        if self.rows:
            self.written += sql.bulk_insert(self.table, self.columns, self.rows)
            self.rows = []


def import_records(
    records: Iterable[Record],
    names: dict[str, str] | None = None,
    *,
    source: str = Visit.Source.IMPORT,
    user: Any = None,
) -> ImportResult:
    """Store check-in records (normalised identities, UTC times); see import_parsed."""
    return import_parsed(ParsedFile.of_records(records, names), source=source, user=user)


def import_parsed(
    parsed: ParsedFile, *, source: str = Visit.Source.IMPORT, user: Any = None
) -> ImportResult:
    """Store the judged rows of a file (module doc).

    Exact duplicates within the input and rows already stored are skipped (and
    counted); each new visit gets its effective end from all of the person's
    check-ins, stored and new, and each new check-in its person-keyed row (the cut of
    the person's stored open visits, which are not rewritten). The audit entry
    (``user``: None for a command) records the counts, in the same transaction."""
    result = ImportResult()
    count = len(parsed)
    if not count:
        return result
    result.lap("_")
    if partitions.enabled():
        # The file's day partitions first, in their own transactions (empty ones stay if
        # the import fails): on Citus a partition's DDL cannot follow, in the same
        # transaction, a read of a reference table its foreign keys point at (the
        # gates below: "cannot execute parallel DDL … after SELECT command on reference
        # table").
        zone = timezone.get_default_timezone()
        days = {from_us(ci).astimezone(zone).date() for ci in set(parsed.check_in)}
        partitions.ensure_partitions(days=days)
    with transaction.atomic(), sql.fast_sqlite():
        hours = DiseaseProfile.active().open_visit_hours * 3_600_000_000
        gates = _locations(set(parsed.codes), result)
        lid_of = [gates[code][0] for code in parsed.codes]
        unit_of = {lid: unit for lid, unit in gates.values()}
        result.lap("locations")
        pid_of, was_stored = _persons(parsed, result)
        result.lap("people")

        # Row numbers grouped by person, people in person-id order (a counting sort).
        people = sorted(range(len(pid_of)), key=pid_of.__getitem__)
        rank = array("l", bytes(8 * len(people)))
        for r, p in enumerate(people):
            rank[p] = r
        sizes = [0] * (len(people) + 1)
        person_col = parsed.person
        for p in person_col:
            sizes[rank[p] + 1] += 1
        bounds = list(accumulate(sizes))  # rows of rank r: slots bounds[r]:bounds[r + 1]
        slot = array("l", bounds)
        grouped = array("l", bytes(8 * count))
        for row, p in enumerate(person_col):
            r = rank[p]
            grouped[slot[r]] = row
            slot[r] += 1
        del slot, rank, sizes
        result.lap("grouping")

        check_in, check_out, location = parsed.check_in, parsed.check_out, parsed.location
        known_visit = bytearray(count)  # 1: this row is a stored visit
        known_checkin = bytearray(count)  # 1: its check-in is a stored PersonCheckin
        next_stored: dict[int, int] = {}  # open row -> the next stored check-in after it
        stored_ranks = [r for r, p in enumerate(people) if was_stored[p]]
        stored_us = _stored_us()
        for chunk in sql.chunks(stored_ranks):
            pids = [pid_of[people[r]] for r in chunk]
            visits: dict[int, set[tuple[int, int, int]]] = {}
            starts: dict[int, set[int]] = {}
            for pid, lid, ci, co in sql.stored_visits(pids):
                ci = stored_us(ci)
                visits.setdefault(pid, set()).add(
                    (lid, ci, NO_TIME if co is None else stored_us(co))
                )
                starts.setdefault(pid, set()).add(ci)
            moments: dict[int, set[tuple[int, int]]] = {}
            for pid, lid, ci in sql.stored_checkins(pids):
                moments.setdefault(pid, set()).add((lid, stored_us(ci)))
            for r in chunk:
                pid = pid_of[people[r]]
                keys = visits.get(pid, set())
                seen = moments.get(pid, set())
                stored_starts = sorted(starts.get(pid, ()))
                for row in grouped[bounds[r] : bounds[r + 1]]:
                    lid, ci, co = lid_of[location[row]], check_in[row], check_out[row]
                    if (lid, ci, co) in keys:
                        known_visit[row] = 1
                    if (lid, ci) in seen:
                        known_checkin[row] = 1
                    if co == NO_TIME:
                        at = bisect_right(stored_starts, ci)
                        if at < len(stored_starts):
                            next_stored[row] = stored_starts[at]
        result.lap("stored records")

        db_time = _db_moments()
        memo_get = db_time.memo.get  # type: ignore[attr-defined]
        zone_midnight: dict[int, int] = {}
        status = Visit.Status.ADMITTED
        visit_table = Visit._meta.db_table
        checkin_table = PersonCheckin._meta.db_table
        visits_out = _Batches(visit_table, sql.VISIT_IMPORT_COLUMNS)
        checkins_out = _Batches(checkin_table, ("person_id", "check_in", "location_id"))
        in_file = in_db = 0
        add_visit, add_checkin = visits_out.add, checkins_out.add
        with sql.indexes_rebuilt(visit_table, count), sql.indexes_rebuilt(checkin_table, count):
            for r, p in enumerate(people):
                pid = pid_of[p]
                mine = sorted(
                    [
                        (check_in[row], lid_of[location[row]], check_out[row], row)
                        for row in grouped[bounds[r] : bounds[r + 1]]
                    ]
                )
                kept = []
                previous: tuple[int, int, int] | None = None
                last_moment: tuple[int, int] | None = None
                for ci, lid, co, row in mine:
                    key = (ci, lid, co)
                    if key == previous:
                        in_file += 1
                        continue
                    previous = key
                    if (ci, lid) != last_moment:
                        last_moment = (ci, lid)
                        if not known_checkin[row]:
                            add_checkin((pid, memo_get(ci) or db_time(ci), lid))
                    if known_visit[row]:
                        in_db += 1
                        continue
                    kept.append((ci, lid, co, row))
                file_starts = [k[0] for k in kept]
                for ci, lid, co, row in kept:
                    if co == NO_TIME:
                        midnight = zone_midnight.get(ci)
                        if midnight is None:
                            if len(zone_midnight) >= MEMO:
                                zone_midnight.clear()
                            midnight = zone_midnight[ci] = to_us(local_midnight_after(from_us(ci)))
                        end = min(ci + hours, midnight)
                        at = bisect_right(file_starts, ci)
                        if at < len(file_starts) and file_starts[at] < end:
                            end = file_starts[at]
                        stored_next = next_stored.get(row)
                        if stored_next is not None and stored_next < end:
                            end = stored_next
                        out = None
                    else:
                        out = end = co
                    add_visit(
                        (
                            pid,
                            lid,
                            unit_of[lid],
                            memo_get(ci) or db_time(ci),
                            None if out is None else memo_get(out) or db_time(out),
                            memo_get(end) or db_time(end),
                            source,
                            status,
                            "",
                        )
                    )
            visits_out.flush()
            checkins_out.flush()
            result.lap("visits")
        result.lap("indexes")
        result.imported = visits_out.written
        result.duplicates_in_file = in_file
        result.duplicates_in_db = in_db
        audit(
            None,
            "checkin.import",
            actor=user,
            object_type="checkin.visit",
            source=source,
            rows=count - in_file,
            imported=result.imported,
            duplicates_in_db=result.duplicates_in_db,
            persons_created=result.persons_created,
            new_locations=len(result.new_locations),
        )
    result.lap("commit")
    result.timings.pop("_", None)
    return result
