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
from array import array
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
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

EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
NO_TIME = -(2**63)  # check_out column: no check-out
_ONE_US = timedelta(microseconds=1)
_RAW_CACHE = 100_000  # distinct person cells remembered by the slow path


def to_us(moment: datetime) -> int:
    """An aware datetime as microseconds since 1970-01-01 UTC."""
    return (moment - EPOCH) // _ONE_US


def from_us(value: int) -> datetime:
    return EPOCH + timedelta(microseconds=value)


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
    """The judged rows, column by column (a few bytes a row, not objects): row ``r`` is
    person ``identities[person[r]]`` at ``codes[location[r]]`` from ``check_in[r]`` to
    ``check_out[r]`` (microseconds since 1970 UTC; ``NO_TIME``: no check-out). Rows
    are in file order and may repeat: duplicates are merged when stored
    (services/imports.py), which also counts them."""

    identities: list[str] = field(default_factory=list)
    codes: list[str] = field(default_factory=list)
    person: array = field(default_factory=lambda: array("l"))
    location: array = field(default_factory=lambda: array("l"))
    check_in: array = field(default_factory=lambda: array("q"))
    check_out: array = field(default_factory=lambda: array("q"))
    last_seen: list[int] = field(default_factory=list)  # per identity: its latest check_in
    names: dict[str, str] = field(default_factory=dict)  # identity -> first non-empty name
    errors: list[RowError] = field(default_factory=list)
    rows_read: int = 0

    def __len__(self) -> int:
        return len(self.person)

    @property
    def records(self) -> list[Record]:
        """The rows as records, exact duplicates dropped (first kept), in file order."""
        ids, codes = self.identities, self.codes
        return list(
            dict.fromkeys(
                (
                    ids[p],
                    codes[lc],
                    from_us(ci),
                    None if co == NO_TIME else from_us(co),
                )
                for p, lc, ci, co in zip(
                    self.person, self.location, self.check_in, self.check_out, strict=True
                )
            )
        )

    @classmethod
    def of_records(
        cls, records: Iterable[Record], names: dict[str, str] | None = None
    ) -> ParsedFile:
        """Records (normalised identities, UTC times) as a ParsedFile."""
        parsed = cls(names=dict(names or {}))
        person_of: dict[str, int] = {}
        code_of: dict[str, int] = {}
        for identity, code, check_in, check_out in records:
            parsed.rows_read += 1
            p = person_of.get(identity)
            if p is None:
                p = person_of[identity] = len(parsed.identities)
                parsed.identities.append(identity)
                parsed.last_seen.append(NO_TIME)
            lc = code_of.get(code)
            if lc is None:
                lc = code_of[code] = len(parsed.codes)
                parsed.codes.append(code)
            ci = to_us(check_in)
            parsed.person.append(p)
            parsed.location.append(lc)
            parsed.check_in.append(ci)
            parsed.check_out.append(NO_TIME if check_out is None else to_us(check_out))
            if ci > parsed.last_seen[p]:
                parsed.last_seen[p] = ci
        return parsed


# Parsing ------------------------------------------------------------------

# The separators a phone number is commonly written with, all of which _PHONE_CHARS
# accepts and normalize_phone drops.
_PHONE_SEPARATORS = str.maketrans("", "", " .-()/\u00a0")
_MOBILE_FIRST = frozenset("35789")


def _fast_phone(text: str) -> str | None:
    """``_identity(text)`` for the usual spellings of a mobile number (``0912…``,
    ``+84912…``, ``84912…`` with spaces, dots, hyphens), else None (ask ``_identity``).

    Only answers where ``_identity`` would take the phone path and return a number:
    the stripped text starts with a digit or ``+`` and a digit (``_PHONE_CHARS``), and
    nothing but ASCII digits is left once the common separators are dropped."""
    first = text[:1]
    if first == "+":
        if not text[1:2].isdigit():
            return None
    elif not ("0" <= first <= "9"):
        return None
    compact = text.translate(_PHONE_SEPARATORS)
    if compact[0] == "+":
        if not compact.startswith("+84"):
            return None
        national = compact[3:]
    elif compact[0] == "0":
        national = compact[1:]
    elif len(compact) == 11 and compact.startswith("84"):
        national = compact[2:]
    else:
        return None
    if (
        len(national) == 9
        and national[0] in _MOBILE_FIRST
        and national.isdigit()
        and national.isascii()
    ):
        return "+84" + national
    return None


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


def _moment(raw: str, label: str) -> int:
    """A time cell as microseconds since 1970 UTC."""
    text = raw.strip()
    try:
        value = datetime.fromisoformat(text)
    except ValueError:
        raise ValueError(
            f"{label} “{text[:40]}” không đúng định dạng ISO 8601 (ví dụ 2021-09-08T07:30:00+07:00)"
        ) from None
    if value.tzinfo is None:
        raise ValueError(f"{label} “{text[:40]}” thiếu múi giờ (ví dụ 2021-09-08T07:30:00+07:00)")
    return to_us(value)


def parse_rows(rows: Iterable[tuple[int, Sequence[str]]], parsed: ParsedFile) -> None:
    """Judge data rows given as (line number, cells in COLUMNS order)."""
    raw_identities: dict[str, str | ValueError] = {}  # slow path, bounded
    person_of: dict[str, int] = {i: n for n, i in enumerate(parsed.identities)}
    code_of: dict[str, int | ValueError] = {}  # raw cell -> index in parsed.codes
    code_index: dict[str, int] = {c: n for n, c in enumerate(parsed.codes)}
    identities = parsed.identities
    last_seen = parsed.last_seen
    names = parsed.names
    errors = parsed.errors
    add_person = parsed.person.append
    add_location = parsed.location.append
    add_in = parsed.check_in.append
    add_out = parsed.check_out.append
    times: dict[str, int] = {}  # raw text -> microseconds; times repeat a lot
    fast_phone = _fast_phone
    for line, cells in rows:
        parsed.rows_read += 1
        if len(cells) != len(COLUMNS):
            errors.append(RowError(line, f"cần {len(COLUMNS)} cột, dòng này có {len(cells)}"))
            continue
        raw_person, raw_name, raw_code, raw_in, raw_out = cells
        try:
            identity = fast_phone(raw_person)
            if identity is None:
                judged = raw_identities.get(raw_person)
                if judged is None:
                    try:
                        judged = _identity(raw_person)
                    except ValueError as exc:
                        judged = exc
                    if len(raw_identities) >= _RAW_CACHE:
                        raw_identities.clear()
                    raw_identities[raw_person] = judged
                if isinstance(judged, ValueError):
                    raise judged
                identity = judged
            code = code_of.get(raw_code)
            if code is None:
                try:
                    text = _location_code(raw_code)
                except ValueError as exc:
                    code = exc
                else:
                    code = code_index.get(text)
                    if code is None:
                        code = code_index[text] = len(parsed.codes)
                        parsed.codes.append(text)
                code_of[raw_code] = code
            if isinstance(code, ValueError):
                raise code
            check_in = times.get(raw_in)
            if check_in is None:
                check_in = _moment(raw_in, "giờ vào")
                if len(times) >= _TIME_CACHE:
                    times.clear()
                times[raw_in] = check_in
            check_out = NO_TIME
            if raw_out and not raw_out.isspace():
                check_out = times.get(raw_out)  # type: ignore[assignment]
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
        p = person_of.get(identity)
        if p is None:
            p = person_of[identity] = len(identities)
            identities.append(identity)
            last_seen.append(check_in)
        elif check_in > last_seen[p]:
            last_seen[p] = check_in
        add_person(p)
        add_location(code)
        add_in(check_in)
        add_out(check_out)
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
