"""The PDF: the same document, text with correct diacritics, page numbers from page 2."""

from __future__ import annotations

import unicodedata
from typing import Any

import pypdfium2 as pdfium
import pytest

from phongdich.documents import RESULT_COLUMNS, render_html, render_pdf
from phongdich.documents.samples import sample_report, sample_urging_letter

PT_PER_MM = 72 / 25.4


def page_text(page: Any) -> str:
    text = page.get_textpage().get_text_range()
    return unicodedata.normalize("NFC", text.replace("\r\n", "\n"))


def top_margin_text(page: Any) -> str:
    """Text printed in the top 20 mm of the page (where the page number goes)."""
    width, height = page.get_size()
    textpage = page.get_textpage()
    return textpage.get_text_bounded(0, height - 20 * PT_PER_MM, width, height).strip()


@pytest.fixture(scope="module")
def report_pdf() -> Any:
    return pdfium.PdfDocument(render_pdf(sample_report(extra_paragraphs=20)))


def flat(text: str) -> str:
    return " ".join(text.split())


def test_the_html_declares_utf8() -> None:
    assert '<meta charset="utf-8">' in render_html(sample_report())


def test_the_page_is_a4(report_pdf: Any) -> None:
    width, height = report_pdf[0].get_size()
    assert abs(width - 210 * PT_PER_MM) < 1 and abs(height - 297 * PT_PER_MM) < 1


def test_the_header_lines_keep_their_diacritics(report_pdf: Any) -> None:
    text = flat(page_text(report_pdf[0]))
    for line in (
        "UBND TỈNH THANH HÓA",
        "SỞ LAO ĐỘNG - THƯƠNG BINH",
        "VÀ XÃ HỘI",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "Số: 05/BC-SLĐTBXH",
        "Thanh Hóa, ngày 05 tháng 02 năm 2021",
        "BÁO CÁO",
        "Kính gửi: Ủy ban nhân dân tỉnh Thanh Hóa.",
    ):
        assert line in text, line


def test_the_results_table_headers_are_printed(report_pdf: Any) -> None:
    text = flat(page_text(report_pdf[0]))
    for name in RESULT_COLUMNS:
        for word in name.split():
            assert word in text, word
    assert "(1) (2) (3) (4) (5) (6) (7) (8)" in text


def test_the_first_page_has_no_page_number(report_pdf: Any) -> None:
    assert top_margin_text(report_pdf[0]) == ""


def test_the_second_page_shows_2_centred_in_the_top_margin(report_pdf: Any) -> None:
    assert len(report_pdf) >= 2
    page = report_pdf[1]
    assert top_margin_text(page) == "2"
    _, height = page.get_size()
    textpage = page.get_textpage()
    boxes = [textpage.get_charbox(i) for i in range(textpage.count_chars())]
    in_margin = [b for b in boxes if b[1] > height - 20 * PT_PER_MM]
    assert len(in_margin) == 1
    left, bottom, right, top = in_margin[0]
    assert abs((left + right) / 2 - (30 + 165 / 2) * PT_PER_MM) < 3 * PT_PER_MM
    assert top < height and bottom > height - 20 * PT_PER_MM


def test_the_signature_and_recipients_are_printed(report_pdf: Any) -> None:
    text = flat(page_text(report_pdf[len(report_pdf) - 1]))
    for line in ("Nơi nhận:", "- Lưu: VT, VP.", "KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC", "Nguyễn Văn An"):
        assert line in text, line
    assert "xem xét, chỉ đạo./." in text


def test_a_cong_van_prints_its_subject_line_and_no_title() -> None:
    pdf = pdfium.PdfDocument(render_pdf(sample_urging_letter()))
    text = flat(page_text(pdf[0]))
    assert "Số: 2987/SLĐTBXH-VP" in text
    assert "V/v đôn đốc báo cáo kết quả" in text
    assert "Thanh Hóa, ngày 31 tháng 8 năm 2021" in text
    assert "BÁO CÁO" not in text
    assert "- Thủ trưởng các đơn vị trực thuộc Sở." in text


def test_a_landscape_table_is_printed_on_a_landscape_page() -> None:
    pdf = pdfium.PdfDocument(render_pdf(sample_report(landscape=True)))
    sizes = [pdf[i].get_size() for i in range(len(pdf))]
    assert sizes[0][0] < sizes[0][1]
    assert sizes[1][0] > sizes[1][1]
    assert "Nhiệm vụ" in page_text(pdf[1])
    assert top_margin_text(pdf[1]) == "2"
