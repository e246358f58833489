"""In Chromium, ``page.pdf()`` of list pages (print media, A4): every page carries the
Department's name, the print date and "Trang N/M" in its margins; no navigation,
filters or buttons are printed; a long table repeats its header on the next page."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

import pypdfium2 as pdfium
import pytest
from django.conf import settings

from phongdich.core.tests.base import make_cast
from phongdich.core.tests.browser import log_in
from phongdich.directives.tests.report_helpers import issue_directive

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Text of the screen's chrome that must not be printed.
CHROME = ("Đăng xuất", "Đổi mật khẩu", "Bỏ qua đến nội dung chính", "Xuất Excel", "In trang")


@pytest.fixture
def cast(page: Any) -> SimpleNamespace:
    ns = SimpleNamespace()
    make_cast(ns)
    for number in range(41, 53):  # 12 directives × 3 rows: more than one A4 page
        issue_directive(ns, number=number)
    return ns


def pdf_pages(page: Any, url: str) -> list[str]:
    page.goto(url)
    data = page.pdf(prefer_css_page_size=True)
    document = pdfium.PdfDocument(data)
    try:
        width, height = document[0].get_size()
        assert (round(width), round(height)) == (595, 842)  # A4 in points
        return [document[i].get_textpage().get_text_range() for i in range(len(document))]
    finally:
        document.close()


def check_page_chrome(texts: list[str]) -> None:
    total = len(texts)
    for number, text in enumerate(texts, 1):
        flat = " ".join(text.split())
        assert settings.ORG_NAME in flat, (number, flat[:200])
        assert "In ngày " in flat
        assert f"Trang {number}/{total}" in flat
        for chrome in CHROME:
            assert chrome not in flat, (chrome, number)


def test_list_pages_print_with_header_page_numbers_and_no_navigation(
    page: Any, live_server: Any, cast: SimpleNamespace
) -> None:
    log_in(page, live_server.url, "office")
    rows = pdf_pages(page, f"{live_server.url}/chi-dao/theo-doi/?view=rows&per=50")
    assert len(rows) >= 2
    check_page_chrome(rows)
    assert "Theo dõi thực hiện nhiệm vụ" in rows[0]
    # The table's header is printed again at the top of the next page.
    for text in rows[:2]:
        assert "Tình trạng" in text and "Đơn vị" in text and "Báo cáo" in text
    assert "Trang sau" not in " ".join(rows)  # the pager is not printed

    groups = pdf_pages(page, f"{live_server.url}/chi-dao/theo-doi/")
    check_page_chrome(groups)
    assert "Tình trạng thực hiện theo văn bản" in groups[0]  # the chart's caption

    index = pdf_pages(page, f"{live_server.url}/chi-dao/")
    check_page_chrome(index)
    assert "Lọc" not in " ".join(index)  # the filter form and its button are not printed
