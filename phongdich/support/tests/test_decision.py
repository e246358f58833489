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
from phongdich.support.models import TeamMember
from phongdich.support.selectors.decision import decision_document, unit_label
from phongdich.support.tests.helpers import SupportTestCase, make_team


class DecisionTests(SupportTestCase):
    def test_it_lists_every_active_member_and_the_units_each_supports(self):
        document = decision_document(user=self.office, signer_name="Vũ Thị Hương")
        text = "\n".join(getattr(block, "text", "") for block in document.body)
        self.assertEqual(document.header.number_line, "Số:      /QĐ-SLĐTBXH")
        self.assertIn("Về việc kiện toàn Tổ Công nghệ thông tin Sở", document.subject)
        self.assertIn("gồm 03 thành viên có tên tại Danh sách kèm theo", text)
        for article in ("Điều 1.", "Điều 2.", "Điều 3."):
            self.assertIn(article, text)
        self.assertTrue(text.rstrip().endswith("./."))
        (annex,) = document.annexes
        self.assertEqual(annex.title, "DANH SÁCH THÀNH VIÊN TỔ CÔNG NGHỆ THÔNG TIN SỞ")
        self.assertTrue(annex.note.startswith("(Kèm theo Quyết định số"))
        table = annex.body[0]
        self.assertEqual(
            [c.header for c in table.columns],
            [
                "STT",
                "Họ và tên",
                "Chức vụ/đơn vị",
                "Nhiệm vụ/chuyên môn",
                "Đơn vị phụ trách (chính / dự phòng)",
            ],
        )
        rows = {row.cells[1]: row.cells for row in table.rows}
        self.assertEqual(set(rows), {"Kỹ Thuật", "Phạm Văn Hai", "Lê Thị Ba"})
        self.assertEqual(rows["Kỹ Thuật"][0], "1")  # the leader first
        self.assertIn("Mạng, máy in", rows["Phạm Văn Hai"][3])
        self.assertEqual(
            rows["Phạm Văn Hai"][4],
            "Chính: Phòng Giáo dục nghề nghiệp\nDự phòng: " + unit_label(self.office_unit),
        )
        self.assertEqual(rows["Lê Thị Ba"][4], "Dự phòng: Phòng Giáo dục nghề nghiệp")
        # Unit B has nobody: said under the table.
        self.assertIn(self.unit_b.name, annex.body[1].text)

    def test_a_member_who_left_is_not_in_it(self):
        self.m3.is_active = False
        self.m3.save()
        document = decision_document(user=self.office)
        text = "\n".join(getattr(b, "text", "") for b in document.body)
        names = [row.cells[1] for row in document.annexes[0].body[0].rows]
        self.assertNotIn("Lê Thị Ba", names)
        self.assertEqual(len(names), 2)
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
def test_libreoffice_opens_the_decision_and_its_annex_with_every_section(
    soffice: str, tmp_path: Path
) -> None:
    cast: Any = _Cast()
    make_cast(cast)
    make_team(cast)
    source = tmp_path / "qd.docx"
    source.write_bytes(render_docx(decision_document(user=None, signer_name="Vũ Thị Hương")))
    pages = pdf_pages_text(to_pdf(soffice, source))
    # The decision on one or two pages, then its annex (the list) on a page of its own.
    assert 2 <= len(pages) <= 3
    assert "DANH SÁCH THÀNH VIÊN" in pages[-1]
    pages = pages[:-1]
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
    # The signature block is not left alone on a page of its own: the closing paragraph
    # goes with it.
    assert "chịu trách nhiệm thi hành Quyết định này" in " ".join(pages[-1].split())


@pytest.mark.django_db
def test_the_annex_is_a_table_with_every_member_and_unit_nothing_cut(
    soffice: str, tmp_path: Path
) -> None:
    """The demo's full team: the decision on its pages, then the annex on a page of its
    own with the ruled table (its header on every page), every member and every unit
    each supports, none of its words cut at the right edge."""
    from phongdich.org import demo as org_demo
    from phongdich.support import demo
    from phongdich.support.selectors.team import coverage

    org_demo.load()
    demo.load()
    document = decision_document(user=None, signer_name="Vũ Thị Hương")
    source = tmp_path / "qd-annex.docx"
    source.write_bytes(render_docx(document))
    pdf = to_pdf(soffice, source)
    pages = pdf_pages_text(pdf)
    annex_start = next(i for i, p in enumerate(pages) if "DANH SÁCH THÀNH VIÊN" in p)
    assert "Nơi nhận:" in pages[annex_start - 1]  # the annex starts on a new page
    assert "Nơi nhận:" not in "".join(pages[annex_start:])
    annex = "\n".join(pages[annex_start:])
    flat = " ".join(annex.split())
    assert "(Kèm theo Quyết định số" in flat
    for header in ("STT", "Họ và tên", "Chức vụ/đơn vị", "Nhiệm vụ/chuyên môn"):
        assert header in flat
    assert "Đơn vị phụ trách (chính / dự phòng)" in flat
    for page in pages[annex_start:]:
        assert "Họ và tên" in page  # the header row repeats
    members = list(TeamMember.objects.filter(is_active=True).select_related("staff"))
    assert len(members) >= 4
    for member in members:
        assert " ".join(member.staff.full_name.split()) in flat, member.staff.full_name
    covered = [row for row in coverage(user=None) if row.assignment and row.inherited_from is None]
    for row in covered:
        assert " ".join(unit_label(row.unit).split()) in flat, row.unit.name
    assert f"gồm {len(members):02d} thành viên" in " ".join("\n".join(pages).split())
    assert len(pages) <= annex_start + 2
