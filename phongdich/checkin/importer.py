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
import io
import re
import unicodedata
from bisect import bisect_right
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, TextIO

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from phongdich.checkin.models import DiseaseProfile, Location, Person, Visit
from phongdich.checkin.services import open_visit_end
from phongdich.core.crypto import blind_index, encrypt
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
_IN_CHUNK = 900  # values per IN (…) list, under SQLite's variable limit

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
    fromiso = datetime.fromisoformat
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
            # Fast path first; the helpers give the precise reason.
            try:
                check_in = fromiso(raw_in)
                if check_in.tzinfo is None:
                    raise ValueError
                check_in = check_in.astimezone(UTC)
            except ValueError:
                check_in = _moment(raw_in, "giờ vào")
            check_out: datetime | None = None
            if raw_out and not raw_out.isspace():
                try:
                    check_out = fromiso(raw_out)
                    if check_out.tzinfo is None:
                        raise ValueError
                    check_out = check_out.astimezone(UTC)
                except ValueError:
                    check_out = _moment(raw_out, "giờ ra")
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


def _chunks(items: Sequence[Any], size: int = _IN_CHUNK) -> Iterator[Sequence[Any]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _insert(table: str, columns: Sequence[str], rows: Sequence[Sequence[Any]]) -> None:
    if not rows:
        return
    quote = connection.ops.quote_name
    cols = ", ".join(quote(c) for c in columns)
    with connection.cursor() as cursor:
        if _is_postgres():
            with cursor.cursor.copy(f"COPY {quote(table)} ({cols}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
            return
        marks = ", ".join(["%s"] * len(columns))
        sql = f"INSERT INTO {quote(table)} ({cols}) VALUES ({marks})"  # noqa: S608
        for batch in _chunks(rows, _BATCH):
            cursor.executemany(sql, batch)


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
        cursor.execute("PRAGMA cache_size=-262144")  # 256 MiB
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f"PRAGMA cache_size={int(previous)}")


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


def _persons(
    identities: dict[str, datetime], names: dict[str, str], result: ImportResult
) -> tuple[dict[str, int], set[int]]:
    """identity -> person id, creating the missing people; also the ids that existed.

    ``identities`` maps each identity to its latest imported check-in (last_seen_at)."""
    index_of = {identity: Person.index_of(identity) for identity in identities}
    indexes = list(index_of.values())
    existing: dict[str, tuple[int, bool, int | None]] = {}
    for chunk in _chunks(indexes):
        for pid, index, full_name, staff_id in Person.objects.filter(
            identity_index__in=chunk
        ).values_list("id", "identity_index", "full_name", "staff_id"):
            existing[index] = (pid, bool(full_name), staff_id)
    by_phone, by_code = _staff_links()

    def staff_for(identity: str) -> int | None:
        if identity.startswith("+"):
            return by_phone.get(blind_index(identity, purpose="phone"))
        return by_code.get(identity)

    now = _db_time(timezone.now())
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
                    _db_time(last_seen),
                )
            )
            continue
        pid, has_name, staff_id = known
        new_name = encrypt(name) if name and not has_name else None
        new_staff = staff_for(identity) if staff_id is None else None
        if new_name is not None or new_staff is not None:
            updates.append((new_name, new_staff, pid))
        seen = _db_time(last_seen)
        seen_updates.append((seen, seen, pid))
    table = Person._meta.db_table
    quote = connection.ops.quote_name
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
        new_indexes = [row[1] for row in new_rows]
        for chunk in _chunks(new_indexes):
            ids.update(
                Person.objects.filter(identity_index__in=chunk).values_list("identity_index", "id")
            )
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
    with transaction.atomic(), _fast_sqlite():
        profile = DiseaseProfile.active()
        hours = profile.open_visit_hours
        locations = _locations({r[1] for r in records}, result)
        latest: dict[str, datetime] = {}
        for identity, _code, check_in, _out in records:
            seen = latest.get(identity)
            if seen is None or check_in > seen:
                latest[identity] = check_in
        person_ids, existing_people = _persons(latest, names, result)

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

        by_person: dict[int, list[tuple[datetime, datetime | None, int]]] = defaultdict(list)
        for identity, code, check_in, check_out in records:
            pid = person_ids[identity]
            lid = locations[code][0]
            if stored_keys and (pid, lid, check_in, check_out) in stored_keys:
                result.duplicates_in_db += 1
                continue
            by_person[pid].append((check_in, check_out, lid))

        unit_of = {lid: unit_id for lid, unit_id in locations.values()}
        rows: list[tuple[Any, ...]] = []
        cuts: list[tuple[Any, int]] = []
        status = Visit.Status.ADMITTED
        for pid, visits in by_person.items():
            old = stored.get(pid, ())
            starts: list[datetime] | None = None
            if old:
                starts = sorted({v[0] for v in visits} | {v[2] for v in old})
                for vid, _lid, check_in, check_out, end in old:
                    if check_out is not None:
                        continue
                    pos = bisect_right(starts, check_in)
                    if pos < len(starts) and starts[pos] < end:
                        cuts.append((_db_time(starts[pos]), vid))
            for check_in, check_out, lid in visits:
                if check_out is not None:
                    end = check_out
                else:
                    if starts is None:
                        starts = sorted({v[0] for v in visits})
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
                        unit_of[lid],
                        _db_time(check_in),
                        _db_time(check_out),
                        _db_time(end),
                        source,
                        status,
                        "",
                    )
                )
        rows.sort(key=lambda row: row[3])  # time order keeps the time indexes append-only
        _insert(
            Visit._meta.db_table,
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
        result.imported = len(rows)
        if cuts:
            quote = connection.ops.quote_name
            with connection.cursor() as cursor:
                cursor.executemany(
                    f"UPDATE {quote(Visit._meta.db_table)} "  # noqa: S608
                    "SET effective_end = %s WHERE id = %s",
                    cuts,
                )
        result.ends_updated = len(cuts)
    return result
