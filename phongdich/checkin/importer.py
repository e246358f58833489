"""Bulk import of check-in records from CSV (``manage.py import_checkins``): reading
and judging the file. Writing the judged records is services/imports.py.

Columns: ``person,name,location,check_in,check_out`` with a header row. Times are
ISO 8601 with an offset; ``check_out`` may be empty. Every row is judged before
anything is written, so a file with a bad row loses nothing that was stored.
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import TextIO

from tracing_engine.identity import InvalidPhone, normalize_identity, normalize_phone

COLUMNS = ("person", "name", "location", "check_in", "check_out")
LOCATION_CODE = re.compile(r"[A-Za-z0-9_.\-]{1,40}")
IDENTITY_MAX = 64
NAME_MAX = 200
# A person that is digits and phone separators, with a leading + or 0 or 9+ digits,
# is meant as a phone number: it must be a valid one, not silently a staff code.
_PHONE_CHARS = re.compile(r"\+?[0-9][0-9\s.\-()/\u00a0]*")
_TIME_CACHE = 200_000  # distinct time texts remembered while parsing

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
