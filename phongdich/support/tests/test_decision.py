"""The decision re-forming the IT team: built from the data, downloaded as .docx and
.pdf, and opened by LibreOffice as the Office clerk would."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest
from docx import Document as DocxDocument

from phongdich.core.tests.base import make_cast
from phongdich.core.tests.office import pdf_pages_text, to_pdf
from phongdich.documents import render_docx
from phongdich.support.selectors.decision import decision_document
from phongdich.support.tests.helpers import SupportTestCase, make_team


class DecisionTests(SupportTestCase):
    def test_it_lists_every_active_member_and_the_units_each_supports(self):
        document = decision_document(user=self.office, signer_name="Vũ Thị Hương")
        text = "\n".join(getattr(block, "text", "") for block in document.body)
        self.assertEqual(document.header.number_line, "Số:      /QĐ-SLĐTBXH")
        self.assertIn("Về việc kiện toàn Tổ Công nghệ thông tin Sở", document.subject)
        for name in ("Kỹ Thuật", "Phạm Văn Hai", "Lê Thị Ba"):
            self.assertIn(name, text)
        self.assertIn("gồm 03 thành viên", text)
        self.assertIn("Phạm Văn Hai: phụ trách chính Phòng Giáo dục nghề nghiệp", text)
        self.assertIn("dự phòng Phòng Giáo dục nghề nghiệp", text)
        for article in ("Điều 1.", "Điều 2.", "Điều 3."):
            self.assertIn(article, text)
        self.assertTrue(text.rstrip().endswith("./."))

    def test_a_member_who_left_is_not_in_it(self):
        self.m3.is_active = False
        self.m3.save()
        text = "\n".join(getattr(b, "text", "") for b in decision_document(user=self.office).body)
        self.assertNotIn("Lê Thị Ba", text)
        self.assertIn("gồm 02 thành viên", text)

    def test_the_office_downloads_it_as_docx_and_pdf(self):
        self.client.force_login(self.office)
        docx = self.client.get("/ho-tro/to-cntt/quyet-dinh.docx")
        self.assertEqual(docx.status_code, 200)
        self.assertIn("attachment", docx["Content-Disposition"])
        paragraphs = [p.text for p in DocxDocument(io.BytesIO(docx.content)).paragraphs]
        self.assertIn("QUYẾT ĐỊNH", paragraphs)
        pdf = self.client.get("/ho-tro/to-cntt/quyet-dinh.pdf")
        self.assertEqual(pdf.status_code, 200)
        self.assertTrue(pdf.content.startswith(b"%PDF-"))
        self.assertEqual(self.client.get("/ho-tro/to-cntt/quyet-dinh.odt").status_code, 404)

    def test_staff_and_unit_heads_cannot_download_it(self):
        for user in (self.staff_user, self.head_a):
            self.client.force_login(user)
            self.assertEqual(self.client.get("/ho-tro/to-cntt/quyet-dinh.docx").status_code, 403)


class _Cast:
    pass


@pytest.mark.django_db
def test_libreoffice_opens_the_decision_on_two_pages_with_every_section(
    soffice: str, tmp_path: Path
) -> None:
    cast: Any = _Cast()
    make_cast(cast)
    make_team(cast)
    source = tmp_path / "qd.docx"
    source.write_bytes(render_docx(decision_document(user=None, signer_name="Vũ Thị Hương")))
    pages = pdf_pages_text(to_pdf(soffice, source))
    assert 1 <= len(pages) <= 2
    text = "\n".join(pages)
    for section in (
        "QUYẾT ĐỊNH",
        "Về việc kiện toàn Tổ Công nghệ thông tin Sở",
        "GIÁM ĐỐC SỞ LAO ĐỘNG - THƯƠNG BINH VÀ XÃ HỘI",
        "Căn cứ",
        "Điều 1.",
        "Điều 2.",
        "Điều 3.",
        "Nơi nhận:",
        "Vũ Thị Hương",
    ):
        assert section in text, section
    # The signature block is not left alone on a page of its own.
    assert "Điều 3." in pages[-1] or len(pages) == 1
