"""The .xlsx of the results table (through core.xlsx): title block, headers, real
dates, autofilter and print titles, no formulas."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

import openpyxl
import pytest

from phongdich.documents import RESULT_COLUMNS, ResultRow, ResultsTable, TaskStatus, render_xlsx
from phongdich.documents.samples import SAMPLE_ROWS


@pytest.fixture(scope="module")
def sheet() -> Any:
    data = render_xlsx(ResultsTable(SAMPLE_ROWS), title="BẢNG TỔNG HỢP KẾT QUẢ")
    return openpyxl.load_workbook(io.BytesIO(data)).active


def test_the_first_row_is_the_title(sheet: Any) -> None:
    assert sheet["A1"].value == "BẢNG TỔNG HỢP KẾT QUẢ"
    assert sheet["A1"].font.b
    assert "A1:H1" in {str(r) for r in sheet.merged_cells.ranges}
    assert sheet["A2"].value.startswith("Xuất bởi Phòng dịch số lúc ")


def test_the_headers_are_vietnamese_bold_and_wrapped(sheet: Any) -> None:
    assert [c.value for c in sheet[4]] == list(RESULT_COLUMNS)
    assert all(c.font.b and c.alignment.wrap_text for c in sheet[4])


def test_the_header_is_filtered_and_printed_on_every_page(sheet: Any) -> None:
    assert sheet.auto_filter.ref == "A4:H8"
    assert sheet.print_title_rows == "$4:$4"
    assert int(sheet.page_setup.paperSize) == 9


def test_the_rows_are_numbered_and_dated(sheet: Any) -> None:
    assert sheet["A5"].value == 1
    assert sheet["B5"].value == SAMPLE_ROWS[0].task
    assert sheet["E5"].value == dt.datetime(2021, 9, 10)
    assert sheet["E5"].number_format == "dd/mm/yyyy"
    assert sheet["G8"].value == "Quá hạn chưa hoàn thành"


def test_text_starting_with_equals_stays_text(sheet: Any) -> None:
    cell = sheet["H8"]
    assert cell.value == "=1+1 chưa có số liệu"
    assert cell.data_type == "s"


def test_a_bare_formula_is_stored_as_a_string() -> None:
    row = ResultRow(task="=1+1", lead_unit='=HYPERLINK("http://x")', status=TaskStatus.OVERDUE)
    sheet: Any = openpyxl.load_workbook(io.BytesIO(render_xlsx(ResultsTable((row,))))).active
    assert sheet["B5"].value == "=1+1" and sheet["B5"].data_type == "s"
    assert sheet["C5"].data_type == "s"


def test_the_header_is_frozen_and_fonts_are_times_new_roman(sheet: Any) -> None:
    assert sheet.freeze_panes == "A5"
    cells = [c for row in sheet.iter_rows(min_row=1, max_row=6) for c in row if c.value]
    assert {c.font.name for c in cells} == {"Times New Roman"}


def test_the_columns_have_widths(sheet: Any) -> None:
    assert sheet.column_dimensions["B"].width > sheet.column_dimensions["A"].width
