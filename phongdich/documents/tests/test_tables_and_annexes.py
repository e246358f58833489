"""Generic tables (rows that split, repeated header, merged unit cells, group and total
rows, portrait or landscape by width) and annexes after the signature, in .docx and PDF."""

from __future__ import annotations

import datetime as dt

import pypdfium2 as pdfium
import pytest
from docx.oxml.ns import qn

from phongdich.documents import (
    Align,
    Annex,
    Column,
    DocumentError,
    Header,
    RowKind,
    Table,
    TableRow,
    annex_note,
    render_pdf,
)
from phongdich.documents import layout as L
from phongdich.documents.samples import sample_annex_letter
from phongdich.documents.tests.helpers import open_docx


def annex_table(doc: object) -> object:
    return next(t for t in doc.tables if t.rows[0].cells[0].text == "STT")  # type: ignore[attr-defined]


def test_the_annex_note_names_the_document_it_is_attached_to() -> None:
    header = Header(number=5, symbol="SLĐTBXH-VP", date=dt.date(2021, 10, 3))
    assert annex_note("Công văn", header, "Sở Lao động - Thương binh và Xã hội") == (
        "(Kèm theo Công văn số 05/SLĐTBXH-VP ngày 03 tháng 10 năm 2021 "
        "của Sở Lao động - Thương binh và Xã hội)"
    )
    draft = Header(symbol="BC-SLĐTBXH", date=dt.date(2021, 2, 5))
    assert "Báo cáo số      /BC-SLĐTBXH ngày 05 tháng 02 năm 2021" in annex_note(
        "Báo cáo", draft, "Sở"
    )


def test_a_row_with_the_wrong_number_of_cells_is_refused() -> None:
    with pytest.raises(DocumentError) as caught:
        Table(columns=(Column("STT", 10), Column("Đơn vị", 40)), rows=(TableRow(("1",)),))
    assert "Bảng, dòng 1: có 1 ô, bảng có 2 cột." in caught.value.messages
    with pytest.raises(DocumentError):
        TableRow(("a", "b"), RowKind.GROUP)
    with pytest.raises(DocumentError):
        Column("Đơn vị", 0)


def test_a_table_goes_landscape_only_when_its_columns_do_not_fit() -> None:
    narrow = Table(columns=(Column("A", 100), Column("B", 60)), rows=(TableRow(("1", "2")),))
    wide = Table(columns=(Column("A", 100), Column("B", 90)), rows=(TableRow(("1", "2")),))
    assert not L.table_landscape(narrow)
    assert sum(L.table_widths(narrow)) == pytest.approx(L.TEXT_WIDTH)
    assert L.table_landscape(wide)
    assert sum(L.table_widths(wide)) == pytest.approx(L.LANDSCAPE_TEXT_WIDTH)


def test_the_annex_follows_the_signature_on_a_new_page_with_its_title_and_note() -> None:
    doc = open_docx(sample_annex_letter(rows=3))
    texts = [p.text for p in doc.paragraphs]
    title = texts.index("DANH SÁCH CÁC ĐƠN VỊ CHẬM THỰC HIỆN NHIỆM VỤ")
    assert texts[title + 1].startswith("(Kèm theo Công văn số 3012/SLĐTBXH-VP ngày 03 tháng 10")
    assert len(doc.sections) == 2  # the annex starts a section: a new page
    assert doc.sections[1].page_width < doc.sections[1].page_height  # it fits in portrait


def test_the_annex_table_repeats_its_header_lets_rows_split_and_merges_the_unit() -> None:
    doc = open_docx(sample_annex_letter(rows=4))
    table = annex_table(doc)
    rows = table._tbl.findall(qn("w:tr"))
    assert rows[0].find(f"{qn('w:trPr')}/{qn('w:tblHeader')}") is not None
    assert not table._tbl.findall(f".//{qn('w:cantSplit')}")
    # group row, then units: rows 1 and 4 are "Phòng Người có công" followed by a merged cell
    assert table.rows[1].cells[0].text == "Các đơn vị quá hạn"
    merges = [tc.find(f"{qn('w:tcPr')}/{qn('w:vMerge')}") for tc in rows[3].findall(qn("w:tc"))]
    assert merges[1] is not None and merges[1].get(qn("w:val")) is None
    assert [c.text for c in table.rows[-1].cells][1:3] == ["Tổng cộng", "4 nhiệm vụ"]


def test_a_wide_annex_gets_a_landscape_section() -> None:
    doc = open_docx(sample_annex_letter(rows=2, landscape=True))
    assert doc.sections[-1].page_width > doc.sections[-1].page_height


def test_the_pdf_prints_the_annex_on_its_own_page_with_the_header_repeated() -> None:
    pdf = pdfium.PdfDocument(render_pdf(sample_annex_letter(rows=40)))
    pages = [page.get_textpage().get_text_range() for page in pdf]
    assert "DANH SÁCH" not in pages[0]
    assert "DANH SÁCH CÁC ĐƠN VỊ CHẬM THỰC HIỆN NHIỆM VỤ" in pages[1]
    assert len(pages) >= 3
    assert "Đơn vị" in pages[2] and "Tổng cộng" in pages[-1]


def test_an_annex_needs_a_body() -> None:
    with pytest.raises(DocumentError):
        Annex(title="Phụ lục", body=())
    table = Table(columns=(Column("STT", 10, Align.CENTER),), rows=(TableRow(("1",)),))
    assert Annex(title="Phụ lục", body=(table,)).title == "PHỤ LỤC"
