"""core.xlsx: the one workbook factory, checked by opening its files with openpyxl."""

from __future__ import annotations

import io
import shutil
import subprocess
import tempfile
import unittest
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

import openpyxl
from django.test import SimpleTestCase

from phongdich.core.xlsx import (
    CONTENT_TYPE,
    Column,
    Sheet,
    build_workbook,
    format_duration,
    write_workbook,
    xlsx_response,
)

EXPORTED_AT = datetime(2025, 3, 1, 1, 30, tzinfo=UTC)  # 08:30 in Hà Nội
DANGEROUS = ["=1+1", "@SUM(A1:A2)", "+cmd|' /C calc'!A0", "-2+3", '=HYPERLINK("http://x")']


def columns() -> list[Column]:
    return [
        Column("STT", kind="int", width=6),
        Column("Họ và tên"),
        Column("Ngày sinh", kind="date"),
        Column("Giờ vào", kind="datetime"),
        Column("Thời gian ở lại", kind="duration"),
        Column("Tỉ lệ", kind="percent"),
        Column("Điểm", kind="number"),
    ]


def sample_rows() -> list[list[Any]]:
    return [
        [
            1,
            "Nguyễn Văn An",
            date(1990, 5, 17),
            EXPORTED_AT,
            timedelta(hours=8, minutes=4),
            0.25,
            Decimal("7.5"),
        ],
        [2, "Trần Thị Bê", None, datetime(2025, 3, 1, 23, 59), 45, None, 3],
        *[[3 + i, text, "—", "", 484.4, "không rõ", None] for i, text in enumerate(DANGEROUS)],
        [99, "http://example.vn/tin-tuc", date(2000, 1, 1), None, None, 1, -1.5],
    ]


def build(**kw: Any) -> bytes:
    sheet_kw: dict[str, Any] = {
        "name": "Nhật ký",
        "title": "NHẬT KÝ RA VÀO",
        "columns": columns(),
        "rows": sample_rows(),
        "filters": [("Đơn vị", "Phòng Giáo dục nghề nghiệp"), ("Từ ngày", date(2025, 3, 1))],
        "personal_data": True,
    }
    sheet_kw.update(kw)
    return build_workbook(
        sheets=[Sheet(**sheet_kw)], exported_by="Nguyễn Văn Quản", exported_at=EXPORTED_AT
    )


def load(data: bytes) -> openpyxl.Workbook:
    return openpyxl.load_workbook(io.BytesIO(data))


def header_row(ws: Any, header: str = "STT") -> int:
    for row in ws.iter_rows(min_col=1, max_col=1):
        if row[0].value == header:
            return int(row[0].row)
    raise AssertionError("no header row")


class WorkbookTests(SimpleTestCase):
    def setUp(self) -> None:
        self.book = load(build())
        self.ws = self.book.worksheets[0]
        self.header = header_row(self.ws)

    def test_the_title_block_names_what_which_filter_who_and_warns(self) -> None:
        lines = [self.ws.cell(row=r, column=1).value for r in range(1, self.header)]
        self.assertEqual(
            lines,
            [
                "NHẬT KÝ RA VÀO",
                "Đơn vị: Phòng Giáo dục nghề nghiệp",
                "Từ ngày: 01/03/2025",
                "Xuất bởi Nguyễn Văn Quản lúc 01/03/2025 08:30",
                "Tài liệu chứa dữ liệu cá nhân – không chia sẻ",
                None,
            ],
        )
        self.assertIn("A1:G1", {str(r) for r in self.ws.merged_cells.ranges})

    def test_no_personal_data_line_when_the_sheet_holds_none(self) -> None:
        ws = load(build(personal_data=False, filters=[])).worksheets[0]
        values = [c.value for c in ws["A"]]
        self.assertNotIn("Tài liệu chứa dữ liệu cá nhân – không chia sẻ", values)
        self.assertEqual(values[1], "Xuất bởi Nguyễn Văn Quản lúc 01/03/2025 08:30")

    def test_headers_in_order(self) -> None:
        headers = [c.value for c in self.ws[self.header]]
        self.assertEqual(headers, [c.header for c in columns()])
        self.assertTrue(self.ws.cell(row=self.header, column=1).font.b)

    def test_no_cell_is_a_formula_or_a_link_even_for_formula_like_text(self) -> None:
        for row in self.ws.iter_rows():
            for cell in row:
                self.assertNotEqual(cell.data_type, "f", cell.coordinate)
                self.assertIsNone(cell.hyperlink, cell.coordinate)
        names = [self.ws.cell(row=r, column=2).value for r in range(self.header + 1, 20)]
        for text in DANGEROUS:
            self.assertIn(text, names)
        self.assertIn("http://example.vn/tin-tuc", names)

    def test_dates_and_datetimes_are_real_cells_shown_the_vietnamese_way(self) -> None:
        first = self.header + 1
        born = self.ws.cell(row=first, column=3)
        self.assertEqual(born.value, datetime(1990, 5, 17))
        self.assertEqual(born.number_format, "dd/mm/yyyy")
        came = self.ws.cell(row=first, column=4)
        self.assertEqual(came.value, datetime(2025, 3, 1, 8, 30))  # aware UTC → local, naive
        self.assertEqual(came.number_format, "dd/mm/yyyy hh:mm")
        naive = self.ws.cell(row=first + 1, column=4)
        self.assertEqual(naive.value, datetime(2025, 3, 1, 23, 59))

    def test_durations_are_text(self) -> None:
        first = self.header + 1
        self.assertEqual(self.ws.cell(row=first, column=5).value, "8 giờ 04 phút")
        self.assertEqual(self.ws.cell(row=first + 1, column=5).value, "45 phút")
        self.assertEqual(self.ws.cell(row=first + 2, column=5).value, "8 giờ 04 phút")

    def test_numbers_are_numbers_and_text_in_a_numeric_column_stays_text(self) -> None:
        first = self.header + 1
        share = self.ws.cell(row=first, column=6)
        self.assertEqual(share.value, 0.25)
        self.assertEqual(share.number_format, "0.0%")
        self.assertEqual(self.ws.cell(row=first, column=7).value, 7.5)
        self.assertEqual(self.ws.cell(row=first, column=1).value, 1)
        self.assertEqual(self.ws.cell(row=first + 2, column=6).value, "không rõ")
        self.assertEqual(self.ws.cell(row=first + 2, column=3).value, "—")

    def test_the_header_is_frozen_filtered_and_repeated_on_every_printed_page(self) -> None:
        last = self.header + len(sample_rows())
        self.assertEqual(self.ws.freeze_panes, f"A{self.header + 1}")
        self.assertEqual(self.ws.auto_filter.ref, f"A{self.header}:G{last}")
        self.assertEqual(self.ws.print_title_rows, f"${self.header}:${self.header}")

    def test_a4_fitted_to_one_page_wide_with_page_numbers(self) -> None:
        setup = self.ws.page_setup
        self.assertEqual(int(setup.paperSize), 9)
        # fitToWidth="1" is the OOXML default, which XlsxWriter leaves out of the file.
        self.assertEqual(setup.fitToWidth or 1, 1)
        self.assertEqual(setup.fitToHeight, 0)
        self.assertTrue(self.ws.sheet_properties.pageSetUpPr.fitToPage)
        self.assertEqual(self.ws.oddFooter.center.text, "Trang &P/&N")
        self.assertEqual(self.ws.oddFooter.center.font, "Times New Roman,Regular")
        self.assertGreater(self.ws.page_margins.left, 0.5)

    def test_orientation_follows_the_width_of_the_table(self) -> None:
        narrow = load(build(columns=columns()[:3], rows=[[1, "An", None]])).worksheets[0]
        self.assertEqual(narrow.page_setup.orientation, "portrait")
        self.assertEqual(self.ws.page_setup.orientation, "portrait")  # 7 columns, fitted
        wide_columns = [Column(f"Cột {i}") for i in range(9)]
        wide = load(build(columns=wide_columns, rows=[["x"] * 9])).worksheets[0]
        self.assertEqual(wide.page_setup.orientation, "landscape")
        long_text = [Column("Nội dung"), Column("Ghi chú"), Column("Kết quả")]
        long = load(build(columns=long_text, rows=[["x" * 80] * 3])).worksheets[0]
        self.assertEqual(long.page_setup.orientation, "landscape")

    def test_every_cell_is_times_new_roman(self) -> None:
        for row in self.ws.iter_rows():
            for cell in row:
                self.assertEqual(cell.font.name, "Times New Roman", cell.coordinate)
        default = self.book._fonts[0]  # the workbook's default font
        self.assertEqual(default.name, "Times New Roman")

    def test_widths_are_fitted_and_bounded(self) -> None:
        rows = [[1, "x" * 200, None, None, None, None, None]]
        ws = load(build(rows=rows)).worksheets[0]
        # XlsxWriter stores a width with its cell padding: 6 → 6.71.
        self.assertAlmostEqual(ws.column_dimensions["A"].width, 6, delta=1)
        self.assertAlmostEqual(ws.column_dimensions["B"].width, 60, delta=1)
        self.assertGreaterEqual(ws.column_dimensions["C"].width, 8)
        self.assertLess(ws.column_dimensions["C"].width, 20)

    def test_long_text_wraps_and_its_row_grows(self) -> None:
        text = "Khai báo y tế " * 40  # ~560 characters in a 60-wide column: ~10 lines
        ws = load(build(rows=[[1, text, None, None, None, None, None], [2, "An"]])).worksheets[0]
        header = header_row(ws)
        cell = ws.cell(row=header + 1, column=2)
        self.assertTrue(cell.alignment.wrap_text)
        self.assertGreaterEqual(ws.row_dimensions[header + 1].height, 10 * 15)
        self.assertIsNone(ws.row_dimensions[header + 2].height)  # a one-line row keeps default
        self.assertEqual(ws.cell(row=header + 2, column=3).value, None)  # short row padded

    def test_several_sheets_with_clashing_or_invalid_names(self) -> None:
        sheets = [
            Sheet(name=name, title=name, columns=[Column("A")], rows=[["x"]])
            for name in ["Ca bệnh", "Ca bệnh", "Tiếp xúc: F1/F2", "x" * 40]
        ]
        book = load(build_workbook(sheets=sheets, exported_by="A", exported_at=EXPORTED_AT))
        self.assertEqual(book.sheetnames, ["Ca bệnh", "Ca bệnh (2)", "Tiếp xúc- F1-F2", "x" * 31])
        for ws in book.worksheets:
            self.assertEqual(ws.freeze_panes, "A5")  # title, exported by, blank, header

    def test_a_sheet_with_no_rows_still_has_its_header_and_filter(self) -> None:
        ws = load(build(rows=[])).worksheets[0]
        header = header_row(ws)
        self.assertEqual(ws.auto_filter.ref, f"A{header}:G{header}")

    def test_constant_memory_mode_writes_the_same_workbook_from_a_generator(self) -> None:
        def rows() -> Any:
            for n in range(1, 3001):
                yield [n, f"Người {n}", date(2025, 1, 1), EXPORTED_AT, n, 0.5, n / 3]

        data = build(rows=rows(), personal_data=False, filters=[])
        streamed = build_workbook(
            sheets=[Sheet(name="Nhật ký", title="NHẬT KÝ RA VÀO", columns=columns(), rows=rows())],
            exported_by="Nguyễn Văn Quản",
            exported_at=EXPORTED_AT,
            constant_memory=True,
        )
        a, b = load(data).worksheets[0], load(streamed).worksheets[0]
        header = header_row(b)
        self.assertEqual(b.max_row, header + 3000)
        self.assertEqual(b.cell(row=header + 3000, column=2).value, "Người 3000")
        self.assertEqual(b.cell(row=header + 1, column=4).number_format, "dd/mm/yyyy hh:mm")
        self.assertEqual(b.auto_filter.ref, a.auto_filter.ref)
        self.assertEqual(b.print_title_rows, a.print_title_rows)
        self.assertEqual(b.freeze_panes, a.freeze_panes)

    def test_write_workbook_to_a_path(self) -> None:
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / "out.xlsx"
            write_workbook(
                path,
                sheets=[Sheet(name="A", title="T", columns=[Column("A")], rows=[["x"]])],
                exported_by="A",
                exported_at=EXPORTED_AT,
                constant_memory=True,
            )
            self.assertEqual(openpyxl.load_workbook(path).sheetnames, ["A"])

    def test_bad_input_is_refused(self) -> None:
        with self.assertRaises(ValueError):
            Column("A", kind="money")  # type: ignore[arg-type]
        with self.assertRaises(ValueError):
            build_workbook(sheets=[], exported_by="A", exported_at=EXPORTED_AT)

    def test_the_response_is_an_attachment(self) -> None:
        response = xlsx_response(b"data", filename="nhật-ký.xlsx")
        self.assertEqual(response["Content-Type"], CONTENT_TYPE)
        self.assertIn("attachment", response["Content-Disposition"])
        self.assertIn("filename*=utf-8''nh%E1%BA%ADt-k%C3%BD.xlsx", response["Content-Disposition"])


class DurationTests(SimpleTestCase):
    def test_durations_read_in_hours_and_minutes(self) -> None:
        cases = {
            timedelta(hours=8, minutes=4): "8 giờ 04 phút",
            timedelta(minutes=45, seconds=29): "45 phút",
            timedelta(minutes=59, seconds=31): "1 giờ 00 phút",
            timedelta(days=1, hours=6): "30 giờ 00 phút",
            484: "8 giờ 04 phút",
            12.5: "13 phút",
            0: "0 phút",
            -90: "-1 giờ 30 phút",
        }
        for value, text in cases.items():
            self.assertEqual(format_duration(value), text, value)
        self.assertEqual(format_duration(None), "")


@unittest.skipUnless(shutil.which("soffice"), "LibreOffice (soffice) is not installed")
class PrintTests(SimpleTestCase):
    """LibreOffice prints the workbook: few pages, the header repeated on page 2."""

    def test_a_long_table_prints_with_its_header_on_every_page(self) -> None:
        import pypdfium2 as pdfium

        rows = [
            [
                n,
                f"Nguyễn Văn Dài {n} " + "ghi chú " * (n % 7),
                date(1990, 1, 1),
                EXPORTED_AT,
                n,
                0.5,
                n / 3,
            ]
            for n in range(1, 121)
        ]
        cols = [*columns(), Column("Tiêu đề cột riêng"), Column("Ghi chú thêm")]
        data = build(rows=[[*r, "x", "Địa điểm " * 3] for r in rows], columns=cols)
        with tempfile.TemporaryDirectory() as tmp:
            source = Path(tmp) / "export.xlsx"
            source.write_bytes(data)
            subprocess.run(
                [
                    shutil.which("soffice") or "soffice",
                    f"-env:UserInstallation=file://{tmp}/profile",
                    "--headless",
                    "--convert-to",
                    "pdf",
                    "--outdir",
                    tmp,
                    str(source),
                ],
                check=True,
                capture_output=True,
                timeout=180,
            )
            pdf = pdfium.PdfDocument(str(Path(tmp) / "export.pdf"))
            try:
                pages = len(pdf)
                self.assertGreaterEqual(pages, 2)
                self.assertLessEqual(pages, 8)
                texts = [pdf[i].get_textpage().get_text_range() for i in range(pages)]
            finally:
                pdf.close()
        self.assertIn("Tiêu đề cột riêng", texts[1])  # the header row repeated
        self.assertNotIn("NHẬT KÝ RA VÀO", texts[1])  # the title block is not
        self.assertIn("Trang 2/", texts[1])
        # Page 1 ends where page 2 begins: no row lost between pages.
        self.assertIn("Nguyễn Văn Dài 120", texts[-1])
