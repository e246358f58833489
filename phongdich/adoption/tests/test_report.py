"""The one-page report in the province's format, as .docx and .pdf."""

from __future__ import annotations

import datetime as dt
import io
import tempfile
from pathlib import Path

import pytest
from django.urls import reverse
from docx import Document as read_docx

from phongdich.adoption import demo
from phongdich.adoption.services.report import report_document, vn_percent
from phongdich.adoption.tests.helpers import AdoptionTestCase
from phongdich.core.models import AuditEvent
from phongdich.core.tests.base import make_cast
from phongdich.core.tests.office import pdf_pages_text, to_pdf
from phongdich.documents import render_docx, render_pdf


class ReportTests(AdoptionTestCase):
    def test_the_report_says_how_many_installed_the_rate_and_the_ranks(self) -> None:
        demo.load()
        self.login(self.office)
        response = self.client.get(reverse("adoption:report_file", args=["docx"]))
        self.assertEqual(response.status_code, 200)
        text = "\n".join(p.text for p in read_docx(io.BytesIO(response.content)).paragraphs)
        self.assertIn("người đã cài đặt, đạt", text)
        self.assertIn("xếp thứ 1", text)
        self.assertIn("Bluezone", text)
        self.assertIn("Cổng Dịch vụ công quốc gia", text)
        self.assertIn("hồ sơ thủ tục hành chính tiếp nhận trực tuyến mức độ 3, 4", text)
        self.assertTrue(AuditEvent.objects.filter(action="adoption.report").exists())
        pdf = self.client.get(reverse("adoption:report_file", args=["pdf"]) + "?mau=smartphone")
        self.assertEqual(pdf["Content-Type"], "application/pdf")
        self.assertTrue(pdf.content.startswith(b"%PDF-"))

    def test_an_unknown_format_is_a_404(self) -> None:
        self.login(self.office)
        self.assertEqual(
            self.client.get(reverse("adoption:report_file", args=["odt"])).status_code, 404
        )

    def test_vietnamese_percent(self) -> None:
        self.assertEqual(vn_percent(85.44), "85,4 %")
        self.assertEqual(vn_percent(None), "—")


class Cast:
    pass


@pytest.mark.django_db
def test_the_report_fits_on_one_page_in_libreoffice_and_in_the_pdf(soffice: str) -> None:
    from phongdich.org import demo as org_demo

    cast = Cast()
    make_cast(cast)
    org_demo.load()  # the whole demo department: 17 units to rank
    demo.load()
    document = report_document(user=cast.office, denominator="all", day=dt.date.today())
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "bao-cao.docx"
        path.write_bytes(render_docx(document))
        pages = pdf_pages_text(to_pdf(soffice, path))
        assert len(pages) == 1, pages
        assert "xếp thứ" in pages[0]
        direct = Path(tmp) / "direct.pdf"
        direct.write_bytes(render_pdf(document))
        assert len(pdf_pages_text(direct)) == 1
