"""The compiled report: the .docx (Decree 30), the PDF text, the .xlsx table, the edit
page, the downloads (audited) and who may see them."""

from __future__ import annotations

import io
from datetime import date, timedelta

import pypdfium2 as pdfium
from django.urls import reverse
from django.utils import timezone
from docx import Document as Docx
from docx.document import Document as DocxDocument
from openpyxl import load_workbook

from phongdich.checkin.models import Location, Person, Visit
from phongdich.core.models import AuditEvent
from phongdich.directives.models import CompiledReport, Indicator
from phongdich.directives.services import compiled as compiling
from phongdich.directives.tests.helpers import DirectiveTestCase
from phongdich.directives.tests.office_helpers import put_report
from phongdich.org.models import Staff

START, END = date(2026, 3, 3), date(2026, 4, 5)


def flat(text: str) -> str:
    return " ".join(text.split())


class CompiledReportTests(DirectiveTestCase):
    report: CompiledReport

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        task1 = cls.issued.tasks.get(number="1")
        # An item that mentions the QR codes: the check-in module's figures go under it.
        task1.content = "Báo cáo việc quét mã QR tại cổng của phòng A"
        task1.save(update_fields=["content"])
        put_report(
            task1,
            cls.unit_a,
            completed_on=date(2026, 3, 30),
            narrative="=1+1 Đã trang bị máy tính",
            difficulties="Thiếu kinh phí",
            values={task1.indicators.get(kind=Indicator.Kind.INTEGER): 12},
        )
        gate = Location.objects.create(code="G-A", name="Cổng A", unit=cls.unit_a)
        person = Person.objects.create(
            identity="+84912000009", staff=Staff.objects.get(user=cls.staff_user)
        )
        moment = timezone.make_aware(timezone.datetime(2026, 3, 20, 8, 0))
        Visit.objects.create(
            person=person,
            location=gate,
            unit_id_snapshot=cls.unit_a.pk,
            check_in=moment,
            effective_end=moment + timedelta(hours=8),
        )
        cls.report = compiling.compiled_report_create(
            directive=cls.issued,
            period_start=START,
            period_end=END,
            by=cls.office,
            number=5,
            issued_on=END,
            today=END,
        )

    def docx(self) -> DocxDocument:
        return Docx(io.BytesIO(compiling.render_compiled(self.report, "docx")))

    def sections(self) -> dict[str, str]:
        return dict(self.report.versions.get().sections)

    def test_the_sections_are_drafted_from_the_data(self) -> None:
        sections = self.sections()
        self.assertIn("Công văn số 13/SLĐTBXH-VP ngày 03/3/2026", sections["intro"])
        self.assertIn("Phòng Giáo dục nghề nghiệp đã hoàn thành đúng hạn", sections["item:1"])
        self.assertIn("các đơn vị phản ánh thiếu kinh phí", sections["weaknesses"])
        self.assertTrue(sections["proposals"])
        self.assertEqual([k for k in sections if k.startswith("item:")], ["item:1", "item:2"])

    def test_the_docx_has_the_header_title_and_sections(self) -> None:
        doc = self.docx()
        cells = flat(" ".join(c.text for t in doc.tables for r in t.rows for c in r.cells))
        self.assertIn("UBND TỈNH THANH HÓA", cells)
        self.assertIn("SỞ LAO ĐỘNG - THƯƠNG BINH VÀ XÃ HỘI", cells)
        self.assertIn("Số: 05/BC-SLĐTBXH", cells)
        self.assertIn("Thanh Hóa, ngày 05 tháng 4 năm 2026", cells)
        body = [p.text for p in doc.paragraphs]
        self.assertIn("BÁO CÁO", body)
        self.assertIn(
            "Kết quả thực hiện Công văn số 13/SLĐTBXH-VP ngày 03/3/2026 của Sở Lao động - "
            "Thương binh và Xã hội về việc đã ban hành",
            body,
        )
        for section in (
            "I. CÔNG TÁC CHỈ ĐẠO, TRIỂN KHAI",
            "II. KẾT QUẢ THỰC HIỆN",
            "1. Báo cáo việc quét mã QR tại cổng của phòng A",
            "2. Báo cáo của trung tâm B",
            "III. ĐÁNH GIÁ CHUNG",
            "1. Ưu điểm",
            "2. Tồn tại, hạn chế và nguyên nhân",
            "IV. NHIỆM VỤ, GIẢI PHÁP THỜI GIAN TỚI",
            "V. ĐỀ XUẤT, KIẾN NGHỊ",
            "PHỤ LỤC",
        ):
            self.assertIn(section, body)
        text = "\n".join(body)
        self.assertIn("Trung tâm Dịch vụ việc làm chưa hoàn thành, đã quá hạn", text)
        self.assertIn("1 cổng check-in bằng mã QR đang hoạt động tại 1 đơn vị", text)
        self.assertIn("1 lượt check-in", text)
        self.assertIn("./.", text)
        self.assertNotIn("..", text.replace("./.", ""))
        self.assertNotIn(".;", text)
        self.assertIn("- Các Phó Giám đốc Sở;", cells + text)
        self.assertIn("- Lưu: VT, VP.", cells + text)
        self.assertIn("Giám Đốc", cells)  # the Director of the test cast signs

    def test_the_annex_has_one_row_per_unit_and_task(self) -> None:
        doc = self.docx()
        table = next(t for t in doc.tables if t.rows[0].cells[0].text == "STT")
        self.assertEqual(
            [c.text for c in table.rows[0].cells],
            [
                "STT",
                "Đơn vị",
                "Đã hoàn thành đúng hạn",
                "Đã hoàn thành quá hạn",
                "Đang thực hiện trong hạn",
                "Quá hạn chưa hoàn thành",
                "Ngày hoàn thành",
                "Ghi chú",
            ],
        )
        self.assertEqual(
            table.rows[1].cells[0].text,
            "Nhiệm vụ 1: Báo cáo việc quét mã QR tại cổng của phòng A (thời hạn 31/3/2026)",
        )
        first = [c.text for c in table.rows[2].cells]
        self.assertEqual(first[:3], ["1", "Phòng Giáo dục nghề nghiệp", "x"])
        self.assertEqual(first[6], "30/3/2026")
        second = [c.text for c in table.rows[4].cells]
        self.assertEqual(second[:2], ["2", "Trung tâm Dịch vụ việc làm"])
        self.assertEqual(second[5], "x")
        self.assertEqual(
            [c.text for c in table.rows[-1].cells][1:6], ["Tổng cộng", "1", "0", "0", "1"]
        )

    def test_the_fonts_and_margins(self) -> None:
        doc = self.docx()
        fonts = {r.font.name for p in doc.paragraphs for r in p.runs if r.text.strip()}
        self.assertEqual(fonts, {"Times New Roman"})
        section = doc.sections[0]
        self.assertAlmostEqual(section.left_margin.mm, 30, delta=0.1)
        self.assertAlmostEqual(section.right_margin.mm, 15, delta=0.1)
        self.assertAlmostEqual(section.top_margin.mm, 20, delta=0.1)
        self.assertAlmostEqual(section.bottom_margin.mm, 20, delta=0.1)

    def test_the_pdf_says_the_same(self) -> None:
        pdf = pdfium.PdfDocument(compiling.render_compiled(self.report, "pdf"))
        text = flat(" ".join(page.get_textpage().get_text_range() for page in pdf))
        self.assertIn("BÁO CÁO", text)
        self.assertIn("05/BC-SLĐTBXH", text)
        self.assertIn("II. KẾT QUẢ THỰC HIỆN", text)
        self.assertIn("Quá hạn chưa hoàn thành", text)
        self.assertIn("Lưu: VT, VP.", text)
        self.assertIn("PHỤ LỤC", text)

    def test_the_xlsx_keeps_user_text_as_text(self) -> None:
        book = load_workbook(io.BytesIO(compiling.render_compiled(self.report, "xlsx")))
        self.assertEqual(book.sheetnames, ["Tổng hợp theo nhiệm vụ", "Chi tiết theo đơn vị"])
        sheet = book["Chi tiết theo đơn vị"]
        values = [[c.value for c in row] for row in sheet.iter_rows()]
        header = next(r for r in values if r[0] == "STT")
        self.assertEqual(header[1], "Nhiệm vụ")
        self.assertEqual(header[-1], "Khó khăn, vướng mắc, đề xuất")
        cells = [c for row in sheet.iter_rows() for c in row if isinstance(c.value, str)]
        result = next(c for c in cells if "=1+1" in str(c.value))
        self.assertEqual(result.data_type, "s")
        self.assertTrue(result.value.startswith("=1+1 Đã trang bị máy tính; Số máy tính: 12 máy"))

    def test_edited_text_goes_into_the_document(self) -> None:
        report = self.report
        self.report = compiling.compiled_report_update(
            report=report,
            number=report.number,
            issued_on=report.issued_on,
            period_start=report.period_start,
            period_end=report.period_end,
            sections={"weaknesses": "Khó khăn riêng do Văn phòng viết"},
        )
        text = "\n".join(p.text for p in self.docx().paragraphs)
        self.assertIn("Khó khăn riêng do Văn phòng viết", text)
        self.assertEqual(self.report.versions.count(), 2)


class CompiledReportViewTests(DirectiveTestCase):
    def create(self) -> object:
        return self.client.post(
            reverse("directives:compiled_create", args=[self.issued.pk]),
            {"period_start": "03/03/2026", "period_end": "05/04/2026", "number": "9"},
        )

    def test_the_office_creates_edits_and_downloads(self) -> None:
        self.login(self.office)
        response = self.create()
        report = CompiledReport.objects.get()
        self.assertRedirects(
            response,
            reverse("directives:compiled_edit", args=[report.pk]),
            fetch_redirect_response=False,
        )
        page = self.client.get(reverse("directives:compiled_edit", args=[report.pk]))
        self.assertContains(page, "Báo cáo tổng hợp số 09/BC-SLĐTBXH")
        self.assertContains(page, 'name="section_weaknesses"')
        saved = self.client.post(
            reverse("directives:compiled_edit", args=[report.pk]),
            {
                "number": "9",
                "issued_on": "05/04/2026",
                "period_start": "03/03/2026",
                "period_end": "05/04/2026",
                "signer": str(report.signer_id),
                "section_intro": "Mở đầu mới",
                "section_weaknesses": "Khó",
                "section_proposals": "Đề xuất",
            },
        )
        self.assertEqual(saved.status_code, 302)
        version = report.versions.order_by("-version").first()
        assert version is not None
        self.assertEqual(version.sections["intro"], "Mở đầu mới")
        for fmt, start in (("docx", b"PK"), ("pdf", b"%PDF"), ("xlsx", b"PK")):
            response = self.client.get(
                reverse("directives:compiled_download", args=[report.pk, fmt])
            )
            self.assertEqual(response.status_code, 200)
            self.assertTrue(response.content.startswith(start))
            self.assertIn("attachment;", response["Content-Disposition"])
        self.assertEqual(
            AuditEvent.objects.filter(action="directives.compiled.download").count(), 3
        )

    def test_a_period_ending_before_it_starts_is_refused(self) -> None:
        self.login(self.office)
        self.client.post(
            reverse("directives:compiled_create", args=[self.issued.pk]),
            {"period_start": "05/04/2026", "period_end": "03/03/2026"},
        )
        self.assertEqual(CompiledReport.objects.count(), 0)

    def test_the_director_reads_but_cannot_edit(self) -> None:
        self.login(self.office)
        self.create()
        report = CompiledReport.objects.get()
        self.login(self.director)
        page = self.client.get(reverse("directives:compiled_edit", args=[report.pk]))
        self.assertEqual(page.status_code, 200)
        self.assertNotContains(page, 'name="section_weaknesses"')
        response = self.client.post(reverse("directives:compiled_edit", args=[report.pk]), {})
        self.assertEqual(response.status_code, 403)
        self.assertEqual(self.create().status_code, 403)

    def test_unit_heads_do_not_see_compiled_reports(self) -> None:
        self.login(self.office)
        self.create()
        report = CompiledReport.objects.get()
        self.login(self.head_a)
        for url in (
            reverse("directives:compiled_list"),
            reverse("directives:compiled_edit", args=[report.pk]),
            reverse("directives:compiled_download", args=[report.pk, "docx"]),
            reverse("directives:followup", args=[self.issued.pk]),
        ):
            self.assertEqual(self.client.get(url).status_code, 403, url)


class CompiledListQueryTests(DirectiveTestCase):
    def assert_list_queries(self, queries: int) -> int:
        self.login(self.office)
        url = reverse("directives:compiled_list")
        self.client.get(url)
        # session, user, roles, staff unit, the reports with their directive and author,
        # the bell's unread count, the directives to compile, and the session save.
        # Since the pagination (core.paging) the page's count comes first; with no report
        # there is no row query (10), with some there is (11), whatever their number.
        with self.assertNumQueries(queries):
            response = self.client.get(url)
        return len(response.context["reports"])

    def test_the_list_takes_a_fixed_number_of_queries(self) -> None:
        self.assertEqual(self.assert_list_queries(10), 0)
        for number in (1, 2, 3):
            compiling.compiled_report_create(
                directive=self.issued if number < 3 else self.issued_b,
                period_start=START,
                period_end=END,
                by=self.office if number < 3 else self.admin,
                number=number,
                today=END,
            )
        self.assertEqual(self.assert_list_queries(11), 3)
