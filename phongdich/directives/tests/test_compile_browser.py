"""In Chromium, the end of the directive's life: the seed letter is issued, the head of
the vocational training division reports on item 4, the Office accepts the report,
compiles the báo cáo and downloads it as .docx."""

from __future__ import annotations

import io
from dataclasses import replace
from datetime import timedelta
from types import SimpleNamespace
from typing import Any

import pytest
from docx import Document as Docx

from phongdich.core.tests.base import make_cast
from phongdich.core.tests.browser import log_in
from phongdich.directives.inputs import DirectiveHeader
from phongdich.directives.models import Directive, Report, Task
from phongdich.directives.selectors.status import today_local
from phongdich.directives.services import directives as services
from phongdich.directives.tests.helpers import SEED_TEXT, make_unions

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def cast(page: Any) -> SimpleNamespace:
    ns = SimpleNamespace()
    make_cast(ns)
    make_unions(ns)
    today = today_local()
    directive = services.directive_import(text=SEED_TEXT, created_by=ns.office)
    services.directive_update(
        directive=directive,
        header=replace(
            DirectiveHeader.of(directive),
            number=2987,
            symbol="SLĐTBXH-VP",
            issued_on=today - timedelta(days=5),
        ),
    )
    Task.objects.filter(directive=directive).update(deadline=today + timedelta(days=20))
    ns.directive = services.directive_issue(directive=directive, by=ns.office)
    return ns


def test_a_unit_reports_and_the_office_compiles_and_downloads_the_report(
    page: Any, live_server: Any, cast: SimpleNamespace
) -> None:
    assert cast.directive.state == Directive.State.ISSUED
    today = today_local().strftime("%d/%m/%Y")

    # The head of the vocational training division reports on item 4.
    log_in(page, live_server.url, "head_a")
    with page.expect_navigation():
        page.get_by_role("link", name="Báo cáo của đơn vị").first.click()
    with page.expect_navigation():
        page.get_by_role("link", name="Nhiệm vụ 4").click()
    page.get_by_role("radio", name="Đã hoàn thành").check()
    page.get_by_label("Ngày hoàn thành").fill(today)
    page.get_by_label("Kết quả thực hiện").fill(
        "Đã hướng dẫn 12 cơ sở giáo dục nghề nghiệp tổ chức đào tạo trực tuyến."
    )
    with page.expect_navigation():
        page.get_by_role("button", name="Gửi báo cáo").click()
    assert Report.objects.get().state == Report.State.SUBMITTED

    # The Office accepts it, then compiles the báo cáo and downloads it.
    page.context.clear_cookies()
    log_in(page, live_server.url, "office")
    page.goto(f"{live_server.url}/chi-dao/theo-doi/?view=rows")
    with page.expect_navigation():
        page.get_by_role("link", name="Đã gửi").click()
    with page.expect_navigation():
        page.get_by_role("button", name="Tiếp nhận báo cáo").click()
    assert Report.objects.get().state == Report.State.ACCEPTED

    page.goto(f"{live_server.url}/chi-dao/{cast.directive.pk}/")
    with page.expect_navigation():
        page.get_by_role("link", name="Theo dõi, đôn đốc, báo cáo tổng hợp").click()
    page.get_by_label("Từ ngày").fill((today_local() - timedelta(days=5)).strftime("%d/%m/%Y"))
    page.get_by_label("Đến ngày").fill(today)
    page.get_by_label("Số văn bản").last.fill("125")
    with page.expect_navigation():
        page.get_by_role("button", name="Lập báo cáo tổng hợp").click()

    # Every section is a text area; "Khôi phục số liệu" redrafts one from the figures.
    item4 = page.locator("#phan-6")  # mở đầu, I., then II.1 … II.4
    assert "4. Giao Phòng Giáo dục nghề nghiệp" in item4.locator("label").inner_text()
    assert "đã hướng dẫn 12 cơ sở giáo dục nghề nghiệp" in item4.locator("textarea").input_value()
    item4.locator("textarea").fill("Nội dung do Văn phòng viết lại.")
    with page.expect_navigation():
        page.get_by_role("button", name="Lưu", exact=True).click()
    item4 = page.locator("#phan-6")
    assert item4.locator("textarea").input_value() == "Nội dung do Văn phòng viết lại."
    with page.expect_navigation():
        item4.get_by_role("button", name="Khôi phục số liệu").click()
    restored = page.locator("#phan-6 textarea").input_value()
    assert "đã hướng dẫn 12 cơ sở giáo dục nghề nghiệp" in restored
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Tải .docx").click()
    data = download_info.value.path().read_bytes()

    document = Docx(io.BytesIO(data))
    paragraphs = [p.text for p in document.paragraphs]
    assert "BÁO CÁO" in paragraphs
    header = " ".join(c.text for t in document.tables for row in t.rows for c in row.cells)
    assert "Số: 125/BC-SLĐTBXH" in header
    body = "\n".join(paragraphs) + header
    assert "2987/SLĐTBXH-VP" in body
    assert "đã hướng dẫn 12 cơ sở giáo dục nghề nghiệp" in body
