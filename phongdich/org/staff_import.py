"""Staff lists from .xlsx and .csv with Vietnamese headers.

Reading and validation are separate from writing: ``read_rows`` turns a file
into numbered rows, ``validate_rows`` checks every one of them and reports
each bad row with its line number and reasons, ``apply_rows`` writes the good
ones (updating by staff code, never duplicating).
"""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from phongdich.core.crypto import blind_index
from phongdich.core.text import clean_name, fold, nfc, phone_or_error
from phongdich.org.models import Staff, Unit

# Column → accepted header spellings (compared without diacritics or case).
COLUMNS: dict[str, tuple[str, ...]] = {
    "full_name": ("họ và tên", "họ tên", "tên cán bộ", "full name", "full_name", "name"),
    "staff_code": (
        "mã cán bộ",
        "mã cb",
        "mã nhân viên",
        "mã số cán bộ",
        "mã công chức",
        "staff code",
        "staff_code",
    ),
    "phone": ("số điện thoại", "điện thoại", "sđt", "số đt", "di động", "phone"),
    "email": ("email", "thư điện tử", "e-mail"),
    "unit": ("đơn vị", "mã đơn vị", "phòng/đơn vị", "unit", "unit code"),
    "position": ("chức vụ", "chức danh", "position"),
}
IGNORED_HEADERS = {fold(h) for h in ("stt", "số thứ tự", "ghi chú", "no", "note")}
REQUIRED = ("full_name", "staff_code", "unit")
HEADER_LABELS = {
    "full_name": "Họ và tên",
    "staff_code": "Mã cán bộ",
    "phone": "Số điện thoại",
    "email": "Email",
    "unit": "Đơn vị",
    "position": "Chức vụ",
}
_ALIASES = {fold(alias): column for column, aliases in COLUMNS.items() for alias in aliases}
HEADER_SEARCH_ROWS = 10
MAX_NAME = 200
MAX_CODE = 32


class ImportFileError(Exception):
    """The file as a whole cannot be read (format, headers, emptiness)."""


@dataclass
class Row:
    line: int
    values: dict[str, str]


@dataclass
class CleanRow:
    line: int
    full_name: str
    staff_code: str
    phone: str
    email: str
    unit_id: int
    position: str


@dataclass
class RowError:
    line: int
    reasons: list[str]

    def as_dict(self) -> dict[str, Any]:
        return {"line": self.line, "reasons": self.reasons}


@dataclass
class Validation:
    rows: list[CleanRow] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)


@dataclass
class ApplyResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return nfc(str(value))


def _match_header(cells: list[str]) -> dict[int, str] | None:
    mapping: dict[int, str] = {}
    for index, cell in enumerate(cells):
        column = _ALIASES.get(fold(cell))
        if column and column not in mapping.values():
            mapping[index] = column
    if all(column in mapping.values() for column in REQUIRED):
        return mapping
    return None


def _rows_from_table(table: Iterable[tuple[int, list[str]]]) -> Iterator[Row]:
    """Find the header in the first rows, then yield every non-blank data row."""
    iterator = iter(table)
    seen: list[list[str]] = []
    mapping: dict[int, str] | None = None
    for _line, cells in iterator:
        if not any(cells):
            continue
        mapping = _match_header(cells)
        if mapping is not None:
            break
        seen.append(cells)
        if len(seen) >= HEADER_SEARCH_ROWS:
            break
    if mapping is None:
        if not seen:
            raise ImportFileError(_("Tệp trống: không có dòng tiêu đề và dữ liệu nào."))
        first = [c for c in seen[0] if c]
        found = {_ALIASES.get(fold(c)) for row in seen for c in row} - {None}
        missing = [HEADER_LABELS[c] for c in REQUIRED if c not in found]
        raise ImportFileError(
            _(
                "Không tìm thấy dòng tiêu đề hợp lệ. Thiếu cột bắt buộc: %(missing)s. "
                "Dòng đầu của tệp có các cột: %(got)s. Các cột được chấp nhận: %(accepted)s."
            )
            % {
                "missing": ", ".join(missing) or ", ".join(HEADER_LABELS[c] for c in REQUIRED),
                "got": ", ".join(first[:12]) or "(trống)",
                "accepted": ", ".join(HEADER_LABELS.values()),
            }
        )
    for line, cells in iterator:
        if not any(cells):
            continue
        values = {column: (cells[i] if i < len(cells) else "") for i, column in mapping.items()}
        yield Row(line=line, values=values)


def _decode(data: bytes) -> str:
    for encoding in ("utf-8-sig", "utf-16"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if encoding == "utf-16" and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
            continue
        return text
    try:
        return data.decode("cp1258")
    except UnicodeDecodeError:
        raise ImportFileError(
            _("Không đọc được bảng mã của tệp CSV. Hãy lưu tệp dưới dạng “CSV UTF-8”.")
        ) from None


def _csv_table(data: bytes) -> Iterator[tuple[int, list[str]]]:
    text = _decode(data)
    if "\x00" in text:
        raise ImportFileError(_("Tệp CSV chứa ký tự không hợp lệ; có thể đây không phải tệp CSV."))
    sample = text[:4096]
    try:
        dialect: Any = csv.Sniffer().sniff(sample.splitlines()[0] if sample else "", ",;\t")
    except csv.Error:
        dialect = csv.excel
    reader = csv.reader(io.StringIO(text, newline=""), dialect)
    try:
        for row in reader:
            yield reader.line_num, [_cell(c) for c in row]
    except csv.Error as exc:
        raise ImportFileError(
            _("Tệp CSV bị lỗi định dạng ở dòng %(line)s: %(reason)s")
            % {"line": reader.line_num, "reason": exc}
        ) from None


def _xlsx_table(data: bytes) -> Iterator[tuple[int, list[str]]]:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError):
        raise ImportFileError(
            _("Không mở được tệp .xlsx: tệp bị hỏng hoặc không phải tệp Excel.")
        ) from None
    try:
        sheet = workbook.worksheets[0]
        for line, row in enumerate(sheet.iter_rows(values_only=True), start=1):
            yield line, [_cell(c) for c in row]
    finally:
        workbook.close()


def read_rows(data: bytes, filename: str) -> list[Row]:
    """Every data row of the file with its line number (1-based, as Excel shows it)."""
    suffix = Path(filename).suffix.lower()
    if not data.strip():
        raise ImportFileError(_("Tệp trống: không có dòng tiêu đề và dữ liệu nào."))
    if suffix == ".csv":
        table = _csv_table(data)
    elif suffix == ".xlsx":
        table = _xlsx_table(data)
    else:
        raise ImportFileError(_("Chỉ nhận tệp .xlsx hoặc .csv."))
    rows = list(_rows_from_table(table))
    if not rows:
        raise ImportFileError(_("Tệp chỉ có dòng tiêu đề, không có dòng dữ liệu nào."))
    return rows


def _unit_lookup(units: Iterable[Unit]) -> dict[str, int]:
    lookup: dict[str, int] = {}
    for unit in units:
        for key in (unit.code, unit.name, unit.short_name):
            if key:
                lookup.setdefault(fold(key), unit.pk)
    return lookup


def validate_rows(rows: list[Row], *, allowed_units: Iterable[Unit]) -> Validation:
    """Check every row; never stop at the first error."""
    result = Validation()
    units = _unit_lookup(allowed_units)
    all_units = _unit_lookup(Unit.objects.all())
    seen_codes: dict[str, int] = {}
    seen_phones: dict[str, int] = {}
    phone_owner = {
        index: code
        for index, code in Staff.objects.exclude(phone_index="").values_list(
            "phone_index", "staff_code"
        )
    }
    for row in rows:
        reasons: list[str] = []
        name = clean_name(row.values.get("full_name"))
        code = nfc(row.values.get("staff_code")).upper().replace(" ", "")
        raw_phone = nfc(row.values.get("phone"))
        email = nfc(row.values.get("email")).lower()
        unit_text = clean_name(row.values.get("unit"))
        position = clean_name(row.values.get("position"))

        if not name:
            reasons.append(_("Thiếu họ và tên."))
        elif len(name) > MAX_NAME:
            reasons.append(_("Họ và tên dài quá %(n)s ký tự.") % {"n": MAX_NAME})
        if not code:
            reasons.append(_("Thiếu mã cán bộ."))
        elif len(code) > MAX_CODE:
            reasons.append(_("Mã cán bộ dài quá %(n)s ký tự.") % {"n": MAX_CODE})
        elif code in seen_codes:
            reasons.append(
                _("Mã cán bộ %(code)s trùng với dòng %(line)s.")
                % {"code": code, "line": seen_codes[code]}
            )
        else:
            seen_codes[code] = row.line

        phone = ""
        if raw_phone:
            try:
                phone = phone_or_error(raw_phone)
            except ValidationError as exc:
                reasons.extend(exc.messages)
            else:
                if phone in seen_phones:
                    reasons.append(
                        _("Số điện thoại %(phone)s trùng với dòng %(line)s.")
                        % {"phone": raw_phone, "line": seen_phones[phone]}
                    )
                else:
                    seen_phones[phone] = row.line
                    owner = phone_owner.get(blind_index(phone, purpose="phone"))
                    if owner and owner != code:
                        reasons.append(
                            _("Số điện thoại %(phone)s đã thuộc cán bộ có mã %(owner)s.")
                            % {"phone": raw_phone, "owner": owner}
                        )
        if email:
            try:
                validate_email(email)
            except ValidationError:
                reasons.append(_("Email “%(email)s” không hợp lệ.") % {"email": email[:80]})
        if len(position) > MAX_NAME:
            reasons.append(_("Chức vụ dài quá %(n)s ký tự.") % {"n": MAX_NAME})

        unit_id = None
        if not unit_text:
            reasons.append(_("Thiếu đơn vị."))
        else:
            unit_id = units.get(fold(unit_text))
            if unit_id is None:
                if fold(unit_text) in all_units:
                    reasons.append(
                        _("Bạn không có quyền nhập cán bộ cho đơn vị “%(unit)s”.")
                        % {"unit": unit_text}
                    )
                else:
                    reasons.append(
                        _("Không tìm thấy đơn vị “%(unit)s” (ghi mã hoặc tên đơn vị).")
                        % {"unit": unit_text}
                    )

        if reasons or unit_id is None:
            result.errors.append(RowError(line=row.line, reasons=reasons))
            continue
        result.rows.append(
            CleanRow(
                line=row.line,
                full_name=name,
                staff_code=code,
                phone=phone,
                email=email,
                unit_id=unit_id,
                position=position,
            )
        )
    return result


FIELDS = ("full_name", "phone", "email", "unit_id", "position")


def apply_rows(
    rows: list[CleanRow],
    *,
    chunk_size: int = 500,
    progress: Callable[[int], None] | None = None,
) -> ApplyResult:
    """Create or update staff by staff code, in chunks; ``progress(done)`` after each."""
    result = ApplyResult()
    done = 0
    for start in range(0, len(rows), chunk_size):
        chunk = rows[start : start + chunk_size]
        with transaction.atomic():
            existing = {
                s.staff_code: s
                for s in Staff.objects.select_for_update().filter(
                    staff_code__in=[r.staff_code for r in chunk]
                )
            }
            to_create: list[Staff] = []
            to_update: list[Staff] = []
            for row in chunk:
                staff = existing.get(row.staff_code)
                if staff is None:
                    staff = Staff(staff_code=row.staff_code)
                    for name in FIELDS:
                        setattr(staff, name, getattr(row, name))
                    staff.refresh_indexes()
                    to_create.append(staff)
                    continue
                changed = [n for n in FIELDS if getattr(staff, n) != getattr(row, n)]
                if not changed and staff.is_active:
                    result.unchanged += 1
                    continue
                for name in FIELDS:
                    setattr(staff, name, getattr(row, name))
                staff.is_active = True
                staff.refresh_indexes()
                to_update.append(staff)
            if to_update:
                now = timezone.now()
                for staff in to_update:
                    staff.updated_at = now
                # Free phones first so that two staff swapping numbers do not collide.
                Staff.objects.filter(pk__in=[s.pk for s in to_update]).update(phone_index="")
                Staff.objects.bulk_update(
                    to_update, [*FIELDS, "phone_index", "is_active", "updated_at"]
                )
            Staff.objects.bulk_create(to_create)
            result.created += len(to_create)
            result.updated += len(to_update)
        done += len(chunk)
        if progress is not None:
            progress(done)
    return result
