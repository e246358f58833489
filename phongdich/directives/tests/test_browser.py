"""In Chromium: the Office imports the seed letter by upload, confirms the suggested
lead units, types the number and date, saves the draft and issues it."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

import pytest

from phongdich.core.tests.base import make_cast
from phongdich.core.tests.browser import log_in
from phongdich.directives.models import Directive
from phongdich.directives.tests.helpers import SEED, make_unions

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def cast(page: Any) -> SimpleNamespace:
    ns = SimpleNamespace()
    make_cast(ns)
    make_unions(ns)
    return ns


def selected_text(page: Any, selector: str) -> str:
    return page.locator(f"{selector} option:checked").inner_text().strip()


def test_the_office_imports_the_seed_letter_and_issues_it(
    page: Any, live_server: Any, cast: SimpleNamespace
) -> None:
    csp_errors: list[str] = []
    page.on(
        "console",
        lambda msg: csp_errors.append(msg.text) if "Content Security Policy" in msg.text else None,
    )
    log_in(page, live_server.url, "office")
    page.get_by_role("link", name="Văn bản chỉ đạo").first.click()
    with page.expect_navigation():
        page.get_by_role("link", name="Nhập văn bản mới").click()
    page.get_by_label("Tệp văn bản (.txt hoặc .docx)").set_input_files(str(SEED))
    with page.expect_navigation():
        page.get_by_role("button", name="Đọc văn bản").click()

    assert page.get_by_role("heading", name="Kiểm tra văn bản trước khi lưu").is_visible()
    assert "Văn bản không có số" in page.locator(".errors").first.inner_text()
    assert page.locator("fieldset.task").count() == 13
    # Suggested lead units: item 4 → the vocational training division, 7 → the union,
    # 8 and its sub-items → the Office; items 1, 2, 3, 5, 6 → all units.
    assert selected_text(page, "#id_tasks-3-lead_unit") == "Phòng Giáo dục nghề nghiệp"
    assert selected_text(page, "#id_tasks-6-lead_unit") == "Công đoàn Sở"
    assert selected_text(page, "#id_tasks-8-lead_unit") == "Văn phòng Sở"
    assert page.locator("#id_tasks-0-all_units").is_checked()

    page.get_by_label("Số văn bản").fill("2987")
    page.get_by_label("Ký hiệu", exact=True).fill("SLĐTBXH-VP")
    page.get_by_label("Ngày văn bản").fill("31/08/2021")
    page.get_by_label("Thời hạn chung").fill("30/09/2021")
    page.locator("#id_tasks-3-deadline").fill("20/09/2021")
    with page.expect_navigation():
        page.get_by_role("button", name="Lưu dự thảo").click()
    assert "Đã lưu dự thảo với 13 nhiệm vụ" in page.locator(".messages").inner_text()
    assert page.get_by_role("heading", name="Văn bản số 2987/SLĐTBXH-VP").is_visible()

    with page.expect_navigation():
        page.get_by_role("link", name="Ban hành").click()
    with page.expect_navigation():
        page.get_by_role("button", name="Ban hành").click()
    assert "Đã ban hành văn bản" in page.locator(".messages").inner_text()
    directive = Directive.objects.get(number=2987)
    assert directive.state == Directive.State.ISSUED
    assert directive.tasks.get(number="4").deadline.isoformat() == "2021-09-20"
    assert directive.tasks.get(number="4").assignments.get().unit == cast.unit_a
    assert csp_errors == []
