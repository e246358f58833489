"""Read the lists units already keep (.xlsx or .csv) into numbered rows: the one reader
of the equipment and adoption imports (and of the imports to come). Headers
are matched without diacritics or case, title rows above the header are skipped,
merged cells give their value to every cell they cover, and each row keeps the line
number Excel shows. Cells keep their type (an Excel date stays a ``date``).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.utils.translation import gettext as _

from phongdich.core.text import fold, nfc

HEADER_SEARCH_ROWS = 15
SUFFIXES = (".xlsx", ".csv")
DELIMITERS = (",", ";", "\t")


class SheetError(Exception):
    """The file as a whole cannot be read (format, header, emptiness)."""


@dataclass
class Row:
    line: int
    values: dict[str, Any]


def header_mapping(cells: Iterable[Any], aliases: Mapping[str, str]) -> dict[int, str]:
    """Column index → column name for every header cell found in ``aliases``
    (folded spelling → name); the first cell wins when a name repeats."""
    mapping: dict[int, str] = {}
    for index, cell in enumerate(cells):
        name = aliases.get(fold(str(cell or "")).rstrip(" :*"))
        if name and name not in mapping.values():
            mapping[index] = name
    return mapping


def _cell(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, dt.datetime | dt.date):
        return value
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return nfc(str(value))


def _decode(data: bytes) -> str:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16")
    for encoding in ("utf-8-sig", "cp1258"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise SheetError(_("Không đọc được bảng mã của tệp CSV. Hãy lưu tệp dưới dạng “CSV UTF-8”."))


def _csv_table(data: bytes) -> Iterator[tuple[int, list[Any]]]:
    text = _decode(data)
    if "\x00" in text:
        raise SheetError(_("Tệp CSV chứa ký tự không hợp lệ; có thể đây không phải tệp CSV."))
    sample = text[:20000]
    delimiter = max(DELIMITERS, key=lambda d: sample.count(d))
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        for row in reader:
            yield reader.line_num, [_cell(c) for c in row]
    except csv.Error as exc:
        raise SheetError(
            _("Tệp CSV bị lỗi định dạng ở dòng %(line)s: %(reason)s")
            % {"line": reader.line_num, "reason": exc}
        ) from None


def _xlsx_table(data: bytes) -> Iterator[tuple[int, list[Any]]]:
    from openpyxl import load_workbook

    try:
        # Not read-only: merged ranges are only known to a fully loaded sheet.
        workbook = load_workbook(io.BytesIO(data), data_only=True)
    except Exception:  # any failure to parse an uploaded file is the file's fault
        raise SheetError(
            _("Không mở được tệp .xlsx: tệp bị hỏng hoặc không phải tệp Excel.")
        ) from None
    if not workbook.worksheets:
        raise SheetError(_("Tệp .xlsx không có trang tính nào."))
    sheet = workbook.worksheets[0]
    filled: dict[tuple[int, int], Any] = {}
    for merged in sheet.merged_cells.ranges:
        value = sheet.cell(merged.min_row, merged.min_col).value
        for row in range(merged.min_row, merged.max_row + 1):
            for col in range(merged.min_col, merged.max_col + 1):
                filled[(row, col)] = value
    for line, values in enumerate(sheet.iter_rows(values_only=True), start=1):
        cells: list[Any] = list(values)
        for col in range(len(cells)):
            if (line, col + 1) in filled:
                cells[col] = filled[(line, col + 1)]
        yield line, [_cell(c) for c in cells]
    workbook.close()


def read_rows(
    data: bytes,
    filename: str,
    *,
    aliases: Mapping[str, str],
    required: Iterable[str],
    labels: Mapping[str, str],
) -> list[Row]:
    """Every non-blank data row below the header, with its line number.

    ``required`` names the columns the header must have; when no row of the first
    ``HEADER_SEARCH_ROWS`` has them all, the error names what is missing.
    """
    suffix = Path(filename).suffix.lower()
    if suffix not in SUFFIXES:
        raise SheetError(_("Chỉ nhận tệp .xlsx hoặc .csv."))
    if not data.strip():
        raise SheetError(_("Tệp trống: không có dòng tiêu đề và dữ liệu nào."))
    table = _csv_table(data) if suffix == ".csv" else _xlsx_table(data)
    needed = list(required)
    mapping: dict[int, str] | None = None
    seen: list[dict[int, str]] = []
    rows: list[Row] = []
    for line, cells in table:
        if not any(c != "" for c in cells):
            continue
        if mapping is None:
            candidate = header_mapping(cells, aliases)
            if all(name in candidate.values() for name in needed):
                mapping = candidate
                continue
            seen.append(candidate)
            if len(seen) >= HEADER_SEARCH_ROWS:
                break
            continue
        values = {name: (cells[i] if i < len(cells) else "") for i, name in mapping.items()}
        if all(v == "" for k, v in values.items() if k != "stt"):
            continue
        rows.append(Row(line=line, values=values))
    if mapping is None:
        best = max(seen, key=len, default={})
        missing = [labels[name] for name in needed if name not in best.values()]
        raise SheetError(
            _(
                "Không tìm thấy dòng tiêu đề trong %(n)s dòng đầu của tệp. "
                "Thiếu cột bắt buộc: %(missing)s."
            )
            % {"n": HEADER_SEARCH_ROWS, "missing": ", ".join(missing)}
        )
    if not rows:
        raise SheetError(_("Tệp chỉ có dòng tiêu đề, không có dòng dữ liệu nào."))
    return rows
