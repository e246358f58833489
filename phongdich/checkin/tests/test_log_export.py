from __future__ import annotations

import io
import tempfile
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from django.urls import reverse
from openpyxl import load_workbook

from phongdich.checkin.exports import HEADERS
from phongdich.checkin.services.checkin import visit_check_out
from phongdich.checkin.tests.helpers import RISKY, make_gates, make_visit
from phongdich.core.models import AuditEvent
from phongdich.core.tests.base import BaseTestCase
from phongdich.core.tests.office import pdf_pages_text, require_soffice, to_pdf

HCM = ZoneInfo("Asia/Ho_Chi_Minh")
DAY = "15/10/2026"
REASON = {"export_reason": "internal"}


class VisitLogExportTests(BaseTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        make_gates(cls)
        cls.visit = make_visit(
            cls.gate_a,
            phone="+84912345301",
            name="Lý Thị Hoa",
            at=datetime(2026, 10, 15, 8, 5, tzinfo=HCM),
            purpose="Nộp hồ sơ",
            host="Phòng Tổ chức",
        )
        visit_check_out(visit=cls.visit, at=datetime(2026, 10, 15, 9, 30, tzinfo=HCM))
        make_visit(
            cls.gate_b,
            phone="+84912345302",
            name='=HYPERLINK("http://evil.example","bấm")',
            at=datetime(2026, 10, 15, 10, 0, tzinfo=HCM),
            answers=RISKY,
            purpose="=1+1",
            host="@SUM(A1:A2)",
        )
        make_visit(
            cls.gate_b,
            phone="+84912345303",
            name="Khác Ngày",
            at=datetime(2026, 10, 16, 0, 30, tzinfo=HCM),
        )

    def export(self, **params: str):  # type: ignore[no-untyped-def]
        return self.client.get(
            reverse("checkin:log_export"), {"date_from": DAY, **REASON, **params}
        )

    def sheet(self, response):  # type: ignore[no-untyped-def]
        self.assertEqual(response.status_code, 200)
        self.assertEqual(
            response["Content-Type"],
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
        self.assertIn("attachment;", response["Content-Disposition"])
        return load_workbook(io.BytesIO(response.content)).active

    def header_row(self, ws) -> int:  # type: ignore[no-untyped-def]
        """The row of the table's header, below the title block."""
        return next(row[0].row for row in ws.iter_rows() if row[0].value == "STT")

    def rows(self, ws) -> list[list[object]]:  # type: ignore[no-untyped-def]
        start = self.header_row(ws) + 1
        return [[c.value for c in row] for row in ws.iter_rows(min_row=start)]

    def test_it_exports_vietnamese_headers_and_local_times(self) -> None:
        self.login(self.office)
        ws = self.sheet(self.export())
        self.assertEqual([c.value for c in ws[self.header_row(ws)]], HEADERS)
        self.assertEqual(
            HEADERS,
            [
                "STT",
                "Họ và tên",
                "Số điện thoại",
                "Đơn vị",
                "Cổng",
                "Giờ vào",
                "Giờ ra",
                "Thời gian ở lại",
                "Khách/Cán bộ",
                "Mục đích",
                "Người được gặp",
                "Tình trạng khai báo",
                "Trạng thái",
            ],
        )
        rows = self.rows(ws)
        self.assertEqual(len(rows), 2)
        hoa = next(r for r in rows if r[1] == "Lý Thị Hoa")
        self.assertEqual(
            hoa[1:],
            [
                "Lý Thị Hoa",
                "+84912345301",
                "Văn phòng Sở",
                "Cổng chính Sở",
                datetime(2026, 10, 15, 8, 5),
                datetime(2026, 10, 15, 9, 30),
                "1 giờ 25 phút",
                "Khách",
                "Nộp hồ sơ",
                "Phòng Tổ chức",
                "Bình thường",
                "Đã vào",
            ],
        )
        self.assertEqual(sorted(r[0] for r in rows), [1, 2])
        self.assertIn("15/10/2026", ws["A1"].value)

    def test_times_are_real_date_cells_shown_as_dd_mm_yyyy_hh_mm(self) -> None:
        self.login(self.office)
        ws = self.sheet(self.export())
        start = self.header_row(ws) + 1
        cell = ws.cell(row=start, column=6)
        self.assertIsInstance(cell.value, datetime)
        self.assertEqual(cell.number_format, "dd/mm/yyyy hh:mm")

    def test_the_title_block_names_the_filter_the_exporter_and_the_warning(self) -> None:
        self.login(self.office)
        ws = self.sheet(self.export(q="0912345301"))
        block = [ws.cell(row=r, column=1).value for r in range(1, self.header_row(ws))]
        text = "\n".join(str(line) for line in block if line)
        self.assertIn("NHẬT KÝ RA VÀO 15/10/2026", text)
        self.assertIn("Thời gian: 15/10/2026", text)
        self.assertIn("Số điện thoại: +8491****301", text)
        self.assertNotIn("912345301", text)
        self.assertIn("Xuất bởi Văn Phòng lúc", text)
        self.assertIn("Tài liệu chứa dữ liệu cá nhân – không chia sẻ", text)

    def test_the_sheet_filters_freezes_and_prints_its_header_on_every_page(self) -> None:
        self.login(self.office)
        ws = self.sheet(self.export())
        header = self.header_row(ws)
        self.assertEqual(ws.auto_filter.ref.split(":")[0], f"A{header}")
        self.assertEqual(ws.freeze_panes, f"A{header + 1}")
        self.assertEqual(ws.print_title_rows, f"${header}:${header}")
        self.assertEqual(ws.page_setup.orientation, "landscape")
        self.assertEqual(str(ws.page_setup.paperSize), str(ws.PAPERSIZE_A4))
        self.assertIn("Trang &P/&N", ws.oddFooter.center.text)

    def test_formulas_typed_by_people_stay_plain_text(self) -> None:
        self.login(self.office)
        ws = self.sheet(self.export())
        cells = {c.value: c for row in ws.iter_rows(min_row=self.header_row(ws) + 1) for c in row}
        for text in ['=HYPERLINK("http://evil.example","bấm")', "=1+1", "@SUM(A1:A2)"]:
            with self.subTest(text=text):
                self.assertIn(text, cells)
                self.assertEqual(cells[text].data_type, "s")

    def test_an_export_holds_only_the_users_units(self) -> None:
        self.login(self.head_b)
        ws = self.sheet(self.export())
        names = [row[1] for row in self.rows(ws)]
        self.assertEqual(names, ['=HYPERLINK("http://evil.example","bấm")'])
        self.login(self.head_a)
        ws = self.sheet(self.export())
        self.assertEqual(self.rows(ws), [])

    def test_an_export_follows_the_filters(self) -> None:
        self.login(self.director)
        ws = self.sheet(self.export(status="pending"))
        self.assertEqual([r[12] for r in self.rows(ws)], ["Chờ bảo vệ/y tế quyết định"])
        self.assertEqual([r[11] for r in self.rows(ws)], ["Có yếu tố nguy cơ"])

    def test_every_export_is_audited_with_masked_values(self) -> None:
        self.login(self.tracer)
        self.sheet(self.export(q="0912345301"))
        event = AuditEvent.objects.get(action="checkin.log.export")
        self.assertEqual(event.actor, self.tracer)
        self.assertEqual(event.detail["rows"], 1)
        self.assertEqual(event.detail["phone"], "+8491****301")
        self.assertNotIn("912345301", str(event.detail))

    def test_a_bad_filter_gets_a_message_not_a_file(self) -> None:
        self.login(self.office)
        response = self.export(date_from="99/99/2026")
        self.assertEqual(response.status_code, 400)
        self.assertContains(response, "dd/mm/yyyy", status_code=400)
        self.assertFalse(AuditEvent.objects.filter(action="checkin.log.export").exists())


class VisitLogPrintTests(BaseTestCase):
    """The export printed by LibreOffice, as the Office would file it."""

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        make_gates(cls)
        for n in range(90):
            make_visit(
                cls.gate_a,
                phone=f"+849123{n:05d}",
                name=f"Nguyễn Văn Khách Số {n:02d}",
                at=datetime(2026, 10, 15, 7, 0, tzinfo=HCM) + timedelta(minutes=5 * n),
                purpose="Nộp hồ sơ đề nghị hưởng chính sách hỗ trợ người lao động " * 2,
            )

    def test_it_prints_on_a4_with_the_header_repeated_and_page_numbers(self) -> None:
        soffice = require_soffice()
        self.login(self.office)
        response = self.client.get(reverse("checkin:log_export"), {"date_from": DAY, **REASON})
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / "log.xlsx"
            path.write_bytes(response.content)
            pages = pdf_pages_text(to_pdf(soffice, path))
        self.assertGreaterEqual(len(pages), 2)
        self.assertLessEqual(len(pages), 8)
        for number, text in enumerate(pages, start=1):
            with self.subTest(page=number):
                self.assertIn("Họ và tên", text)  # the header on every page
                self.assertIn(f"Trang {number}/{len(pages)}", text)
        everything = "\n".join(pages)
        self.assertIn("Khách Số 89", everything)  # the last row is printed
        self.assertIn("Tài liệu chứa dữ liệu cá nhân", pages[0])
