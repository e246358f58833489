"""The contacts' .xlsx (web and ``manage.py trace``) is made by ``core/xlsx.py``: a title
block naming the case and the trace, real date cells, durations in words, autofilter,
frozen header and print set-up; LibreOffice repeats the header row on every page."""

from __future__ import annotations

import io
import tempfile
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from django.urls import reverse
from django.utils import timezone

from phongdich.core.tests.base import BaseTestCase
from phongdich.core.tests.office import pdf_pages_text, to_pdf
from phongdich.tracing import exports, services
from phongdich.tracing.models import Contact, TraceRun
from phongdich.tracing.selectors import ContactRow
from phongdich.tracing.tests.outbreak import F1_NAME, F2_NAME, make_outbreak, yesterday
from tracing_engine import Params

WARNING = "Tài liệu chứa dữ liệu cá nhân – không chia sẻ"
HEADERS = [
    "Cấp",
    "Người tiếp xúc",
    "Họ và tên",
    "Số điện thoại",
    "Đơn vị",
    "Thời điểm tiếp xúc",
    "Qua người",
    "Địa điểm",
    "Thời gian tiếp xúc",
]


def header_row(ws: Any) -> int:
    for (cell,) in ws.iter_rows(min_col=1, max_col=1):
        if cell.value == "Cấp":
            return int(cell.row)
    raise AssertionError("no header row")


def title_block(ws: Any) -> list[str]:
    return [
        str(ws.cell(row=r, column=1).value)
        for r in range(1, header_row(ws))
        if ws.cell(row=r, column=1).value
    ]


class CaseExportTest(BaseTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        make_outbreak(cls)

    def setUp(self) -> None:
        self.case = services.case_create(
            person=self.f0_person, onset=yesterday(), user=self.tracer, staff=self.staff_a
        )
        self.trace_run = services.case_trace(case=self.case, user=self.tracer, depth=2)
        self.login(self.tracer)

    def export(self) -> Any:
        response = self.client.get(
            reverse("tracing:case_export", args=[self.case.pk]), {"export_reason": "health"}
        )
        self.assertEqual(response.status_code, 200)
        self.assertEqual(
            {d.strip() for d in response["Cache-Control"].split(",")}, {"private", "no-store"}
        )
        self.assertIn(
            f'filename="truy-vet-ca-{self.case.pk}.xlsx"', response["Content-Disposition"]
        )
        return openpyxl.load_workbook(io.BytesIO(response.content)).worksheets[0]

    def test_the_title_block_names_the_case_the_trace_and_who_exported_it(self) -> None:
        before = timezone.localtime()
        ws = self.export()
        block = title_block(ws)
        onset = yesterday().strftime("%d/%m/%Y")
        run = self.trace_run
        as_of = timezone.localtime(run.as_of).strftime("%d/%m/%Y %H:%M")
        self.assertEqual(
            block[:8],
            [
                "DANH SÁCH NGƯỜI TIẾP XÚC",
                f"Ca bệnh: F0 #{self.case.pk} – Nguyễn Văn Ạ",  # family name first, as stored
                f"Ngày khởi phát: {onset}",
                f"Tính đến thời điểm: {as_of}",
                "Số cấp truy vết: 2",
                f"Số ngày lây nhiễm trước khởi phát: {run.days_before_onset}",
                f"Thời gian tiếp xúc tối thiểu (phút): {run.min_overlap_minutes}",
                f"Thời gian ở lại tối đa khi không check-out (giờ): {run.open_visit_hours}",
            ],
        )
        exported = block[8]
        self.assertTrue(exported.startswith("Xuất bởi Truy Vết lúc "), exported)
        stamp = datetime.strptime(exported.rsplit(" lúc ", 1)[1], "%d/%m/%Y %H:%M")
        self.assertLess(abs(stamp - before.replace(tzinfo=None)), timedelta(minutes=2))
        self.assertEqual(block[9:], [WARNING])

    def test_exposure_times_are_date_cells_and_contact_times_read_in_hours_and_minutes(
        self,
    ) -> None:
        # One long contact: 484.28 minutes is "8 giờ 04 phút", never 484.28.
        long = services.case_person_for(phone="+84914000009", full_name="Đặng Thị Lâu")
        Contact.objects.create(
            case=self.case,
            run=self.trace_run,
            person=long,
            level=1,
            exposed_at=timezone.now() - timedelta(hours=2),
            via=self.f0_person,
            location=self.gate_a,
            overlap_minutes=484.28,
        )
        ws = self.export()
        header = header_row(ws)
        self.assertEqual([c.value for c in ws[header]], HEADERS)
        rows = {r[2].value: r for r in ws.iter_rows(min_row=header + 1) if r[0].value is not None}
        self.assertEqual(set(rows), {F1_NAME, F2_NAME, "Đặng Thị Lâu"})
        f1 = rows[F1_NAME]
        self.assertEqual(f1[0].value, "F1")
        self.assertIsInstance(f1[5].value, datetime)
        self.assertEqual(f1[5].number_format, "dd/mm/yyyy hh:mm")
        exposed = Contact.objects.get(case=self.case, person=self.f1_person).exposed_at
        self.assertEqual(f1[5].value, timezone.localtime(exposed).replace(tzinfo=None))
        self.assertEqual(f1[8].value, "1 giờ 00 phút")
        self.assertEqual(rows[F2_NAME][8].value, "40 phút")
        self.assertEqual(rows["Đặng Thị Lâu"][8].value, "8 giờ 04 phút")
        for row in rows.values():
            self.assertEqual(row[8].data_type, "s")

    def test_the_sheet_has_an_autofilter_a_frozen_header_and_print_titles(self) -> None:
        ws = self.export()
        header = header_row(ws)
        last = ws.max_row
        self.assertEqual(ws.auto_filter.ref, f"A{header}:I{last}")
        self.assertEqual(ws.freeze_panes, f"A{header + 1}")
        self.assertEqual(ws.print_title_rows.replace("$", ""), f"{header}:{header}")
        self.assertEqual(ws.page_setup.paperSize, 9)  # A4
        self.assertEqual(ws.page_setup.orientation, "landscape")  # nine columns
        self.assertIn("Trang &P/&N", ws.oddFooter.center.text)
        self.assertEqual(ws.cell(row=header + 1, column=3).font.name, "Times New Roman")

    def test_a_case_without_a_finished_run_says_so(self) -> None:
        TraceRun.objects.filter(case=self.case).update(status=TraceRun.Status.FAILED)
        block = title_block(self.export())
        self.assertIn("Tham số truy vết: Chưa có lần truy vết hoàn tất", block)
        self.assertFalse(any(line.startswith("Số cấp truy vết") for line in block))


def _long_rows(count: int) -> list[ContactRow]:
    start = datetime(2021, 9, 8, 7, 0, tzinfo=timezone.get_default_timezone())
    return [
        ContactRow(
            level=1 + n % 3,
            person=f"+849130{n:05d}",
            full_name=f"Nguyễn Văn Tiếp Xúc {n}",
            phone=f"+849130{n:05d}",
            unit="Phòng Giáo dục nghề nghiệp" if n % 2 else "",
            exposed_at=start + timedelta(minutes=7 * n),
            via="+84912345600",
            via_name="Ca Bệnh",
            location="SO-CONG-CHINH",
            location_name="Cổng chính Sở",
            overlap_minutes=15 + n * 1.37,
        )
        for n in range(1, count + 1)
    ]


class PrintedExportTest(BaseTestCase):
    @pytest.fixture(autouse=True)
    def _office(self, soffice: str) -> None:
        self.soffice = soffice

    def test_a_long_list_prints_with_the_header_row_on_every_page(self) -> None:
        header = exports.TraceHeader.of_person(
            name="Ca Bệnh",
            onset=date(2021, 9, 10),
            params=Params(depth=2),
            as_of=datetime(2021, 9, 12, 9, 0, tzinfo=timezone.get_default_timezone()),
        )
        data = exports.contacts_xlsx(
            _long_rows(150), header=header, exported_by=exports.CLI_EXPORTER
        )
        with tempfile.TemporaryDirectory() as folder:
            source = Path(folder) / "nguoi-tiep-xuc.xlsx"
            source.write_bytes(data)
            pages = pdf_pages_text(to_pdf(self.soffice, source))
        self.assertGreaterEqual(len(pages), 2)
        self.assertIn("DANH SÁCH NGƯỜI TIẾP XÚC", pages[0])
        self.assertIn(WARNING, pages[0])
        for number, text in enumerate(pages[1:], start=2):
            self.assertIn("Họ và tên", text, f"page {number} lacks the header row")
            self.assertIn("Thời gian tiếp xúc", text)
            self.assertNotIn("DANH SÁCH NGƯỜI TIẾP XÚC", text)
            self.assertIn(f"Trang {number}/{len(pages)}", text)
        self.assertIn("Nguyễn Văn Tiếp Xúc 150", pages[-1])
        # The last contact: 15 + 150 × 1.37 = 220.5 minutes, in words, never as a number.
        self.assertIn("3 giờ 41 phút", pages[-1])
        self.assertNotIn("220.5", "".join(pages))
        self.assertNotIn("220,5", "".join(pages))
