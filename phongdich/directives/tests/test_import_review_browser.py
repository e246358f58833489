"""In Chromium at 1280×800 and 360×740: the import review of the seed letter fits on
about two screens at desktop size, units are picked from a checkbox list filtered by
typing (accents optional), the chosen ones show as chips, and the draft saves them. No
Ctrl multi-select; no CSP error."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

import pytest

from phongdich.core.tests.base import make_cast
from phongdich.core.tests.browser import log_in
from phongdich.directives.models import Directive
from phongdich.directives.tests.helpers import SEED, make_unions

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DESKTOP = {"width": 1280, "height": 800}
SCREENS = 2.1  # "about two screens": 1680 px at 800 px a screen


@pytest.fixture
def cast(page: Any) -> SimpleNamespace:
    ns = SimpleNamespace()
    make_cast(ns)
    make_unions(ns)
    return ns


def open_review(page: Any, base_url: str) -> list[str]:
    csp_errors: list[str] = []
    page.on(
        "console",
        lambda msg: csp_errors.append(msg.text) if "Content Security Policy" in msg.text else None,
    )
    log_in(page, base_url, "office")
    page.goto(f"{base_url}/chi-dao/nhap/")
    page.get_by_label("Tệp văn bản (.txt hoặc .docx)").set_input_files(str(SEED))
    with page.expect_navigation():
        page.get_by_role("button", name="Đọc văn bản").click()
    assert page.get_by_role("heading", name="Kiểm tra văn bản trước khi lưu").is_visible()
    return csp_errors


def pick_union(page: Any, task: int) -> None:
    """Open task ``task``'s supporting-unit list, filter by "cong doan", tick the union."""
    picker = page.locator(f"#task-{task} .unit-picker")
    picker.locator("summary").click()
    picker.locator("[data-unit-filter]").fill("cong doan")
    visible = picker.locator(".unit-option:visible")
    assert visible.count() == 1
    assert visible.inner_text().strip() == "Công đoàn Sở"
    visible.locator("input").check()
    assert picker.locator(".chip").all_inner_texts() == ["Công đoàn Sở"]
    picker.locator("[data-unit-filter]").fill("")
    assert picker.locator(".unit-option:visible").count() > 5


def test_the_review_fits_two_screens_and_units_are_picked_by_filter(
    page: Any, live_server: Any, cast: SimpleNamespace
) -> None:
    page.set_viewport_size(DESKTOP)
    csp_errors = open_review(page, live_server.url)
    assert page.locator("fieldset.task").count() == 13
    assert page.locator("select[multiple]").count() == 0
    height = page.evaluate("document.documentElement.scrollHeight")
    assert height <= DESKTOP["height"] * SCREENS, height
    menu = page.locator(".menu-bar")  # the Office's whole menu on one line at 1280 px
    assert menu.evaluate("e => e.getBoundingClientRect().height") < 60
    assert page.evaluate("document.documentElement.scrollWidth") <= DESKTOP["width"]

    pick_union(page, 2)  # item 3
    page.get_by_label("Số văn bản").fill("2987")
    page.get_by_label("Ký hiệu", exact=True).fill("SLĐTBXH-VP")
    page.get_by_label("Ngày văn bản").fill("31/08/2021")
    page.get_by_label("Thời hạn chung").fill("30/09/2021")
    with page.expect_navigation():
        page.get_by_role("button", name="Lưu dự thảo").click()
    assert "Đã lưu dự thảo với 13 nhiệm vụ" in page.locator(".messages").inner_text()
    task = Directive.objects.get(number=2987).tasks.get(number="3")
    assert list(task.supporting_units.all()) == [cast.union_cd]
    assert csp_errors == []


def test_on_a_phone_the_units_are_picked_the_same_way(
    phone_page: Any, live_server: Any, cast: SimpleNamespace
) -> None:
    csp_errors = open_review(phone_page, live_server.url)
    assert phone_page.evaluate("document.documentElement.scrollWidth") <= 360
    pick_union(phone_page, 3)  # item 4
    with phone_page.expect_navigation():
        phone_page.get_by_role("button", name="Lưu dự thảo").click()
    # Saved as a draft without a number (the header is optional until it is issued).
    assert "Đã lưu dự thảo với 13 nhiệm vụ" in phone_page.locator(".messages").inner_text()
    task = Directive.objects.get().tasks.get(number="4")
    assert list(task.supporting_units.all()) == [cast.union_cd]
    assert csp_errors == []


def test_without_javascript_the_units_are_plain_checkboxes(
    browser: Any, live_server: Any, cast: SimpleNamespace
) -> None:
    context = browser.new_context(java_script_enabled=False, locale="vi-VN")
    page = context.new_page()
    try:
        open_review(page, live_server.url)
        picker = page.locator("#task-2 .unit-picker")
        assert picker.locator("[data-unit-filter]").is_hidden()
        picker.locator("summary").click()
        picker.get_by_label("Công đoàn Sở").check()
        page.get_by_label("Số văn bản").fill("2987")
        with page.expect_navigation():
            page.get_by_role("button", name="Lưu dự thảo").click()
        task = Directive.objects.get(number=2987).tasks.get(number="3")
        assert list(task.supporting_units.all()) == [cast.union_cd]
    finally:
        context.close()
