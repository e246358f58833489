"""The .docx: page, header table, title, body, results table, recipients, signature."""

from __future__ import annotations

from typing import Any

import pytest
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Cm, Mm, Pt

from phongdich.documents import RESULT_COLUMNS
from phongdich.documents.samples import sample_report, sample_urging_letter
from phongdich.documents.tests.helpers import (
    border_values,
    fonts_of,
    open_docx,
    paragraph_texts,
    paragraph_with,
)

TNR = "Times New Roman"


@pytest.fixture(scope="module")
def report() -> Any:
    return open_docx(sample_report())


@pytest.fixture(scope="module")
def letter() -> Any:
    return open_docx(sample_urging_letter())


def header_cells(doc: Any) -> tuple[Any, Any, Any, Any]:
    table = doc.tables[0]
    return table.cell(0, 0), table.cell(0, 1), table.cell(1, 0), table.cell(1, 1)


def runs_with_text(paragraph: Any) -> list[Any]:
    return [r for r in paragraph.runs if r.text]


def test_the_page_is_a4_portrait(report: Any) -> None:
    section = report.sections[0]
    assert section.orientation == WD_ORIENT.PORTRAIT
    assert abs(section.page_width - Mm(210)) < Mm(0.5)
    assert abs(section.page_height - Mm(297)) < Mm(0.5)


def test_the_margins_are_within_decree_30_ranges(report: Any) -> None:
    for section in report.sections:
        assert Mm(20) <= section.top_margin <= Mm(25)
        assert Mm(20) <= section.bottom_margin <= Mm(25)
        assert Mm(30) <= section.left_margin <= Mm(35)
        assert Mm(15) <= section.right_margin <= Mm(20)


def test_the_header_is_a_borderless_two_column_table(report: Any) -> None:
    table = report.tables[0]
    assert len(table.columns) == 2
    values = border_values(table)
    assert set(values) == {"top", "left", "bottom", "right", "insideH", "insideV"}
    assert set(values.values()) == {"nil"}
    for row in table.rows:
        for cell in row.cells:
            assert cell._tc.tcPr.find(qn("w:tcBorders")) is None


def test_the_left_header_shows_parent_and_issuing_body_in_capitals(report: Any) -> None:
    left, _, _, _ = header_cells(report)
    parent, issuer = left.paragraphs[0], left.paragraphs[1]
    assert parent.text == "UBND TỈNH THANH HÓA"
    assert all(r.font.bold is not True and r.font.size == Pt(13) for r in runs_with_text(parent))
    assert issuer.text == "SỞ LAO ĐỘNG - THƯƠNG BINH\nVÀ XÃ HỘI"
    assert all(r.font.bold is True and r.font.size == Pt(13) for r in runs_with_text(issuer))
    assert parent.alignment == issuer.alignment == WD_ALIGN_PARAGRAPH.CENTER


def test_a_short_centred_line_sits_under_the_issuing_body(report: Any) -> None:
    left, _, _, _ = header_cells(report)
    rule = left.paragraphs[2]
    assert rule.text == ""
    bottom = rule._p.pPr.find(f"{qn('w:pBdr')}/{qn('w:bottom')}")
    assert bottom is not None and bottom.get(qn("w:val")) == "single"
    box = Mm(76 - 2)
    fmt = rule.paragraph_format
    assert fmt.left_indent == fmt.right_indent  # centred
    line = box - fmt.left_indent - fmt.right_indent
    widest = Mm(69.5)  # "SỞ LAO ĐỘNG - THƯƠNG BINH" in bold 13 pt
    assert widest / 3 <= line <= widest / 2


def test_the_right_header_shows_the_national_name_and_motto(report: Any) -> None:
    _, right, _, _ = header_cells(report)
    nation, motto, rule = right.paragraphs[:3]
    assert nation.text == "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
    assert all(r.font.bold and Pt(12) <= r.font.size <= Pt(13) for r in runs_with_text(nation))
    assert motto.text == "Độc lập - Tự do - Hạnh phúc"
    assert all(r.font.bold and Pt(13) <= r.font.size <= Pt(14) for r in runs_with_text(motto))
    assert rule._p.pPr.find(f"{qn('w:pBdr')}/{qn('w:bottom')}") is not None
    line = Mm(94 - 2) - rule.paragraph_format.left_indent - rule.paragraph_format.right_indent
    motto_width = Mm(60.5 * 13 / 14)  # bold 13 pt; 60.5 mm at 14 pt
    assert abs(line - motto_width) < Mm(1)


@pytest.mark.parametrize(
    ("number", "expected"), [(5, "Số: 05/BC-SLĐTBXH"), (125, "Số: 125/BC-SLĐTBXH")]
)
def test_the_number_line_is_size_13_under_the_bodies(number: int, expected: str) -> None:
    doc = open_docx(sample_report(number=number))
    _, _, number_cell, _ = header_cells(doc)
    paragraph = number_cell.paragraphs[0]
    assert paragraph.text == expected
    assert all(r.font.size == Pt(13) for r in runs_with_text(paragraph))


def test_a_draft_leaves_the_number_blank() -> None:
    doc = open_docx(sample_report(number=None))
    _, _, number_cell, _ = header_cells(doc)
    assert number_cell.paragraphs[0].text == "Số:      /BC-SLĐTBXH"


def test_the_date_line_is_exact_and_italic(report: Any) -> None:
    _, _, _, date_cell = header_cells(report)
    paragraph = date_cell.paragraphs[0]
    assert paragraph.text == "Thanh Hóa, ngày 05 tháng 02 năm 2021"
    assert all(r.font.italic and Pt(13) <= r.font.size <= Pt(14) for r in runs_with_text(paragraph))


def test_a_cong_van_shows_its_subject_under_the_number(letter: Any) -> None:
    _, _, number_cell, date_cell = header_cells(letter)
    assert number_cell.paragraphs[0].text == "Số: 2987/SLĐTBXH-VP"
    vv = number_cell.paragraphs[1]
    assert vv.text.replace("\n", " ") == (
        "V/v đôn đốc báo cáo kết quả ứng dụng CNTT trong phòng, chống dịch COVID-19"
    )
    assert all(Pt(12) <= r.font.size <= Pt(13) for r in runs_with_text(vv))
    assert date_cell.paragraphs[0].text == "Thanh Hóa, ngày 31 tháng 8 năm 2021"


def test_a_cong_van_has_no_title_and_lists_kinh_gui(letter: Any) -> None:
    texts = paragraph_texts(letter)
    assert "BÁO CÁO" not in texts and "THÔNG BÁO" not in texts
    assert "Kính gửi:" in texts
    assert "- Trưởng các phòng nghiệp vụ thuộc Sở;" in texts
    assert "- Thủ trưởng các đơn vị trực thuộc Sở." in texts


def test_the_title_is_bold_centred_with_its_subject_and_a_short_line(report: Any) -> None:
    title = paragraph_with(report, "BÁO CÁO")
    assert title.alignment == WD_ALIGN_PARAGRAPH.CENTER
    assert all(r.font.bold and Pt(13) <= r.font.size <= Pt(14) for r in runs_with_text(title))
    paragraphs = report.paragraphs
    index = next(i for i, p in enumerate(paragraphs) if p.text == "BÁO CÁO")
    subject, rule = paragraphs[index + 1], paragraphs[index + 2]
    assert subject.text.startswith("Kết quả thực hiện Công văn số 2987/SLĐTBXH-VP")
    assert subject.alignment == WD_ALIGN_PARAGRAPH.CENTER
    assert all(r.font.bold and r.font.size == Pt(14) for r in runs_with_text(subject))
    assert rule._p.pPr.find(f"{qn('w:pBdr')}/{qn('w:bottom')}") is not None


def test_body_paragraphs_are_indented_spaced_and_size_14(report: Any) -> None:
    body = [p for p in report.paragraphs if p.text.startswith(("Thực hiện", "Tổng số"))]
    assert len(body) == 2
    for paragraph in body:
        fmt = paragraph.paragraph_format
        assert Cm(1) <= fmt.first_line_indent <= Cm(1.27) + 1
        assert (fmt.space_before or 0) + (fmt.space_after or 0) >= Pt(6)
        assert 1.0 <= fmt.line_spacing <= 1.5
        assert paragraph.alignment == WD_ALIGN_PARAGRAPH.JUSTIFY
        assert all(r.font.size == Pt(14) for r in runs_with_text(paragraph))


def test_headings_are_bold(report: Any) -> None:
    paragraph = paragraph_with(report, "I. KẾT QUẢ THỰC HIỆN")
    assert all(r.font.bold for r in runs_with_text(paragraph))


def test_the_last_paragraph_ends_with_the_closing_mark(report: Any) -> None:
    closing = [p.text for p in report.paragraphs if p.text.endswith("./.")]
    assert closing == [
        "Sở Lao động - Thương binh và Xã hội kính báo cáo Ủy ban nhân dân tỉnh xem xét, chỉ đạo./."
    ]


def test_every_run_names_times_new_roman_for_all_scripts(report: Any) -> None:
    runs = [r for p in report.paragraphs for r in p.runs]
    for table in report.tables:
        runs += [r for row in table.rows for c in row.cells for p in c.paragraphs for r in p.runs]
    assert len(runs) > 50
    for run in runs:
        assert fonts_of(run) == dict.fromkeys(("ascii", "hAnsi", "eastAsia", "cs"), TNR)


def test_the_default_fonts_carry_no_theme_font(report: Any) -> None:
    r_fonts = report.styles.element.find(
        f"{qn('w:docDefaults')}/{qn('w:rPrDefault')}/{qn('w:rPr')}/{qn('w:rFonts')}"
    )
    assert r_fonts.get(qn("w:eastAsia")) == TNR
    assert r_fonts.get(qn("w:asciiTheme")) is None
    normal = report.styles["Normal"].element.rPr.find(qn("w:rFonts"))
    assert {normal.get(qn(f"w:{s}")) for s in ("ascii", "hAnsi", "eastAsia", "cs")} == {TNR}


def test_the_results_table_has_the_eight_columns_and_a_numbers_row(report: Any) -> None:
    table = report.tables[1]
    header = [c.text for c in table.rows[0].cells]
    assert header == list(RESULT_COLUMNS)
    numbers = [c.text for c in table.rows[1].cells]
    assert numbers == ["(1)", "(2)", "(3)", "(4)", "(5)", "(6)", "(7)", "(8)"]
    assert all(r.font.bold for c in table.rows[0].cells for r in runs_with_text(c.paragraphs[0]))
    assert all(r.font.italic for c in table.rows[1].cells for r in runs_with_text(c.paragraphs[0]))
    assert set(border_values(table).values()) == {"single"}
    first = [c.text for c in table.rows[2].cells]
    assert first[0] == "1" and first[4] == "10/9/2021" and first[6] == "Đã hoàn thành đúng hạn"
    assert table.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None


def test_a_landscape_table_gets_a_landscape_section_of_its_own() -> None:
    doc = open_docx(sample_report(landscape=True))
    orientations = [s.orientation for s in doc.sections]
    assert orientations == [WD_ORIENT.PORTRAIT, WD_ORIENT.LANDSCAPE, WD_ORIENT.PORTRAIT]
    landscape = doc.sections[1]
    assert landscape.page_width > landscape.page_height
    # later sections show the page number on their first page too
    assert [s.different_first_page_header_footer for s in doc.sections] == [True, False, False]
    assert all(s.header.is_linked_to_previous for s in doc.sections[1:])


def test_noi_nhan_is_bold_italic_12_with_items_of_size_11(report: Any) -> None:
    left = report.tables[-1].cell(0, 0)
    label = left.paragraphs[0]
    assert label.text == "Nơi nhận:"
    assert all(r.font.bold and r.font.italic and r.font.size == Pt(12) for r in label.runs)
    items = left.paragraphs[1:]
    assert [p.text for p in items] == [
        "- Như trên;",
        "- Giám đốc Sở (để báo cáo);",
        "- Các phòng, đơn vị thuộc Sở;",
        "- Lưu: VT, VP.",
    ]
    assert all(r.font.size == Pt(11) and not r.font.bold for p in items for r in p.runs)


def test_the_signature_block_is_bold_with_room_for_the_seal(report: Any) -> None:
    table = report.tables[-1]
    assert set(border_values(table).values()) == {"nil"}
    right = table.cell(0, 1)
    assert [p.text for p in right.paragraphs] == ["KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC", "Nguyễn Văn An"]
    for paragraph in right.paragraphs:
        assert paragraph.alignment == WD_ALIGN_PARAGRAPH.CENTER
        assert all(r.font.bold and Pt(13) <= r.font.size <= Pt(14) for r in paragraph.runs)
    assert right.paragraphs[1].paragraph_format.space_after >= Pt(60)


def test_page_numbers_start_on_page_two(report: Any) -> None:
    section = report.sections[0]
    assert section.different_first_page_header_footer is True
    first_xml = section.first_page_header._element.xml
    default = section.header
    default_xml = default._element.xml
    assert "PAGE" not in first_xml and "fldChar" not in first_xml
    assert "fldChar" in default_xml
    instr = [e.text for e in default._element.iter(qn("w:instrText"))]
    assert [t.strip() for t in instr] == ["PAGE"]
    paragraph = default.paragraphs[0]
    assert paragraph.alignment == WD_ALIGN_PARAGRAPH.CENTER
    assert all(Pt(13) <= r.font.size <= Pt(14) for r in paragraph.runs)
    assert section.header_distance < section.top_margin


def test_the_file_properties_name_the_issuing_body_not_the_library(report: Any) -> None:
    props = report.core_properties
    assert props.author == "SỞ LAO ĐỘNG - THƯƠNG BINH VÀ XÃ HỘI"
    assert "python-docx" not in f"{props.author} {props.comments} {props.last_modified_by}"
    assert props.title.startswith("Số: 05/BC-SLĐTBXH - Kết quả thực hiện")


def test_a_thong_bao_don_doc_carries_its_type_name_and_tb_symbol() -> None:
    import datetime as dt

    from phongdich.documents import Document, DocumentKind, Header, Paragraph, Signature

    notice = Document(
        kind=DocumentKind.THONG_BAO,
        header=Header(number=12, symbol="TB-SLĐTBXH", date=dt.date(2021, 9, 6)),
        subject="Đôn đốc báo cáo kết quả thực hiện Công văn số 2987/SLĐTBXH-VP",
        body=(Paragraph.of("Đề nghị các đơn vị báo cáo trước ngày 10/9/2021"),),
        signature=Signature(title="GIÁM ĐỐC", name="Vũ Thị Hương"),
    )
    doc = open_docx(notice)
    assert header_cells(doc)[2].paragraphs[0].text == "Số: 12/TB-SLĐTBXH"
    assert header_cells(doc)[3].paragraphs[0].text == "Thanh Hóa, ngày 06 tháng 9 năm 2021"
    assert paragraph_with(doc, "THÔNG BÁO").alignment == WD_ALIGN_PARAGRAPH.CENTER
    paragraph_with(doc, "Đề nghị các đơn vị báo cáo trước ngày 10/9/2021./.")
