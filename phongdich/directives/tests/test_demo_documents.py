"""The demo's báo cáo and công văn đôn đốc opened as the Office opens them: the .docx
converted by LibreOffice and the app's own PDF, page counts (báo cáo ≤ 8 and the two within
one page of each other; đôn đốc ≤ 2), no paragraph cut with "…", one subsection per item
of the letter, one annex row per unit and task; the báo cáo's .xlsx read with openpyxl.

The demo is loaded once (``manage.py load_demo``, about ten seconds); one test per
document. Skipped where LibreOffice is not installed (CI installs it; REQUIRE_SOFFICE=1
turns the skip into a failure)."""

from __future__ import annotations

import io
import re
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import TestCase
from docx import Document as Docx
from openpyxl import load_workbook

from phongdich.core.tests.office import pdf_pages_text, to_pdf
from phongdich.directives.models import CompiledReport, Directive, TaskAssignment, UrgingNotice
from phongdich.directives.selectors.status import today_local
from phongdich.directives.services import compiled as compiling
from phongdich.directives.services.urging import urging_create, urging_plan

ITEMS = [str(n) for n in range(1, 9)]


def paragraphs_of(doc: Any) -> list[str]:
    """Every paragraph of the body and of every table cell."""
    texts = [p.text for p in doc.paragraphs]
    for table in doc.tables:
        for row in table.rows:
            for cell in row.cells:
                texts.extend(p.text for p in cell.paragraphs)
    return texts


def annex_of(doc: Any) -> Any:
    return next(t for t in doc.tables if t.rows[0].cells[0].text == "STT")


class DemoDocumentsTests(TestCase):
    directive: Directive
    report: CompiledReport
    notice: UrgingNotice

    @classmethod
    def setUpTestData(cls) -> None:
        call_command("load_demo", stdout=io.StringIO())
        cls.directive = Directive.objects.get(number=2987, symbol="SLĐTBXH-VP", year=2021)
        office = get_user_model().objects.get(username="vanphong")
        assert cls.directive.issued_on is not None
        cls.report = compiling.compiled_report_create(
            directive=cls.directive,
            period_start=cls.directive.issued_on,
            period_end=today_local(),
            by=office,
        )
        cls.notice = urging_create(directive=cls.directive, by=office)

    @pytest.fixture(autouse=True)
    def _office(self, soffice: str, tmp_path: Path) -> None:
        self.soffice = soffice
        self.tmp = tmp_path

    def converted(self, name: str, data: bytes) -> list[str]:
        source = self.tmp / name
        source.write_bytes(data)
        return pdf_pages_text(to_pdf(self.soffice, source))

    def app_pdf(self, name: str, data: bytes) -> list[str]:
        path = self.tmp / name
        path.write_bytes(data)
        return pdf_pages_text(path)

    def assert_nothing_cut(self, paragraphs: list[str], pages: list[str]) -> None:
        cut = [p for p in paragraphs if p.rstrip().endswith("…")]
        self.assertEqual(cut, [], "a paragraph ends in …")
        lines = [line for page in pages for line in page.splitlines()]
        self.assertEqual([line for line in lines if line.rstrip().endswith("…")], [])

    def test_the_compiled_report(self) -> None:
        docx = compiling.render_compiled(self.report, "docx")
        office_pages = self.converted("bao-cao.docx", docx)
        app_pages = self.app_pdf("bao-cao.pdf", compiling.render_compiled(self.report, "pdf"))
        self.assertLessEqual(len(office_pages), 8, "LibreOffice: more than 8 pages")
        self.assertLessEqual(len(app_pages), 8, "app PDF: more than 8 pages")
        self.assertLessEqual(abs(len(office_pages) - len(app_pages)), 1)

        doc = Docx(io.BytesIO(docx))
        paragraphs = paragraphs_of(doc)
        self.assert_nothing_cut(paragraphs, office_pages + app_pages)
        body = [p.text for p in doc.paragraphs]
        start, end = body.index("II. KẾT QUẢ THỰC HIỆN"), body.index("III. ĐÁNH GIÁ CHUNG")
        headings = [p for p in body[start + 1 : end] if re.match(r"^\d+\. ", p)]
        self.assertEqual([h.split(".")[0] for h in headings], ITEMS)
        self.assertEqual(headings[0], "1. Quét mã QR kiểm soát người ra vào")
        for part in ("I. CÔNG TÁC CHỈ ĐẠO, TRIỂN KHAI", "IV. NHIỆM VỤ, GIẢI PHÁP THỜI GIAN TỚI"):
            self.assertIn(part, body)
        self.assertIn("Kính gửi: Chủ tịch UBND tỉnh Thanh Hóa.", body)
        text = "\n".join(body)
        self.assertNotIn(".;", text)
        self.assertNotIn("..", text.replace("./.", ""))
        self.assertIn("đang chờ Văn phòng Sở xem xét nên chưa được tính là hoàn thành", text)
        self.assertIn("lượt check-in", text)  # the check-in module's section, under item 1
        self.assertIn("tiếp xúc gần (F1)", text)  # the tracing module's section

        annex = annex_of(doc)
        data_rows = [r for r in annex.rows[1:] if r.cells[0].text.strip().isdigit()]
        expected = TaskAssignment.objects.filter(
            task__directive=self.directive, must_report=True
        ).count()
        self.assertEqual(len(data_rows), expected)
        pairs = {(r.cells[1].text, i) for i, r in enumerate(data_rows)}
        self.assertEqual(len(pairs), expected)
        groups = [r.cells[0].text for r in annex.rows[1:] if r.cells[0].text.startswith("Nhiệm vụ")]
        self.assertIn("Nhiệm vụ 3: Rà soát trang thiết bị CNTT (thời hạn 10/9/2021)", groups)
        self.assertTrue(all(len(g) < 120 for g in groups))  # short labels, not the task text
        self.assertTrue(any("PHỤ LỤC" in page for page in office_pages))

    def test_the_urging_notice(self) -> None:
        docx = self.notice.docx.read()
        office_pages = self.converted("don-doc.docx", docx)
        app_pages = self.app_pdf("don-doc.pdf", self.notice.pdf.read())
        self.assertLessEqual(len(office_pages), 2, "LibreOffice: more than 2 pages")
        self.assertLessEqual(len(app_pages), 2, "app PDF: more than 2 pages")
        doc = Docx(io.BytesIO(docx))
        self.assert_nothing_cut(paragraphs_of(doc), office_pages + app_pages)
        body = [p.text for p in doc.paragraphs]
        self.assertIn("Kính gửi: các đơn vị có tên tại danh sách kèm theo.", body)
        annex = annex_of(doc)
        rows = [[c.text for c in r.cells] for r in annex.rows[1:]]
        plan = urging_plan(directive=self.directive)
        late = {(i.unit.name, t.task.label) for i in plan.late for t in i.tasks}
        self.assertEqual(len(rows), len(late))
        self.assertEqual({(r[1], r[2]) for r in rows}, late)  # one row per unit and task
        self.assertNotIn("Văn phòng Sở", {r[1] for r in rows})
        self.assertNotIn(self.directive.tasks.get(number="1").content, {r[2] for r in rows})

    def test_the_compiled_reports_spreadsheet(self) -> None:
        data = compiling.render_compiled(self.report, "xlsx", exported_by="Nguyễn Thị Lan")
        book = load_workbook(io.BytesIO(data))
        sheet = book["Chi tiết theo đơn vị"]
        self.assertEqual(
            sheet["A1"].value, "KẾT QUẢ THỰC HIỆN CÔNG VĂN SỐ 2987/SLĐTBXH-VP CỦA CÁC ĐƠN VỊ"
        )
        header = next(r for r in range(1, 12) if sheet.cell(row=r, column=1).value == "STT")
        block = [sheet.cell(row=r, column=1).value for r in range(2, header)]
        self.assertTrue(any(str(v).startswith("Xuất bởi Nguyễn Thị Lan lúc") for v in block))
        self.assertEqual(sheet.print_title_rows, f"${header}:${header}")
        self.assertEqual(sheet.auto_filter.ref.split(":")[0], f"A{header}")
        names = [c.value for c in sheet[header]]
        due = sheet.cell(row=header + 1, column=names.index("Thời hạn") + 1)
        self.assertIsInstance(due.value, datetime)
        self.assertEqual(due.number_format, "dd/mm/yyyy")
        expected = TaskAssignment.objects.filter(task__directive=self.directive).count()
        self.assertEqual(sheet.max_row - header, expected)
        pages = self.converted("bang.xlsx", data)
        self.assertTrue(pages)
