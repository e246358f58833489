"""Staff lists from .xlsx and .csv with Vietnamese headers: reading and checking.

Nothing here writes. ``read_rows`` turns a file into numbered rows,
``validate_rows`` checks every one of them (against the units and the staff
already stored) and reports each bad row with its line number and reasons; the
service ``services.staff_import.staff_rows_apply`` writes the good ones (updating
by staff code, never duplicating).
"""

from __future__ import annotations

import csv
import io
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from phongdich.core.crypto import blind_index
from phongdich.core.text import clean_name, fold, mask_phone, nfc, phone_or_error
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
    "form_of_address": ("xưng hô", "cách xưng hô", "danh xưng", "form of address"),
}
IGNORED_HEADERS = {fold(h) for h in ("stt", "số thứ tự", "ghi chú", "no", "note")}
REQUIRED = ("full_name", "staff_code", "unit")
HEADER_LABELS = {
    "full_name": gettext_lazy("Họ và tên"),
    "staff_code": gettext_lazy("Mã cán bộ"),
    "phone": gettext_lazy("Số điện thoại"),
    "email": gettext_lazy("Email"),
    "unit": gettext_lazy("Đơn vị"),
    "position": gettext_lazy("Chức vụ"),
    "form_of_address": gettext_lazy("Xưng hô"),
}
_ALIASES = {fold(alias): column for column, aliases in COLUMNS.items() for alias in aliases}
HEADER_SEARCH_ROWS = 10
DELIMITERS = (",", ";", "\t", "|")
MAX_NAME = 200
MAX_CODE = 32
MAX_EMAIL = 254
SUFFIXES = (".xlsx", ".csv")
FORMS_OF_ADDRESS = frozenset(Staff.FormOfAddress.values)


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
    # anh/chị/ông/bà or "" (Staff.form_of_address); None: the file has no such column,
    # and the stored value is kept.
    form_of_address: str | None = None


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


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return nfc(str(value))


def _match_header(cells: list[str]) -> dict[int, str]:
    """Column index → column name for every recognised header cell of ``cells``."""
    mapping: dict[int, str] = {}
    for index, cell in enumerate(cells):
        column = _ALIASES.get(fold(cell))
        if column and column not in mapping.values():
            mapping[index] = column
    return mapping


def _is_header(mapping: dict[int, str]) -> bool:
    return all(column in mapping.values() for column in REQUIRED)


def _rows_from_table(table: Iterable[tuple[int, list[str]]]) -> Iterator[Row]:
    """Find the header in the first rows, then yield every non-blank data row."""
    iterator = iter(table)
    seen: list[list[str]] = []
    mapping: dict[int, str] | None = None
    for _line, cells in iterator:
        if not any(cells):
            continue
        candidate = _match_header(cells)
        if _is_header(candidate):
            mapping = candidate
            break
        seen.append(cells)
        if len(seen) >= HEADER_SEARCH_ROWS:
            break
    if mapping is None:
        if not seen:
            raise ImportFileError(_("Tệp trống: không có dòng tiêu đề và dữ liệu nào."))
        # Name what is missing from the row that looks most like a header.
        best = max(seen, key=lambda cells: len(_match_header(cells)))
        found = set(_match_header(best).values())
        missing = [str(HEADER_LABELS[c]) for c in REQUIRED if c not in found]
        raise ImportFileError(
            _(
                "Không tìm thấy dòng tiêu đề hợp lệ trong %(n)s dòng đầu của tệp. "
                "Thiếu cột bắt buộc: %(missing)s. Dòng tiêu đề của tệp có các cột: %(got)s. "
                "Các cột được chấp nhận: %(accepted)s."
            )
            % {
                "n": HEADER_SEARCH_ROWS,
                "missing": ", ".join(missing),
                "got": ", ".join(c[:40] for c in best[:12] if c) or _("(trống)"),
                "accepted": ", ".join(str(label) for label in HEADER_LABELS.values()),
            }
        )
    for line, cells in iterator:
        if not any(cells):
            continue
        values = {column: (cells[i] if i < len(cells) else "") for i, column in mapping.items()}
        yield Row(line=line, values=values)


def _decode(data: bytes) -> str:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            pass
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        # Windows Vietnamese (the "CSV" Excel writes on a Vietnamese Windows):
        # tone marks come as combining characters, which ``_cell`` composes (NFC).
        return data.decode("cp1258")
    except UnicodeDecodeError:
        raise ImportFileError(
            _("Không đọc được bảng mã của tệp CSV. Hãy lưu tệp dưới dạng “CSV UTF-8”.")
        ) from None


def _delimiter(text: str) -> str:
    """The delimiter under which a header row appears in the first rows of ``text``.

    Excel writes ``;`` where the decimal separator is a comma (as in Vietnam),
    ``,`` elsewhere, and tabs for "Unicode text"; a title line above the header
    is common, so every candidate is tried on the first rows, not just the first line.
    """
    best, best_score = ",", (-1, -1)
    for delimiter in DELIMITERS:
        reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
        recognised = 0
        try:
            for index, row in enumerate(reader):
                if index >= HEADER_SEARCH_ROWS * 2:
                    break
                mapping = _match_header([nfc(c) for c in row])
                if _is_header(mapping):
                    return delimiter
                recognised = max(recognised, len(mapping))
        except csv.Error:
            continue
        first = text.split("\n", 1)[0]
        score = (recognised, first.count(delimiter))
        if score > best_score:
            best, best_score = delimiter, score
    return best


def _csv_table(data: bytes) -> Iterator[tuple[int, list[str]]]:
    text = _decode(data)
    if "\x00" in text:
        raise ImportFileError(_("Tệp CSV chứa ký tự không hợp lệ; có thể đây không phải tệp CSV."))
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(text))
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

    corrupt = _("Không mở được tệp .xlsx: tệp bị hỏng hoặc không phải tệp Excel.")
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:  # any failure to parse an uploaded file is the file's fault
        raise ImportFileError(corrupt) from None
    try:
        if not workbook.worksheets:
            raise ImportFileError(_("Tệp .xlsx không có trang tính nào."))
        sheet = workbook.worksheets[0]
        # Read-only sheets yield empty rows for the missing ones, so the count is
        # the row number Excel shows.
        rows = sheet.iter_rows(values_only=True)
        line = 0
        while True:
            try:
                row = next(rows)
            except StopIteration:
                break
            except Exception:  # a damaged sheet inside a valid zip
                raise ImportFileError(corrupt) from None
            line += 1
            yield line, [_cell(c) for c in row]
    finally:
        workbook.close()


def read_rows(data: bytes, filename: str) -> list[Row]:
    """Every data row of the file with its line number (1-based, as Excel shows it)."""
    suffix = Path(filename).suffix.lower()
    if suffix not in SUFFIXES:
        raise ImportFileError(_("Chỉ nhận tệp .xlsx hoặc .csv."))
    if not data.strip():
        raise ImportFileError(_("Tệp trống: không có dòng tiêu đề và dữ liệu nào."))
    table = _csv_table(data) if suffix == ".csv" else _xlsx_table(data)
    rows = list(_rows_from_table(table))
    if not rows:
        raise ImportFileError(_("Tệp chỉ có dòng tiêu đề, không có dòng dữ liệu nào."))
    return rows


class _Units:
    """Resolve the text of the unit column (a code, a name or a short name)."""

    def __init__(self, allowed: Iterable[Unit]) -> None:
        self.allowed = {unit.pk for unit in allowed}
        self.by_code: dict[str, Unit] = {}
        self.by_name: dict[str, list[Unit]] = defaultdict(list)
        for unit in Unit.objects.only("pk", "code", "name", "short_name", "is_active"):
            self.by_code[fold(unit.code)] = unit
            for key in {fold(unit.name), fold(unit.short_name)} - {""}:
                self.by_name[key].append(unit)

    def resolve(self, text: str) -> tuple[int | None, str | None]:
        """The unit's id, or None and the reason (in Vietnamese)."""
        key = fold(text)
        unit = self.by_code.get(key)
        candidates = [unit] if unit is not None else self.by_name.get(key, [])
        if not candidates:
            return None, _("Không tìm thấy đơn vị “%(unit)s” (ghi mã hoặc tên đơn vị).") % {
                "unit": text
            }
        mine = [u for u in candidates if u.pk in self.allowed]
        if not mine:
            return None, _("Bạn không có quyền nhập cán bộ cho đơn vị “%(unit)s”.") % {"unit": text}
        active = [u for u in mine if u.is_active]
        if not active:
            return None, _("Đơn vị “%(unit)s” đã ngừng hoạt động.") % {"unit": text}
        if len(active) > 1:
            return None, _("Có nhiều đơn vị tên “%(unit)s” (%(codes)s); hãy ghi mã đơn vị.") % {
                "unit": text,
                "codes": ", ".join(sorted(u.code for u in active)),
            }
        return active[0].pk, None


@dataclass
class _Existing:
    """What the database already holds, keyed by upper-case staff code."""

    unit_of: dict[str, int]
    phone_owner: dict[str, str]

    @classmethod
    def load(cls) -> _Existing:
        unit_of: dict[str, int] = {}
        phone_owner: dict[str, str] = {}
        for code, unit_id, index in Staff.objects.values_list(
            "staff_code", "unit_id", "phone_index"
        ).iterator(chunk_size=2000):
            unit_of.setdefault(code.upper(), unit_id)
            if index:
                phone_owner[index] = code.upper()
        return cls(unit_of=unit_of, phone_owner=phone_owner)


def validate_rows(rows: list[Row], *, allowed_units: Iterable[Unit]) -> Validation:
    """Check every row; never stop at the first error.

    ``allowed_units`` are the units the importer may write to: a row naming
    another unit, or updating a staff member who belongs to another unit, is
    an error of that row.
    """
    units = _Units(allowed_units)
    existing = _Existing.load()
    seen_codes: dict[str, int] = {}
    seen_phones: dict[str, int] = {}
    reasons_of: dict[int, list[str]] = {}
    clean: list[CleanRow] = []
    for row in rows:
        reasons: list[str] = []
        name = clean_name(row.values.get("full_name"))
        code = nfc(row.values.get("staff_code")).upper().replace(" ", "")
        raw_phone = nfc(row.values.get("phone"))
        email = nfc(row.values.get("email")).lower()
        unit_text = clean_name(row.values.get("unit"))
        position = clean_name(row.values.get("position"))
        form_of_address: str | None = None
        if "form_of_address" in row.values:
            form_of_address = clean_name(row.values["form_of_address"]).lower()
            if form_of_address and form_of_address not in FORMS_OF_ADDRESS:
                reasons.append(
                    _("Xưng hô “%(value)s” không hợp lệ: chỉ dùng anh, chị, ông, bà hoặc để trống.")
                    % {"value": form_of_address[:20]}
                )

        if not name:
            reasons.append(_("Thiếu họ và tên."))
        elif len(name) > MAX_NAME:
            reasons.append(_("Họ và tên dài quá %(n)s ký tự.") % {"n": MAX_NAME})
        if not code:
            reasons.append(_("Thiếu mã cán bộ."))
        elif len(code) > MAX_CODE:
            reasons.append(_("Mã cán bộ dài quá %(n)s ký tự.") % {"n": MAX_CODE})
        elif not code.isprintable():
            reasons.append(_("Mã cán bộ %(code)s có ký tự không hợp lệ.") % {"code": code[:40]})
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
                        # Masked: the report is stored with the job (no plain phone at rest).
                        % {"phone": mask_phone(phone), "line": seen_phones[phone]}
                    )
                else:
                    seen_phones[phone] = row.line
        if email:
            if len(email) > MAX_EMAIL:
                reasons.append(_("Email dài quá %(n)s ký tự.") % {"n": MAX_EMAIL})
            else:
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
            unit_id, problem = units.resolve(unit_text)
            if problem:
                reasons.append(problem)

        current_unit = existing.unit_of.get(code) if code else None
        if current_unit is not None and current_unit not in units.allowed:
            reasons.append(
                _(
                    "Mã cán bộ %(code)s là của một cán bộ thuộc đơn vị ngoài phạm vi của bạn; "
                    "không thể cập nhật."
                )
                % {"code": code}
            )

        if reasons or unit_id is None:
            reasons_of[row.line] = reasons
            continue
        clean.append(
            CleanRow(
                line=row.line,
                full_name=name,
                staff_code=code,
                phone=phone,
                email=email,
                unit_id=unit_id,
                position=position,
                form_of_address=form_of_address,
            )
        )

    clean = _check_phone_owners(clean, existing, units.allowed, reasons_of)
    result = Validation(rows=clean)
    result.errors = [RowError(line=line, reasons=reasons_of[line]) for line in sorted(reasons_of)]
    return result


def _check_phone_owners(
    rows: list[CleanRow],
    existing: _Existing,
    allowed: set[int],
    reasons_of: dict[int, list[str]],
) -> list[CleanRow]:
    """Drop the rows whose phone belongs to a staff member who keeps it.

    A number may move from one staff member to another (or two may swap
    numbers) when the current owner's own valid row in the file gives them
    another number. Rejecting a row can stop a number from being freed, so
    repeat until nothing changes.
    """
    indexes = {row.line: blind_index(row.phone, purpose="phone") for row in rows if row.phone}
    while True:
        new_phone = {row.staff_code: indexes.get(row.line, "") for row in rows}
        kept: list[CleanRow] = []
        for row in rows:
            index = indexes.get(row.line)
            owner = existing.phone_owner.get(index) if index else None
            if owner is None or owner == row.staff_code or new_phone.get(owner, index) != index:
                kept.append(row)
                continue
            if existing.unit_of.get(owner) in allowed:
                reason = _("Số điện thoại %(phone)s đã thuộc cán bộ có mã %(owner)s.") % {
                    "phone": mask_phone(row.phone),
                    "owner": owner,
                }
            else:
                reason = _("Số điện thoại %(phone)s đã thuộc một cán bộ khác.") % {
                    "phone": row.phone
                }
            reasons_of[row.line] = [reason]
        if len(kept) == len(rows):
            return kept
        rows = kept
