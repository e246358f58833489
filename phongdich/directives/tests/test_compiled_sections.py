"""The compiled report's sections: drafted from the figures, kept per version, edited in
the app, one redrafted by "Khôi phục số liệu"; the signer chosen per report; the document
the directive implements answered; reports sent but not accepted marked; proposals each
once, as sentences; the .xlsx through core.xlsx."""

from __future__ import annotations

import io
from dataclasses import replace
from datetime import date, datetime

from django.urls import reverse
from docx import Document as Docx
from openpyxl import load_workbook

from phongdich.directives import drafting
from phongdich.directives.errors import CompileError
from phongdich.directives.inputs import DirectiveHeader
from phongdich.directives.models import CompiledReport, Report
from phongdich.directives.services import compiled as compiling
from phongdich.directives.services import directives as services
from phongdich.directives.tests.helpers import DirectiveTestCase
from phongdich.directives.tests.office_helpers import put_report
from phongdich.directives.tests.test_urging import make_deputy
from phongdich.org.models import RoleAssignment

START, END = date(2026, 3, 3), date(2026, 4, 5)


class SentenceTests(DirectiveTestCase):
    def test_a_sentence_ends_in_exactly_one_full_stop(self) -> None:
        self.assertEqual(drafting.sentence("đã cài PC-Covid."), "Đã cài PC-Covid.")
        self.assertEqual(drafting.sentence("đã cài PC-Covid"), "Đã cài PC-Covid.")
        self.assertEqual(drafting.sentence("đã cài PC-Covid.."), "Đã cài PC-Covid.")
        self.assertEqual(drafting.sentence("  thiếu kinh phí;  "), "Thiếu kinh phí.")
        self.assertEqual(drafting.sentence("Xong?"), "Xong?")
        self.assertEqual(drafting.join_sentences(["a.", "b;", ""]), "A. B.")

    def test_a_units_free_text_becomes_sentences(self) -> None:
        self.assertEqual(
            drafting.sentences_of("- thiếu máy tính;\n+ thiếu chữ ký số.\n\n"),
            ["Thiếu máy tính.", "Thiếu chữ ký số."],
        )


class CompiledSectionsTests(DirectiveTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.task1 = cls.issued.tasks.get(number="1")
        cls.task2 = cls.issued.tasks.get(number="2")
        put_report(
            cls.task1,
            cls.unit_a,
            completed_on=date(2026, 3, 30),
            narrative="Đã cài PC-Covid.",
            difficulties="Thiếu kinh phí;",
        )
        # Unit B sent its report; the Office has not reviewed it.
        cls.pending = put_report(
            cls.task2, cls.unit_b, state=Report.State.SUBMITTED, sent=date(2026, 3, 29)
        )
        for version in (cls.pending.current_version,):
            assert version is not None
            version.proposals = "Đề nghị bổ sung máy tính."
            version.save()
        first = cls.task1.reports.get().current_version
        assert first is not None
        first.proposals = "đề nghị bổ sung máy tính"
        first.save()

    def create(self, **kw: object) -> CompiledReport:
        return compiling.compiled_report_create(
            directive=self.issued,
            period_start=START,
            period_end=END,
            by=self.office,
            today=END,
            issued_on=END,
            **kw,  # type: ignore[arg-type]
        )

    def text(self, report: CompiledReport) -> str:
        doc = Docx(io.BytesIO(compiling.render_compiled(report, "docx")))
        return "\n".join(p.text for p in doc.paragraphs)

    def update(self, report: CompiledReport, **kw: object) -> CompiledReport:
        args: dict[str, object] = {
            "report": report,
            "number": report.number,
            "issued_on": report.issued_on,
            "period_start": report.period_start,
            "period_end": report.period_end,
            "sections": {},
            "today": END,
            **kw,
        }
        return compiling.compiled_report_update(**args)  # type: ignore[arg-type]

    def test_a_report_sent_but_not_accepted_is_marked_as_such(self) -> None:
        report = self.create()
        sections = report.versions.get().sections
        self.assertIn(
            "Báo cáo của Trung tâm Dịch vụ việc làm đã gửi ngày 29/3/2026, đang chờ Văn phòng "
            "Sở xem xét nên chưa được tính là hoàn thành",
            sections["item:2"],
        )
        self.assertIn("1 báo cáo đã gửi đang chờ xem xét", sections["direction"])
        doc = Docx(io.BytesIO(compiling.render_compiled(report, "docx")))
        annex = next(t for t in doc.tables if t.rows[0].cells[0].text == "STT")
        row = next(r for r in annex.rows if r.cells[1].text == "Trung tâm Dịch vụ việc làm")
        self.assertEqual(row.cells[-1].text, "Báo cáo chờ duyệt")

    def test_the_units_proposals_come_once_as_sentences_in_v(self) -> None:
        report = self.create()
        proposals = report.versions.get().sections["proposals"]
        # Only accepted reports count: unit A's proposal, once, as a sentence (unit B's
        # report, not yet accepted, is not quoted).
        self.assertEqual(
            proposals.splitlines()[1:],
            [
                "Các đơn vị thuộc Sở đề xuất, kiến nghị:",
                "Đề nghị bổ sung máy tính (đề xuất của Phòng Giáo dục nghề nghiệp).",
            ],
        )
        self.assertTrue(proposals.startswith("Đề nghị Giám đốc Sở tiếp tục quan tâm chỉ đạo"))
        text = self.text(report)
        self.assertNotIn("II. KHÓ KHĂN", text)
        self.assertNotIn(".;", text)
        self.assertNotIn("..", text.replace("./.", ""))
        self.assertIn("Phòng Giáo dục nghề nghiệp báo cáo: đã cài PC-Covid.", text)

    def test_each_save_keeps_a_version_and_restore_redrafts_one_section(self) -> None:
        report = self.create()
        drafted = dict(report.versions.get().sections)
        report = self.update(
            report, sections={"item:1": "Văn phòng viết.", "strengths": "Ưu điểm riêng."}
        )
        self.assertEqual(report.versions.count(), 2)
        self.update(report)  # nothing changed: no new version
        self.assertEqual(report.versions.count(), 2)
        report = self.update(report, sections={"strengths": "Ưu điểm sửa."}, restore="item:1")
        latest = report.versions.order_by("-version").first()
        assert latest is not None
        self.assertEqual(latest.version, 3)
        self.assertEqual(latest.sections["item:1"], drafted["item:1"])
        self.assertEqual(latest.sections["strengths"], "Ưu điểm sửa.")
        self.assertIn("Ưu điểm sửa.", self.text(report))
        with self.assertRaises(CompileError):
            self.update(report, restore="item:9")

    def test_the_restore_button_in_the_app_keeps_the_other_edits(self) -> None:
        report = self.create()
        self.login(self.office)
        url = reverse("directives:compiled_edit", args=[report.pk])
        page = self.client.get(url)
        self.assertContains(page, 'name="restore" value="item:1"')
        self.assertContains(page, "Khôi phục số liệu")
        form = page.context["form"]
        data = {name: form[name].value() or "" for name in form.fields if name != "restore"}
        data.update(
            number="",
            issued_on="05/04/2026",
            period_start="03/03/2026",
            period_end="05/04/2026",
            signer=str(report.signer_id),
            section_item_1="Viết tay.",
            section_next="Việc sắp tới.",
            restore="item:1",
        )
        self.assertEqual(self.client.post(url, data).status_code, 302)
        latest = report.versions.order_by("-version").first()
        assert latest is not None
        self.assertNotEqual(latest.sections["item:1"], "Viết tay.")
        self.assertIn("Phòng Giáo dục nghề nghiệp", latest.sections["item:1"])
        self.assertEqual(latest.sections["next"], "Việc sắp tới.")

    def test_the_signer_is_chosen_per_report_from_the_director_and_deputies(self) -> None:
        report = self.create()
        self.assertEqual((report.signer_title, report.signer_authority), ("GIÁM ĐỐC", ""))
        deputy = make_deputy(self)
        report = self.update(report, signer=deputy)
        self.assertEqual(report.signer_authority, "KT. GIÁM ĐỐC")
        doc = Docx(io.BytesIO(compiling.render_compiled(report, "docx")))
        cells = " ".join(c.text for t in doc.tables for r in t.rows for c in r.cells)
        self.assertIn("KT. GIÁM ĐỐC", cells)
        self.assertIn("PHÓ GIÁM ĐỐC", cells)
        self.assertIn("Lê Văn Phó", cells)
        self.assertIn("- Giám đốc Sở (để báo cáo);", cells)
        office_staff = self.office.staff
        with self.assertRaises(CompileError) as ctx:
            self.update(report, signer=office_staff)
        self.assertIn("không phải Giám đốc, Phó Giám đốc Sở", ctx.exception.messages[0])

    def test_without_a_director_in_the_directory_the_report_is_refused_clearly(self) -> None:
        RoleAssignment.objects.filter(role="director").delete()
        with self.assertRaises(CompileError) as ctx:
            self.create()
        self.assertIn("Chưa có Giám đốc, Phó Giám đốc", ctx.exception.messages[0])

    def test_the_subject_and_kinh_gui_answer_the_document_the_directive_implements(
        self,
    ) -> None:
        directive = services.directive_create(
            header=DirectiveHeader(
                subject="V/v đẩy mạnh quét mã QR",
                number=21,
                symbol="SLĐTBXH-VP",
                issued_on=date(2026, 3, 3),
                source_kind="Công văn",
                source_reference="13341/UBND-CNTT",
                source_issued_on=date(2026, 3, 1),
                source_issuer="Chủ tịch UBND tỉnh Thanh Hóa",
            ),
            tasks=[
                services.TaskInput(
                    "1",
                    "Quét mã QR tại cổng",
                    title="Quét mã QR",
                    lead_unit=self.unit_a,
                    deadline=date(2026, 3, 31),
                )
            ],
            created_by=self.office,
        )
        services.directive_issue(directive=directive, by=self.office)
        directive.refresh_from_db()
        report = compiling.compiled_report_create(
            directive=directive, period_start=START, period_end=END, by=self.office, today=END
        )
        doc = Docx(io.BytesIO(compiling.render_compiled(report, "docx")))
        body = [p.text for p in doc.paragraphs]
        self.assertIn(
            "Kết quả thực hiện Công văn số 13341/UBND-CNTT ngày 01/3/2026 của Chủ tịch UBND "
            "tỉnh Thanh Hóa về việc đẩy mạnh quét mã QR",
            body,
        )
        self.assertIn("Kính gửi: Chủ tịch UBND tỉnh Thanh Hóa.", body)
        self.assertIn("1. Quét mã QR", body)
        text = "\n".join(body)
        self.assertIn("kính báo cáo Chủ tịch UBND tỉnh Thanh Hóa xem xét, chỉ đạo./.", text)
        self.assertIn("Ngay sau khi nhận được Công văn số 13341/UBND-CNTT", text)

    def test_the_xlsx_has_real_dates_print_titles_a_filter_and_a_title_block(self) -> None:
        report = self.create(number=5)
        data = compiling.compiled_report_export(report=report, fmt="xlsx", user=self.office)
        book = load_workbook(io.BytesIO(data))
        for sheet in book.worksheets:
            self.assertTrue(sheet["A1"].value.startswith(("BẢNG TỔNG HỢP", "KẾT QUẢ THỰC HIỆN")))
            block = [sheet.cell(row=r, column=1).value for r in range(2, 7)]
            self.assertIn("Báo cáo: số 05/BC-SLĐTBXH, ngày 05/4/2026", block)
            self.assertTrue(any(str(v).startswith("Xuất bởi Văn Phòng lúc") for v in block))
            header = next(r for r in range(1, 12) if sheet.cell(row=r, column=1).value == "STT")
            self.assertEqual(sheet.print_title_rows, f"${header}:${header}")
            self.assertTrue(sheet.auto_filter.ref.startswith(f"A{header}:"))
            self.assertEqual(sheet.freeze_panes, f"A{header + 1}")
        by_unit = book["Chi tiết theo đơn vị"]
        header = next(r for r in range(1, 12) if by_unit.cell(row=r, column=1).value == "STT")
        names = [c.value for c in by_unit[header]]
        deadline = by_unit.cell(row=header + 1, column=names.index("Thời hạn") + 1)
        self.assertEqual(deadline.value, datetime(2026, 3, 31))
        self.assertEqual(deadline.number_format, "dd/mm/yyyy")
        done = by_unit.cell(row=header + 1, column=names.index("Ngày hoàn thành") + 1)
        self.assertEqual(done.value, datetime(2026, 3, 30))
        self.assertEqual(by_unit.max_row - header, 2)  # one row per unit and task


class SectionPlacementTests(DirectiveTestCase):
    def test_a_module_section_goes_under_the_item_it_serves_once(self) -> None:
        header = replace(
            DirectiveHeader(subject="V/v thử", number=31, symbol="SLĐTBXH-VP"),
            issued_on=date(2026, 3, 3),
        )
        directive = services.directive_create(
            header=header,
            tasks=[
                services.TaskInput(
                    "1", "Tập huấn", lead_unit=self.unit_a, deadline=date(2026, 3, 31)
                ),
                services.TaskInput(
                    "2",
                    "Quét mã QR, kiểm soát người ra vào và truy vết khi cần",
                    lead_unit=self.unit_a,
                    deadline=date(2026, 3, 31),
                ),
                services.TaskInput(
                    "3", "Khai báo y tế", lead_unit=self.unit_a, deadline=date(2026, 3, 31)
                ),
            ],
            created_by=self.office,
        )
        services.directive_issue(directive=directive, by=self.office)
        from phongdich.directives.selectors.compiled import compile_data

        data = compile_data(directive=directive, period_start=START, period_end=END, today=END)
        placed = {item.task.number: item.sections for item in data.items}
        self.assertEqual(placed["1"], [])
        self.assertEqual(placed["2"], ["checkin", "tracing"])
        self.assertEqual(placed["3"], [])
