"""Writing imported check-in records (``manage.py import_checkins``, the demo visits).

The file is read and judged first (checkin/importer.py); this stores the judged
records in one transaction with its audit entry. Built for a million rows: no ORM
object per row, one Fernet encryption per new person, effective ends computed per
person in Python (tracing.md, *Presence interval*), and inserts in large batches
(COPY on PostgreSQL, sql.py).
"""

from __future__ import annotations

import hashlib
import hmac
import time
from bisect import bisect_right
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from phongdich.checkin import sql
from phongdich.checkin.importer import ImportFileError, Record
from phongdich.checkin.models import DiseaseProfile, Location, Person, PersonCheckin, Visit
from phongdich.checkin.presence import open_visit_end
from phongdich.core.audit import audit
from phongdich.core.crypto import encrypt
from phongdich.org.models import Staff, Unit

DEFAULT_UNIT_CODE = "MAC-DINH"
DEFAULT_UNIT_NAME = "Đơn vị mặc định"


@dataclass
class ImportResult:
    imported: int = 0
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


def _hasher(purpose: str) -> Any:
    """blind_index(value, purpose=purpose) with the key read once (same digest)."""
    key = settings.BLIND_INDEX_KEY.encode()
    prefix = f"{purpose}\x00"
    sha256 = hashlib.sha256
    new = hmac.new

    def index(value: str) -> str:
        return new(key, (prefix + value).encode(), sha256).hexdigest() if value else ""

    return index


def _persons(
    identities: dict[str, datetime], names: dict[str, str], result: ImportResult
) -> tuple[dict[str, int], set[int]]:
    """identity -> person id, creating the missing people; also the ids that existed.

    ``identities`` maps each identity to its latest imported check-in (last_seen_at)."""
    person_index = _hasher("person")
    index_of = {identity: person_index(identity) for identity in identities}
    existing: dict[str, tuple[int, bool, int | None]] = {}
    stored_count, max_id = sql.person_count_and_max_id()
    if stored_count <= 4 * len(index_of):  # cheaper to read them all than to ask
        wanted = set(index_of.values())
        for pid, index, has_name, staff_id in sql.person_keys(None):
            if index in wanted:
                existing[index] = (pid, has_name, staff_id)
    else:
        for pid, index, has_name, staff_id in sql.person_keys(list(index_of.values())):
            existing[index] = (pid, has_name, staff_id)
    by_phone, by_code = _staff_links()
    phone_index = _hasher("phone")

    def staff_for(identity: str) -> int | None:
        if identity.startswith("+"):
            return by_phone.get(phone_index(identity))
        return by_code.get(identity)

    db_time = sql.db_time_memo()
    now = db_time(timezone.now())
    new_rows = []
    updates: list[tuple[str | None, int | None, int]] = []
    seen_updates: list[tuple[Any, int]] = []
    for identity, last_seen in identities.items():
        index = index_of[identity]
        name = names.get(identity, "")
        known = existing.get(index)
        if known is None:
            new_rows.append(
                (
                    encrypt(identity),
                    index,
                    encrypt(name) if name else "",
                    "",
                    "",
                    staff_for(identity),
                    now,
                    db_time(last_seen),
                )
            )
            continue
        pid, has_name, staff_id = known
        new_name = encrypt(name) if name and not has_name else None
        new_staff = staff_for(identity) if staff_id is None else None
        if new_name is not None or new_staff is not None:
            updates.append((new_name, new_staff, pid))
        seen_updates.append((db_time(last_seen), pid))
    sql.bulk_insert(Person._meta.db_table, sql.PERSON_COLUMNS, new_rows)
    result.persons_created = len(new_rows)
    result.persons_updated = len(updates)
    sql.person_fill_in(updates)
    sql.person_seen(seen_updates)
    ids = {index: known[0] for index, known in existing.items()}
    if new_rows:
        created = sql.persons_created_after(max_id)
        ids.update(created)
        sql.person_identities_add(created)  # Citus: the identity table (no-op elsewhere)
    return {identity: ids[index] for identity, index in index_of.items()}, {
        known[0] for known in existing.values()
    }


def import_records(
    records: Sequence[Record],
    names: dict[str, str] | None = None,
    *,
    source: str = Visit.Source.IMPORT,
    user: Any = None,
) -> ImportResult:
    """Store check-in records (already normalised and unique among themselves).

    Records already in the database are skipped; each new visit gets its effective
    end from all of the person's records, and each new check-in its person-keyed row
    (the cut of the person's stored open visits, which are not rewritten). The audit
    entry (``user``: None for a command) records the counts, in the same transaction."""
    result = ImportResult()
    if not records:
        return result
    names = names or {}
    result.lap("_")
    with transaction.atomic(), sql.fast_sqlite():
        profile = DiseaseProfile.active()
        hours = profile.open_visit_hours
        locations = _locations({r[1] for r in records}, result)
        latest: dict[str, datetime] = {}
        for identity, _code, check_in, _out in records:
            seen = latest.get(identity)
            if seen is None or check_in > seen:
                latest[identity] = check_in
        result.lap("locations")
        person_ids, existing_people = _persons(latest, names, result)
        result.lap("people")

        # The stored records of people who existed: for duplicates and for cuts.
        stored: dict[int, list[tuple[int, int, datetime, datetime | None, datetime]]] = defaultdict(
            list
        )
        stored_keys: set[tuple[int, int, datetime, datetime | None]] = set()
        stored_moments: set[tuple[int, int, datetime]] = set()
        for chunk in sql.chunks(sorted(existing_people)):
            for vid, pid, lid, check_in, check_out, end in Visit.objects.filter(
                person_id__in=chunk
            ).values_list(
                "id", "person_id", "location_id", "check_in", "check_out", "effective_end"
            ):
                check_in = check_in.astimezone(UTC)
                check_out = check_out.astimezone(UTC) if check_out else None
                stored[pid].append((vid, lid, check_in, check_out, end))
                stored_keys.add((pid, lid, check_in, check_out))
            for pid, lid, check_in in PersonCheckin.objects.filter(person_id__in=chunk).values_list(
                "person_id", "location_id", "check_in"
            ):
                stored_moments.add((pid, lid, check_in.astimezone(UTC)))
        result.lap("stored records")

        # One pass: a closed record's row is final at once; an open record waits for
        # the person's next check-in, known once every check-in has been seen.
        db_time = sql.db_time_memo()
        memo_get = db_time.memo.get if hasattr(db_time, "memo") else (lambda value: value)
        status = Visit.Status.ADMITTED
        rows: list[tuple[Any, ...]] = []
        open_records: list[tuple[int, int, int, datetime]] = []
        starts_of: dict[int, list[datetime]] = defaultdict(list)
        for identity, code, check_in, check_out in records:
            pid = person_ids[identity]
            lid, unit_id = locations[code]
            if stored_keys and (pid, lid, check_in, check_out) in stored_keys:
                result.duplicates_in_db += 1
                continue
            starts_of[pid].append(check_in)
            if check_out is None:
                open_records.append((pid, lid, unit_id, check_in))
                continue
            out_text = memo_get(check_out) or db_time(check_out)
            rows.append(
                (
                    pid,
                    lid,
                    unit_id,
                    memo_get(check_in) or db_time(check_in),
                    out_text,
                    out_text,
                    source,
                    status,
                    "",
                )
            )
        result.lap("grouping")

        def next_check_ins(pid: int) -> list[datetime]:
            starts = sorted_starts.get(pid)
            if starts is None:
                values = set(starts_of.get(pid, ()))
                values.update(v[2] for v in stored.get(pid, ()))
                starts = sorted_starts[pid] = sorted(values)
            return starts

        sorted_starts: dict[int, list[datetime]] = {}
        for pid, lid, unit_id, check_in in open_records:
            starts = next_check_ins(pid)
            pos = bisect_right(starts, check_in)
            end = open_visit_end(
                check_in,
                open_visit_hours=hours,
                next_check_in=starts[pos] if pos < len(starts) else None,
            ).astimezone(UTC)
            rows.append(
                (
                    pid,
                    lid,
                    unit_id,
                    memo_get(check_in) or db_time(check_in),
                    None,
                    db_time(end),
                    source,
                    status,
                    "",
                )
            )
        result.lap("effective ends")

        table = Visit._meta.db_table
        with sql.indexes_rebuilt(table, len(rows)):
            result.imported = sql.bulk_insert(table, sql.VISIT_IMPORT_COLUMNS, rows)
            del rows
            result.lap("visits")
        result.lap("indexes")
        # The person-keyed rows (the open-visit cut, models.PersonCheckin): stored
        # visits cut by an imported check-in are not rewritten, their readers find it.
        moments = []
        for identity, code, check_in, _out in records:
            key = (person_ids[identity], locations[code][0], check_in)
            if key not in stored_moments:
                stored_moments.add(key)
                moments.append((key[0], memo_get(check_in) or db_time(check_in), key[1]))
        sql.bulk_insert(
            PersonCheckin._meta.db_table, ("person_id", "check_in", "location_id"), moments
        )
        result.lap("person check-ins")
        audit(
            None,
            "checkin.import",
            actor=user,
            object_type="checkin.visit",
            source=source,
            rows=len(records),
            imported=result.imported,
            duplicates_in_db=result.duplicates_in_db,
            persons_created=result.persons_created,
            new_locations=len(result.new_locations),
        )
    result.lap("commit")
    result.timings.pop("_", None)
    return result
