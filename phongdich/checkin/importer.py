"""Bulk import of check-in records from CSV (``manage.py import_checkins``).

Columns: ``person,name,location,check_in,check_out`` with a header row. Times are
ISO 8601 with an offset; ``check_out`` may be empty. Every row is judged before
anything is written, so a file with a bad row loses nothing that was stored.

Built for a million rows: no ORM object per row, one Fernet encryption per new
person, effective ends computed per person in Python (tracing.md, *Presence
interval*), and inserts in large batches (COPY on PostgreSQL) in one transaction.
"""

from __future__ import annotations

import csv
import hashlib
import hmac
import io
import re
import time
import unicodedata
from bisect import bisect_right
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from itertools import islice
from pathlib import Path
from typing import Any, TextIO

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from phongdich.checkin.models import DiseaseProfile, Location, Person, Visit
from phongdich.checkin.services import open_visit_end
from phongdich.core.crypto import encrypt
from phongdich.org.models import Staff, Unit
from tracing_engine.identity import InvalidPhone, normalize_identity, normalize_phone

COLUMNS = ("person", "name", "location", "check_in", "check_out")
LOCATION_CODE = re.compile(r"[A-Za-z0-9_.\-]{1,40}")
IDENTITY_MAX = 64
NAME_MAX = 200
DEFAULT_UNIT_CODE = "MAC-DINH"
DEFAULT_UNIT_NAME = "Đơn vị mặc định"
# A person that is digits and phone separators, with a leading + or 0 or 9+ digits,
# is meant as a phone number: it must be a valid one, not silently a staff code.
_PHONE_CHARS = re.compile(r"\+?[0-9][0-9\s.\-()/\u00a0]*")
_BATCH = 50_000
_TIME_CACHE = 200_000
_IN_CHUNK = 900  # values per IN (…) list, under SQLite's variable limit
_REBUILD_MIN = 50_000  # rows; below this, plain inserts

# One record: (identity, location code, check_in UTC, check_out UTC or None).
Record = tuple[str, str, datetime, datetime | None]


class ImportFileError(Exception):
    """The file as a whole cannot be read (missing, wrong encoding, wrong header)."""


@dataclass(frozen=True, slots=True)
class RowError:
    line: int
    reason: str

    def __str__(self) -> str:
        return f"Dòng {self.line}: {self.reason}"


@dataclass
class ParsedFile:
    records: list[Record] = field(default_factory=list)
    names: dict[str, str] = field(default_factory=dict)  # identity -> first non-empty name
    errors: list[RowError] = field(default_factory=list)
    rows_read: int = 0
    duplicates: int = 0  # rows identical to an earlier row of the file


@dataclass
class ImportResult:
    imported: int = 0
    duplicates_in_db: int = 0
    persons_created: int = 0
    persons_updated: int = 0
    ends_updated: int = 0  # stored open visits cut by an imported check-in
    new_locations: list[str] = field(default_factory=list)
    default_unit: str = ""
    timings: dict[str, float] = field(default_factory=dict)  # stage -> seconds

    def lap(self, stage: str) -> None:
        now = time.perf_counter()
        self.timings[stage] = now - self.timings.pop("_", now)
        self.timings["_"] = now


# Parsing ------------------------------------------------------------------


def _identity(raw: str) -> str:
    """The normalised identity of a ``person`` cell; ValueError with a Vietnamese reason."""
    text = raw.strip()
    if not text:
        raise ValueError("thiếu người check-in (cột person trống)")
    if _PHONE_CHARS.fullmatch(text):
        digits = re.sub(r"\D", "", text)
        if text.startswith(("+", "0")) or len(digits) >= 9:
            try:
                return normalize_phone(text)
            except InvalidPhone:
                raise ValueError(
                    "số điện thoại không hợp lệ (cần số Việt Nam, ví dụ 0912345678)"
                ) from None
    identity = normalize_identity(text)
    if len(identity) > IDENTITY_MAX:
        raise ValueError(f"mã người quá dài (tối đa {IDENTITY_MAX} ký tự)")
    return identity


def _location_code(raw: str) -> str:
    code = unicodedata.normalize("NFC", raw).strip()
    if not code:
        raise ValueError("thiếu mã địa điểm (cột location trống)")
    if not LOCATION_CODE.fullmatch(code):
        raise ValueError(
            f"mã địa điểm không hợp lệ “{code[:60]}”: chỉ dùng chữ cái không dấu, chữ số, "
            "dấu gạch ngang, gạch dưới, dấu chấm; tối đa 40 ký tự"
        )
    return code


def _moment(raw: str, label: str) -> datetime:
    text = raw.strip()
    try:
        value = datetime.fromisoformat(text)
    except ValueError:
        raise ValueError(
            f"{label} “{text[:40]}” không đúng định dạng ISO 8601 (ví dụ 2021-09-08T07:30:00+07:00)"
        ) from None
    if value.tzinfo is None:
        raise ValueError(f"{label} “{text[:40]}” thiếu múi giờ (ví dụ 2021-09-08T07:30:00+07:00)")
    return value.astimezone(UTC)


def parse_rows(rows: Iterable[tuple[int, Sequence[str]]], parsed: ParsedFile) -> None:
    """Judge data rows given as (line number, cells in COLUMNS order)."""
    identities: dict[str, str | ValueError] = {}
    codes: dict[str, str | ValueError] = {}
    seen: set[Record] = set()
    records = parsed.records
    names = parsed.names
    errors = parsed.errors
    times: dict[str, datetime] = {}  # raw text -> UTC moment; times repeat a lot
    for line, cells in rows:
        parsed.rows_read += 1
        if len(cells) != len(COLUMNS):
            errors.append(RowError(line, f"cần {len(COLUMNS)} cột, dòng này có {len(cells)}"))
            continue
        raw_person, raw_name, raw_code, raw_in, raw_out = cells
        try:
            identity = identities.get(raw_person)
            if identity is None:
                try:
                    identity = _identity(raw_person)
                except ValueError as exc:
                    identity = exc
                identities[raw_person] = identity
            if isinstance(identity, ValueError):
                raise identity
            code = codes.get(raw_code)
            if code is None:
                try:
                    code = _location_code(raw_code)
                except ValueError as exc:
                    code = exc
                codes[raw_code] = code
            if isinstance(code, ValueError):
                raise code
            check_in = times.get(raw_in)
            if check_in is None:
                check_in = _moment(raw_in, "giờ vào")
                if len(times) >= _TIME_CACHE:
                    times.clear()
                times[raw_in] = check_in
            check_out: datetime | None = None
            if raw_out and not raw_out.isspace():
                check_out = times.get(raw_out)
                if check_out is None:
                    check_out = _moment(raw_out, "giờ ra")
                    if len(times) >= _TIME_CACHE:
                        times.clear()
                    times[raw_out] = check_out
                if check_out <= check_in:
                    raise ValueError("giờ ra phải sau giờ vào")
        except ValueError as exc:
            errors.append(RowError(line, str(exc)))
            continue
        record = (identity, code, check_in, check_out)
        if record in seen:
            parsed.duplicates += 1
        else:
            seen.add(record)
            records.append(record)
        if raw_name and identity not in names:
            name = unicodedata.normalize("NFC", raw_name).strip()[:NAME_MAX]
            if name:
                names[identity] = name


def parse_csv(source: str | Path | TextIO) -> ParsedFile:
    """Read and judge a whole CSV file; ImportFileError when it cannot be read at all."""
    if isinstance(source, str | Path):
        try:
            with open(source, encoding="utf-8-sig", newline="") as handle:
                return parse_csv(handle)
        except FileNotFoundError:
            raise ImportFileError(f"Không tìm thấy tệp {source}") from None
        except UnicodeDecodeError:
            raise ImportFileError("Tệp không phải văn bản UTF-8 (hãy lưu CSV dạng UTF-8)") from None
    reader = csv.reader(source)
    header = next(reader, None)
    if header is None:
        raise ImportFileError("Tệp trống: cần dòng tiêu đề " + ",".join(COLUMNS))
    names = [unicodedata.normalize("NFC", h).strip().lower().lstrip("\ufeff") for h in header]
    missing = [c for c in COLUMNS if c not in names]
    if missing:
        raise ImportFileError(
            "Thiếu cột "
            + ", ".join(missing)
            + " trong dòng tiêu đề (cần: "
            + ",".join(COLUMNS)
            + ")"
        )
    order = [names.index(c) for c in COLUMNS]
    width = len(header)
    parsed = ParsedFile()

    def rows() -> Iterator[tuple[int, Sequence[str]]]:
        in_order = order == list(range(len(COLUMNS))) and width == len(COLUMNS)
        for row in reader:
            if not row or (len(row) == 1 and not row[0].strip()):
                continue  # a blank line is not a row
            line = reader.line_num
            if len(row) != width:
                parsed.rows_read += 1
                parsed.errors.append(
                    RowError(line, f"cần {width} cột như dòng tiêu đề, dòng này có {len(row)}")
                )
            elif in_order:
                yield line, row
            else:
                yield line, [row[i] for i in order]

    try:
        parse_rows(rows(), parsed)
    except csv.Error as exc:
        raise ImportFileError(f"Tệp CSV hỏng ở dòng {reader.line_num}: {exc}") from None
    return parsed


def parse_text(text: str) -> ParsedFile:
    return parse_csv(io.StringIO(text, newline=""))


# Database helpers -----------------------------------------------------------


def _is_postgres() -> bool:
    return connection.vendor == "postgresql"


def _db_time(value: datetime | None) -> Any:
    """A UTC datetime as the backend stores it (SQLite: naive UTC text, like Django)."""
    if value is None or _is_postgres():
        return value
    return value.replace(tzinfo=None).isoformat(" ")


def _db_time_memo() -> Any:
    """A fast _db_time for many values: the backend is looked up once, texts are memoised."""
    if _is_postgres():
        return lambda value: value
    memo: dict[datetime | None, str | None] = {None: None}

    def convert(value: datetime | None) -> str | None:
        text = memo.get(value)
        if text is None and value is not None:
            if len(memo) >= _TIME_CACHE:
                memo.clear()
                memo[None] = None
            text = memo[value] = value.replace(tzinfo=None).isoformat(" ")
        return text

    convert.memo = memo  # type: ignore[attr-defined]
    return convert


def _chunks(items: Sequence[Any], size: int = _IN_CHUNK) -> Iterator[Sequence[Any]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _insert(table: str, columns: Sequence[str], rows: Iterable[Sequence[Any]]) -> int:
    """Insert rows in batches (COPY on PostgreSQL); the number inserted."""
    quote = connection.ops.quote_name
    cols = ", ".join(quote(c) for c in columns)
    count = 0
    with connection.cursor() as cursor:
        if _is_postgres():
            with cursor.cursor.copy(f"COPY {quote(table)} ({cols}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
                    count += 1
            return count
        # SQLite: the driver's own cursor, qmark style (Django's wrapper adds nothing here).
        marks = ", ".join(["?"] * len(columns))
        sql = f"INSERT INTO {quote(table)} ({cols}) VALUES ({marks})"  # noqa: S608
        iterator = iter(rows)
        while batch := list(islice(iterator, _BATCH)):
            cursor.cursor.executemany(sql, batch)
            count += len(batch)
    return count


@contextmanager
def _fast_sqlite() -> Iterator[None]:
    """A larger page cache for this connection during the import (SQLite only).

    Durability settings are left alone (WAL, synchronous=NORMAL from settings)."""
    if connection.vendor != "sqlite":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA cache_size")
        (previous,) = cursor.fetchone()
        cursor.execute("PRAGMA cache_size=-524288")  # 512 MiB, this connection only
        cursor.execute("PRAGMA threads")
        (threads,) = cursor.fetchone()
        cursor.execute("PRAGMA threads=2")  # helper threads for sorting (CREATE INDEX)
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f"PRAGMA cache_size={int(previous)}")
            cursor.execute(f"PRAGMA threads={int(threads)}")


@contextmanager
def _indexes_rebuilt(table: str, incoming: int) -> Iterator[None]:
    """On SQLite, for a load that is large next to the table, drop the table's own
    indexes and create them again from their stored SQL once the rows are in.

    Must run inside the import's transaction: DDL is transactional in SQLite, so
    readers (WAL) keep the old snapshot with its indexes, a failure rolls the drop
    back, and the write lock is held throughout anyway. Sorting once per index is
    much cheaper than a million random insertions into ten B-trees."""
    if connection.vendor != "sqlite" or incoming < _REBUILD_MIN:
        yield
        return
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT MIN(id), MAX(id) FROM {quote(table)}")  # noqa: S608
        low, high = cursor.fetchone()
        if low is not None and high - low + 1 > incoming:
            yield  # the table is bigger than the load: insert into the indexes
            return
        cursor.execute(
            "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = %s "
            "AND sql IS NOT NULL",
            [table],
        )
        indexes = cursor.fetchall()
        for name, _sql in indexes:
            cursor.execute(f"DROP INDEX {quote(name)}")
    yield
    with connection.cursor() as cursor:
        for _name, sql in indexes:
            cursor.execute(sql)


# Importing ------------------------------------------------------------------


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
    table = Person._meta.db_table
    quote = connection.ops.quote_name
    existing: dict[str, tuple[int, bool, int | None]] = {}
    named = "CASE WHEN full_name = '' THEN 0 ELSE 1 END"
    select = f"SELECT id, identity_index, {named}, staff_id FROM {quote(table)}"  # noqa: S608
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT COUNT(*), MAX(id) FROM {quote(table)}")  # noqa: S608
        stored_count, max_id = cursor.fetchone()
        if stored_count <= 4 * len(index_of):  # cheaper to read them all than to ask
            cursor.execute(select)
            for pid, index, has_name, staff_id in cursor.fetchall():
                existing[index] = (pid, bool(has_name), staff_id)
            existing = {i: existing[i] for i in index_of.values() if i in existing}
        else:
            for chunk in _chunks(list(index_of.values())):
                marks = ", ".join(["%s"] * len(chunk))
                cursor.execute(f"{select} WHERE identity_index IN ({marks})", list(chunk))
                for pid, index, has_name, staff_id in cursor.fetchall():
                    existing[index] = (pid, bool(has_name), staff_id)
    by_phone, by_code = _staff_links()
    phone_index = _hasher("phone")

    def staff_for(identity: str) -> int | None:
        if identity.startswith("+"):
            return by_phone.get(phone_index(identity))
        return by_code.get(identity)

    db_time = _db_time_memo()
    now = db_time(timezone.now())
    new_rows = []
    updates = []
    seen_updates = []
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
        seen = db_time(last_seen)
        seen_updates.append((seen, seen, pid))
    _insert(
        table,
        [
            "identity",
            "identity_index",
            "full_name",
            "cccd",
            "cccd_index",
            "staff_id",
            "created_at",
            "last_seen_at",
        ],
        new_rows,
    )
    result.persons_created = len(new_rows)
    result.persons_updated = len(updates)
    with connection.cursor() as cursor:
        if updates:
            cursor.executemany(
                f"UPDATE {quote(table)} SET full_name = COALESCE(%s, full_name), "  # noqa: S608
                "staff_id = COALESCE(%s, staff_id) WHERE id = %s",
                updates,
            )
        if seen_updates:
            cursor.executemany(
                f"UPDATE {quote(table)} SET last_seen_at = %s WHERE id = %s "  # noqa: S608
                "AND (last_seen_at IS NULL OR last_seen_at < %s)",
                [(seen, pid, seen2) for seen, seen2, pid in seen_updates],
            )
    ids = {index: known[0] for index, known in existing.items()}
    if new_rows:
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT identity_index, id FROM {quote(table)} WHERE id > %s",  # noqa: S608
                [max_id or 0],
            )
            ids.update(cursor.fetchall())
    return {identity: ids[index] for identity, index in index_of.items()}, {
        known[0] for known in existing.values()
    }


def import_records(
    records: Sequence[Record],
    names: dict[str, str] | None = None,
    *,
    source: str = Visit.Source.IMPORT,
) -> ImportResult:
    """Store check-in records (already normalised and unique among themselves).

    Records already in the database are skipped; each new visit gets its effective
    end from all of the person's records, and stored open visits that a new
    check-in cuts get theirs shortened."""
    result = ImportResult()
    if not records:
        return result
    names = names or {}
    result.lap("_")
    with transaction.atomic(), _fast_sqlite():
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
        for chunk in _chunks(sorted(existing_people)):
            for vid, pid, lid, check_in, check_out, end in Visit.objects.filter(
                person_id__in=chunk
            ).values_list(
                "id", "person_id", "location_id", "check_in", "check_out", "effective_end"
            ):
                check_in = check_in.astimezone(UTC)
                check_out = check_out.astimezone(UTC) if check_out else None
                stored[pid].append((vid, lid, check_in, check_out, end))
                stored_keys.add((pid, lid, check_in, check_out))
        result.lap("stored records")

        # One pass: a closed record's row is final at once; an open record waits for
        # the person's next check-in, known once every check-in has been seen.
        db_time = _db_time_memo()
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
        # Stored open visits that a new check-in of the same person now cuts short.
        cuts: list[tuple[Any, int]] = []
        for pid, old in stored.items():
            if pid not in starts_of:
                continue
            for vid, _lid, check_in, check_out, end in old:
                if check_out is not None:
                    continue
                starts = next_check_ins(pid)
                pos = bisect_right(starts, check_in)
                if pos < len(starts) and starts[pos] < end:
                    cuts.append((db_time(starts[pos]), vid))
        result.lap("effective ends")

        table = Visit._meta.db_table
        with _indexes_rebuilt(table, len(rows)):
            result.imported = _insert(
                table,
                [
                    "person_id",
                    "location_id",
                    "unit_id_snapshot",
                    "check_in",
                    "check_out",
                    "effective_end",
                    "source",
                    "status",
                    "decision_note",
                ],
                rows,
            )
            del rows
            result.lap("visits")
        result.lap("indexes")
        if cuts:
            quote = connection.ops.quote_name
            with connection.cursor() as cursor:
                cursor.executemany(
                    f"UPDATE {quote(Visit._meta.db_table)} "  # noqa: S608
                    "SET effective_end = %s WHERE id = %s",
                    cuts,
                )
        result.ends_updated = len(cuts)
        result.lap("cuts")
    result.lap("commit")
    result.timings.pop("_", None)
    return result
