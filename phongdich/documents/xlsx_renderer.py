"""Render a :class:`~phongdich.documents.nd30.ResultsTable` to .xlsx with XlsxWriter.

A title row, the Vietnamese column headers, the (1), (2)… row, one row per task; text
wrapped, Times New Roman, the header frozen and repeated on every printed page. User
text never becomes a formula or a link (``strings_to_formulas`` and
``strings_to_urls`` are off, and every text cell is written with ``write_string``).
"""

from __future__ import annotations

import io

import xlsxwriter

from phongdich.documents import layout as L
from phongdich.documents.nd30 import RESULT_COLUMNS, ResultsTable

# Excel column widths in characters, roughly the mm of the landscape table / 2.3
XLSX_WIDTHS = (6, 40, 22, 22, 12, 40, 18, 32)
TITLE_ROW, HEADER_ROW, NUMBERS_ROW, FIRST_DATA_ROW = 0, 2, 3, 4
SHEET_NAME = "Kết quả thực hiện"


def render_xlsx(table: ResultsTable, *, title: str | None = None) -> bytes:
    """The results table as the bytes of an .xlsx file.

    ``title`` goes in the first row (default: the table's caption, else a generic one).
    """
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(
        buffer,
        {"in_memory": True, "strings_to_formulas": False, "strings_to_urls": False},
    )
    base = {"font_name": L.FONT_NAME, "font_size": L.SIZE_TABLE, "text_wrap": True, "valign": "top"}
    title_fmt = book.add_format(
        {**base, "bold": True, "font_size": 14, "align": "center", "valign": "vcenter"}
    )
    header_fmt = book.add_format(
        {**base, "bold": True, "align": "center", "valign": "vcenter", "border": 1}
    )
    numbers_fmt = book.add_format({**base, "italic": True, "align": "center", "border": 1})
    text_fmt = book.add_format({**base, "border": 1})
    centre_fmt = book.add_format({**base, "border": 1, "align": "center"})
    date_fmt = book.add_format({**base, "border": 1, "align": "center", "num_format": "dd/mm/yyyy"})

    sheet = book.add_worksheet(SHEET_NAME)
    sheet.set_landscape()
    sheet.set_paper(9)  # A4
    sheet.fit_to_pages(1, 0)
    sheet.repeat_rows(HEADER_ROW, NUMBERS_ROW)
    sheet.set_margins(left=30 / 25.4, right=15 / 25.4, top=20 / 25.4, bottom=20 / 25.4)
    for col, width in enumerate(XLSX_WIDTHS):
        sheet.set_column(col, col, width)

    heading = title or table.caption or "BẢNG TỔNG HỢP KẾT QUẢ THỰC HIỆN NHIỆM VỤ"
    sheet.merge_range(TITLE_ROW, 0, TITLE_ROW, len(RESULT_COLUMNS) - 1, "", title_fmt)
    sheet.write_string(TITLE_ROW, 0, heading, title_fmt)
    sheet.set_row(TITLE_ROW, 36)
    sheet.set_row(HEADER_ROW, 48)
    for col, name in enumerate(RESULT_COLUMNS):
        sheet.write_string(HEADER_ROW, col, name, header_fmt)
    for col, number in enumerate(table.column_numbers):
        sheet.write_string(NUMBERS_ROW, col, number, numbers_fmt)

    for i, row in enumerate(table.rows, start=1):
        r = FIRST_DATA_ROW + i - 1
        sheet.write_number(r, 0, i, centre_fmt)
        sheet.write_string(r, 1, row.task, text_fmt)
        sheet.write_string(r, 2, row.lead_unit, text_fmt)
        sheet.write_string(r, 3, row.partner_units, text_fmt)
        if row.deadline is None:
            sheet.write_blank(r, 4, None, date_fmt)
        else:
            sheet.write_datetime(r, 4, row.deadline, date_fmt)
        sheet.write_string(r, 5, row.result, text_fmt)
        sheet.write_string(r, 6, row.status.label, centre_fmt)
        sheet.write_string(r, 7, row.issues, text_fmt)

    sheet.freeze_panes(FIRST_DATA_ROW, 0)
    book.close()
    return buffer.getvalue()
