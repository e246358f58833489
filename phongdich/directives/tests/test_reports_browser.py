"""In Chromium: a unit head fills in and submits the report on their task of an issued
directive; the Office accepts it; the dashboard shows it done on time (green, with text)."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

import pytest

from phongdich.core.tests.base import PASSWORD, make_cast
from phongdich.core.tests.browser import log_in as shared_log_in
from phongdich.directives.models import Report
from phongdich.directives.selectors.status import today_local
from phongdich.directives.tests.report_helpers import issue_directive

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def cast(page: Any) -> SimpleNamespace:
    ns = SimpleNamespace()
    make_cast(ns)
    ns.directive = issue_directive(ns)
    return ns


def log_in(page: Any, base_url: str, username: str) -> None:
    page.context.clear_cookies()
    shared_log_in(page, base_url, username, PASSWORD)


def test_a_unit_head_reports_the_office_accepts_the_dashboard_is_green(
    page: Any, live_server: Any, cast: SimpleNamespace
) -> None:
    csp_errors: list[str] = []
    page.on(
        "console",
        lambda msg: csp_errors.append(msg.text) if "Content Security Policy" in msg.text else None,
    )
    log_in(page, live_server.url, "head_a")
    with page.expect_navigation():
        page.get_by_role("link", name="Báo cáo của đơn vị").first.click()
    with page.expect_navigation():
        page.get_by_role("link", name="Nhiệm vụ 1").click()
    assert page.get_by_role("heading", name="Báo cáo nhiệm vụ 1").is_visible()
    page.get_by_label("Số cổng có mã QR").fill("12")
    page.get_by_label("Tỷ lệ cán bộ khai báo").fill("87,5")
    page.get_by_role("radio", name="Có").check()
    page.get_by_role("radio", name="Đã hoàn thành").check()
    page.get_by_label("Ngày hoàn thành").fill(today_local().strftime("%d/%m/%Y"))
    page.get_by_label("Kết quả thực hiện").fill("Đã lắp mã QR tại 12 cổng.")
    page.get_by_label("Khó khăn, vướng mắc").fill("Thiếu máy quét.")
    with page.expect_navigation():
        page.get_by_role("button", name="Gửi báo cáo").click()
    assert "Đã gửi báo cáo tới Văn phòng Sở." in page.locator(".messages").inner_text()
    report = Report.objects.get()
    assert report.state == Report.State.SUBMITTED

    log_in(page, live_server.url, "office")
    page.goto(f"{live_server.url}/chi-dao/theo-doi/?view=rows")
    with page.expect_navigation():
        page.get_by_role("link", name="Đã gửi").click()
    assert "Đã lắp mã QR tại 12 cổng." in page.locator(".report-version").inner_text()
    with page.expect_navigation():
        page.get_by_role("button", name="Tiếp nhận báo cáo").click()
    assert "Đã tiếp nhận báo cáo." in page.locator(".messages").inner_text()

    page.goto(f"{live_server.url}/chi-dao/theo-doi/?status=done_on_time&view=rows")
    row = page.locator("#dashboard tbody tr").first
    assert "Đã hoàn thành đúng hạn" in row.inner_text()
    assert "Phòng Giáo dục nghề nghiệp" in row.inner_text()
    colour = row.locator(".status").evaluate("e => getComputedStyle(e).color")
    assert colour == "rgb(10, 107, 45)"  # green, and the label says it in words
    assert csp_errors == []
