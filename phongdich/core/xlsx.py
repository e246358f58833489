"""The one workbook factory: every .xlsx the project exports is made here.

What every workbook gets, whoever calls it:

- user text is text: ``strings_to_formulas``, ``strings_to_urls`` and
  ``strings_to_numbers`` are off and every text cell is written with
  ``write_string`` ("=1+1", "@SUM(A1)", "+cmd|' /C calc'!A0" stay strings);
- real date cells shown ``dd/mm/yyyy`` and date-time cells ``dd/mm/yyyy hh:mm``
  (aware datetimes converted to Asia/Ho_Chi_Minh, written naive);
- durations (a ``timedelta`` or a number of minutes) as text, "8 giờ 04 phút";
- a title block above the table: the title, one line per filter ("Đơn vị: …"),
  "Xuất bởi <name> lúc dd/mm/yyyy hh:mm", and "Tài liệu chứa dữ liệu cá nhân –
  không chia sẻ" when the sheet holds personal data;
- a bold header row, frozen, with an autofilter over it;
- column widths fitted to the header and the first ``FIT_SAMPLE`` rows (bounded to
  ``MIN_WIDTH``–``MAX_WIDTH`` characters), text wrapped, and the height of each row
  set from its estimated number of wrapped lines, so LibreOffice and Excel print
  without overlapping text;
- A4, landscape when the table is wide (more than ``PORTRAIT_MAX_COLUMNS`` columns
  or ``PORTRAIT_MAX_WIDTH`` characters in total), fitted to one page wide, the
  header row repeated on every page, footer "Trang &P/&N", margins for binding;
- Times New Roman in every cell, including the workbook's default format.

Use::

    from phongdich.core.xlsx import Column, Sheet, build_workbook, xlsx_response

    sheet = Sheet(
        name=gettext("Nhật ký ra vào"),
        title=gettext("NHẬT KÝ RA VÀO"),
        columns=[
            Column(gettext("STT"), kind="int", width=6),
            Column(gettext("Họ và tên")),
            Column(gettext("Giờ vào"), kind="datetime"),
            Column(gettext("Thời gian ở lại"), kind="duration"),
        ],
        rows=((n, v.person.full_name, v.check_in, v.duration) for n, v in enumerate(visits, 1)),
        filters=[(gettext("Đơn vị"), unit.name), (gettext("Từ ngày"), day)],
        personal_data=True,
    )
    data = build_workbook(sheets=[sheet], exported_by=user.get_full_name(),
                          exported_at=timezone.now())
    return xlsx_response(data, filename="nhat-ky-ra-vao.xlsx")

``rows`` is any iterable of sequences (one value per column; a generator is read
once). Several sheets go in one workbook by passing several ``Sheet``. For big
exports (the visitor log can reach 100 000 rows) pass ``constant_memory=True``:
XlsxWriter then flushes each row to a temporary file as it is written;
``write_workbook(target, …)`` writes to a path or a binary file instead of
returning bytes.

Column kinds: ``text`` (str(value); None is blank), ``int`` (#,##0), ``number``
(#,##0.00 unless ``num_format``), ``percent`` (a fraction: 0.25 shows 25.0%),
``date``, ``datetime``, ``duration``. A str given to a numeric or date column (for
example "—") is written as text.
"""

from __future__ import annotations

import io
import math
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal
from itertools import islice
from pathlib import Path
from typing import IO, Any, Literal

import xlsxwriter
from django.http import HttpResponse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext

__all__ = [
    "CONTENT_TYPE",
    "Column",
    "Sheet",
    "build_workbook",
    "format_duration",
    "write_workbook",
    "xlsx_response",
]

CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
Kind = Literal["text", "int", "number", "percent", "date", "datetime", "duration"]
KINDS: frozenset[str] = frozenset(
    ["text", "int", "number", "percent", "date", "datetime", "duration"]
)

FONT_NAME = "Times New Roman"
FONT_SIZE = 11
TITLE_SIZE = 14
LINE_HEIGHT = 15.0  # points per wrapped line of 11 pt text (generous, for LibreOffice)
MAX_ROW_HEIGHT = 409.0  # Excel's limit
MIN_WIDTH, MAX_WIDTH = 8.0, 60.0
FIT_SAMPLE = 1000  # rows read ahead to fit the column widths
PORTRAIT_MAX_COLUMNS = 7
PORTRAIT_MAX_WIDTH = 100.0
PAPER_A4 = 9
MAX_CELL_TEXT = 32767  # Excel's limit for one cell

DATE_FORMAT = "dd/mm/yyyy"
DATETIME_FORMAT = "dd/mm/yyyy hh:mm"
NUMBER_FORMATS = {"int": "#,##0", "number": "#,##0.00", "percent": "0.0%"}
# Characters Excel refuses in a sheet name.
_BAD_SHEET_CHARS = re.compile(r"[\[\]:*?/\\]")


@dataclass(frozen=True)
class Column:
    """One column: its header, the kind of its values, an optional fixed width
    (characters; None: fitted to the content) and an optional Excel number format."""

    header: str
    kind: Kind = "text"
    width: float | None = None
    num_format: str | None = None

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"unknown column kind {self.kind!r}; one of {sorted(KINDS)}")


@dataclass
class Sheet:
    """One worksheet: a tab name, the title above the table, the columns, the rows
    (an iterable of sequences, read once), the filters shown in the title block and
    whether the rows hold personal data."""

    name: str
    title: str
    columns: Sequence[Column]
    rows: Iterable[Sequence[Any]]
    filters: Sequence[tuple[str, Any]] = field(default_factory=list)
    personal_data: bool = False


# ---- values -----------------------------------------------------------------------------


def format_duration(value: timedelta | float | int | Decimal | None) -> str:
    """A duration as Vietnamese text: timedelta(hours=8, minutes=4) or 484 (minutes)
    → "8 giờ 04 phút"; under an hour "45 phút"; rounded to the nearest minute."""
    if value is None:
        return ""
    minutes_f = value.total_seconds() / 60 if isinstance(value, timedelta) else float(value)
    sign = "-" if minutes_f < 0 else ""
    minutes = int(abs(minutes_f) + 0.5)
    hours, rest = divmod(minutes, 60)
    if hours == 0:
        return gettext("%(sign)s%(minutes)d phút") % {"sign": sign, "minutes": rest}
    return gettext("%(sign)s%(hours)d giờ %(minutes)02d phút") % {
        "sign": sign,
        "hours": hours,
        "minutes": rest,
    }


def _local_naive(value: datetime) -> datetime:
    if timezone.is_aware(value):
        value = timezone.localtime(value)
    return value.replace(tzinfo=None)


def format_moment(value: Any) -> str:
    """A filter value or a time shown in the title block as Vietnamese text."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        return _local_naive(value).strftime("%d/%m/%Y %H:%M")
    if isinstance(value, date):
        return value.strftime("%d/%m/%Y")
    return str(value)


def _cell_text(kind: str, value: Any) -> str:
    """The text a cell shows, to measure widths and wrapped lines."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if kind == "date":
        return "00/00/0000"
    if kind == "datetime":
        return "00/00/0000 00:00"
    if kind == "duration":
        return format_duration(value)
    if kind == "percent":
        return f"{float(value) * 100:.1f}%"
    if kind == "int":
        return f"{value:,.0f}" if isinstance(value, int | float | Decimal) else str(value)
    if kind == "number":
        return f"{value:,.2f}" if isinstance(value, int | float | Decimal) else str(value)
    return str(value)


def _wrapped_lines(text: str, width: float) -> int:
    """How many lines ``text`` takes in a wrapped cell ``width`` characters wide
    (greedy word wrap; a long word breaks across lines)."""
    if not text:
        return 1
    capacity = max(int(width) - 1, 1)
    total = 0
    for line in text.split("\n"):
        if len(line) <= capacity:
            total += 1
            continue
        used, lines = 0, 1
        for word in line.split(" "):
            size = len(word)
            if used and used + 1 + size <= capacity:
                used += 1 + size
            elif not used and size <= capacity:
                used = size
            else:
                if used:
                    lines += 1
                lines += (size - 1) // capacity
                used = size % capacity or capacity
        total += lines
    return total


def _row_height(lines: int) -> float:
    return min(lines * LINE_HEIGHT, MAX_ROW_HEIGHT)


def _text_width(text: str) -> float:
    return float(max((len(line) for line in text.split("\n")), default=0))


def _header_width(header: str) -> float:
    # A header may wrap on its words: the longest word, or the whole header when short.
    longest_word = max((len(w) for w in header.split()), default=0)
    return float(max(longest_word, min(len(header), 20)))


def _fit(value: float) -> float:
    return min(max(value + 2, MIN_WIDTH), MAX_WIDTH)


def _sheet_name(name: str, taken: set[str]) -> str:
    base = _BAD_SHEET_CHARS.sub("-", name).strip("'").strip() or gettext("Trang tính")
    base = base[:31]
    candidate, serial = base, 1
    while candidate.casefold() in taken:
        serial += 1
        suffix = f" ({serial})"
        candidate = base[: 31 - len(suffix)] + suffix
    taken.add(candidate.casefold())
    return candidate


# ---- the writer -------------------------------------------------------------------------


class _Formats:
    def __init__(self, book: xlsxwriter.Workbook) -> None:
        base = {"font_name": FONT_NAME, "font_size": FONT_SIZE, "valign": "top"}
        cell = {**base, "border": 1, "text_wrap": True}
        self.title = book.add_format(
            {**base, "bold": True, "font_size": TITLE_SIZE, "text_wrap": True, "valign": "vcenter"}
        )
        self.info = book.add_format({**base, "text_wrap": True})
        self.exported = book.add_format({**base, "italic": True, "text_wrap": True})
        self.warning = book.add_format(
            {**base, "bold": True, "font_color": "#9C0006", "text_wrap": True}
        )
        self.header = book.add_format(
            {**cell, "bold": True, "align": "center", "valign": "vcenter", "bg_color": "#E8EEF7"}
        )
        self.text = book.add_format(cell)
        self.date = book.add_format({**cell, "align": "center", "num_format": DATE_FORMAT})
        self.datetime = book.add_format({**cell, "align": "center", "num_format": DATETIME_FORMAT})
        self._book = book
        self._cell = cell
        self._numbers: dict[str, Any] = {}

    def number(self, num_format: str) -> Any:
        if num_format not in self._numbers:
            self._numbers[num_format] = self._book.add_format(
                {**self._cell, "align": "right", "num_format": num_format}
            )
        return self._numbers[num_format]


def _write_cell(ws: Any, fmt: _Formats, row: int, col: int, column: Column, value: Any) -> None:
    kind = column.kind
    if value is None or value == "":
        ws.write_blank(row, col, None, fmt.text)
    elif isinstance(value, str):
        ws.write_string(row, col, value[:MAX_CELL_TEXT], fmt.text)
    elif kind in ("int", "number", "percent") and isinstance(value, int | float | Decimal):
        number = float(value)
        if math.isnan(number) or math.isinf(number):
            ws.write_blank(row, col, None, fmt.text)
        else:
            num_format = column.num_format or NUMBER_FORMATS[kind]
            ws.write_number(row, col, number, fmt.number(num_format))
    elif kind == "date" and isinstance(value, date):
        day = _local_naive(value).date() if isinstance(value, datetime) else value
        ws.write_datetime(row, col, day, fmt.date)
    elif kind == "datetime" and isinstance(value, date):
        moment = (
            _local_naive(value)
            if isinstance(value, datetime)
            else datetime.combine(value, datetime.min.time())
        )
        ws.write_datetime(row, col, moment, fmt.datetime)
    elif kind == "duration" and isinstance(value, timedelta | int | float | Decimal):
        ws.write_string(row, col, format_duration(value), fmt.text)
    else:
        ws.write_string(row, col, str(value)[:MAX_CELL_TEXT], fmt.text)


def _write_sheet(
    book: xlsxwriter.Workbook,
    fmt: _Formats,
    sheet: Sheet,
    *,
    name: str,
    exported_by: str,
    exported_at: datetime,
) -> int:
    columns = list(sheet.columns)
    if not columns:
        raise ValueError("a sheet needs at least one column")
    ncols = len(columns)
    rows: Iterator[Sequence[Any]] = iter(sheet.rows)
    sample = list(islice(rows, FIT_SAMPLE))

    widths: list[float] = []
    for index, column in enumerate(columns):
        if column.width is not None:
            widths.append(float(column.width))
            continue
        longest = _header_width(column.header)
        for values in sample:
            if index < len(values):
                longest = max(longest, _text_width(_cell_text(column.kind, values[index])))
        widths.append(_fit(longest))
    total_width = sum(widths)

    ws = book.add_worksheet(name)
    for col, width in enumerate(widths):
        ws.set_column(col, col, width)

    # The title block: one merged, wrapped row per line.
    block: list[tuple[str, Any]] = [(sheet.title, fmt.title)]
    for label, value in sheet.filters:
        block.append((f"{label}: {format_moment(value)}", fmt.info))
    block.append(
        (
            gettext("Xuất bởi %(name)s lúc %(at)s")
            % {"name": exported_by, "at": format_moment(exported_at)},
            fmt.exported,
        )
    )
    if sheet.personal_data:
        block.append((gettext("Tài liệu chứa dữ liệu cá nhân – không chia sẻ"), fmt.warning))
    for row, (text, cell_format) in enumerate(block):
        size = TITLE_SIZE if cell_format is fmt.title else FONT_SIZE
        # A 14 pt character is about 14/11 of an 11 pt one.
        lines = _wrapped_lines(text, total_width * FONT_SIZE / size)
        ws.set_row(row, min(lines * LINE_HEIGHT * size / FONT_SIZE + 3, MAX_ROW_HEIGHT))
        if ncols > 1:
            ws.merge_range(row, 0, row, ncols - 1, "", cell_format)
        ws.write_string(row, 0, text, cell_format)

    header_row = len(block) + 1  # one empty row between the block and the table
    header_lines = max(_wrapped_lines(c.header, w) for c, w in zip(columns, widths, strict=True))
    ws.set_row(header_row, _row_height(header_lines) + 4)
    for col, column in enumerate(columns):
        ws.write_string(header_row, col, column.header, fmt.header)

    row = header_row
    for values in _chain(sample, rows):
        row += 1
        lines = 1
        for col, column in enumerate(columns):
            value = values[col] if col < len(values) else None
            text = _cell_text(column.kind, value)
            if len(text) > widths[col] - 1 or "\n" in text:
                lines = max(lines, _wrapped_lines(text, widths[col]))
        if lines > 1:
            ws.set_row(row, _row_height(lines))
        for col, column in enumerate(columns):
            _write_cell(ws, fmt, row, col, column, values[col] if col < len(values) else None)
    last_row = row

    ws.freeze_panes(header_row + 1, 0)
    ws.autofilter(header_row, 0, last_row, ncols - 1)
    ws.set_paper(PAPER_A4)
    if ncols > PORTRAIT_MAX_COLUMNS or total_width > PORTRAIT_MAX_WIDTH:
        ws.set_landscape()
    else:
        ws.set_portrait()
    ws.fit_to_pages(1, 0)
    ws.repeat_rows(header_row)
    ws.set_margins(left=0.7, right=0.4, top=0.6, bottom=0.7)
    ws.set_footer(f'&C&"{FONT_NAME},Regular"&10' + gettext("Trang &P/&N"), margin=0.3)
    ws.print_area(0, 0, last_row, ncols - 1)
    return last_row - header_row


def _chain(first: list[Sequence[Any]], rest: Iterator[Sequence[Any]]) -> Iterator[Sequence[Any]]:
    yield from first
    yield from rest


def write_workbook(
    target: str | Path | IO[bytes],
    *,
    sheets: Sequence[Sheet],
    exported_by: str,
    exported_at: datetime,
    constant_memory: bool = False,
) -> None:
    """Write the workbook of ``sheets`` to ``target`` (a path or a binary file).

    ``constant_memory``: rows are flushed to a temporary file as they are written, for
    exports of tens of thousands of rows."""
    if not sheets:
        raise ValueError("a workbook needs at least one sheet")
    options: dict[str, Any] = {
        "strings_to_formulas": False,
        "strings_to_urls": False,
        "strings_to_numbers": False,
        "constant_memory": constant_memory,
        "in_memory": not constant_memory,
        "default_format_properties": {"font_name": FONT_NAME, "font_size": FONT_SIZE},
    }
    book = xlsxwriter.Workbook(str(target) if isinstance(target, Path) else target, options)
    try:
        fmt = _Formats(book)
        taken: set[str] = set()
        for sheet in sheets:
            _write_sheet(
                book,
                fmt,
                sheet,
                name=_sheet_name(sheet.name, taken),
                exported_by=exported_by,
                exported_at=exported_at,
            )
    finally:
        book.close()


def build_workbook(
    *,
    sheets: Sequence[Sheet],
    exported_by: str,
    exported_at: datetime,
    constant_memory: bool = False,
) -> bytes:
    """The bytes of the .xlsx holding ``sheets`` (see the module docstring)."""
    buffer = io.BytesIO()
    write_workbook(
        buffer,
        sheets=sheets,
        exported_by=exported_by,
        exported_at=exported_at,
        constant_memory=constant_memory,
    )
    return buffer.getvalue()


def xlsx_response(data: bytes, *, filename: str) -> HttpResponse:
    """An attachment response for the bytes of a workbook (RFC 6266 file name)."""
    response = HttpResponse(data, content_type=CONTENT_TYPE)
    response["Content-Disposition"] = content_disposition_header(True, filename)
    return response
