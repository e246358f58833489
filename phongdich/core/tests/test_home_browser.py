"""The home of a staff member, a unit head and a guard in Chromium, at desktop
(1280×800) and phone (360×740) size: nothing scrolls sideways, the blocks read, the menu
opens without JavaScript and marks the current page.

Screenshots go to ``$SCREENSHOT_DIR`` when it is set (else the test's temporary
directory): ``SCREENSHOT_DIR=docs/screenshots pytest phongdich/core/tests/test_home_browser.py``.
"""

from __future__ import annotations

import os
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from django.contrib.auth import get_user_model

from phongdich.core.tests.base import make_cast
from phongdich.core.tests.browser import log_in
from phongdich.core.tests.homes import make_home_data
from phongdich.org.models import Staff

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Real names for the three homes (family first; the form of address of the greeting).
NAMES = {
    "staff": ("Trịnh Minh Khôi", "anh", "Xin chào, anh Khôi"),
    "head_a": ("Vũ Thị Hương", "chị", "Xin chào, chị Hương"),
    "guard": ("Hoàng Văn Dũng", "", "Xin chào, Dũng"),
}
# What each home must show: (block heading, a row or an empty state).
SHOWS = {
    "staff": [
        ("Nhiệm vụ của đơn vị", "Rà soát trang thiết bị CNTT"),
        ("Lượt check-in của tôi", "Cổng chính Sở"),
    ],
    "head_a": [
        ("Tình hình thực hiện nhiệm vụ", "Quá hạn chưa hoàn thành"),
        ("Sẵn sàng làm việc từ xa", "Tỷ lệ sẵn sàng"),
    ],
    "guard": [("Cổng tôi trực", "Cổng chính Sở")],
}


@pytest.fixture
def cast(page: Any) -> SimpleNamespace:
    ns = SimpleNamespace()
    make_cast(ns)
    make_home_data(ns)
    for username, (full_name, title, _) in NAMES.items():
        Staff.objects.filter(user__username=username).update(
            full_name=full_name, form_of_address=title
        )
        family, _, given = full_name.rpartition(" ")
        get_user_model().objects.filter(username=username).update(
            first_name=given, last_name=family
        )
    return ns


def shots(tmp_path: Path) -> Path:
    folder = Path(os.environ.get("SCREENSHOT_DIR") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def no_sideways_scroll(page: Any) -> bool:
    return bool(
        page.evaluate(
            "document.documentElement.scrollWidth <= document.documentElement.clientWidth"
        )
    )


def check_home(page: Any, base_url: str, username: str) -> None:
    log_in(page, base_url, username)
    assert page.url == f"{base_url}/"
    assert page.locator("h1").inner_text() == NAMES[username][2]
    assert NAMES[username][0] in page.locator(".topbar .who").inner_text()
    for heading, text in SHOWS[username]:
        block = page.locator("article.home-block", has=page.get_by_role("heading", name=heading))
        assert block.count() == 1, heading
        assert text in block.inner_text(), (heading, block.inner_text())
    assert no_sideways_scroll(page), username


@pytest.mark.parametrize("username", NAMES)
def test_the_home_at_desktop_size(
    username: str, cast: SimpleNamespace, live_server: Any, page: Any, tmp_path: Path
) -> None:
    page.set_viewport_size({"width": 1280, "height": 800})
    check_home(page, live_server.url, username)
    page.screenshot(path=str(shots(tmp_path) / f"home-{username}-desktop.png"), full_page=True)
    # The menu bar: the home link is the current page; a module menu opens on a click.
    home = page.locator(".menu-bar a.menu-home")
    assert home.get_attribute("aria-current") == "page"
    group = page.locator(".menu-bar details.menu-group").first
    group.locator("summary").click()
    assert group.locator("a").first.is_visible()
    page.screenshot(path=str(shots(tmp_path) / f"menu-{username}-desktop.png"))


@pytest.mark.parametrize("username", NAMES)
def test_the_home_at_phone_size(
    username: str, cast: SimpleNamespace, live_server: Any, phone_page: Any, tmp_path: Path
) -> None:
    check_home(phone_page, live_server.url, username)
    phone_page.screenshot(path=str(shots(tmp_path) / f"home-{username}-phone.png"), full_page=True)
    menu = phone_page.locator("details.menu-phone")
    assert not menu.locator("a").first.is_visible()
    menu.locator("summary").click()
    assert menu.locator("a").first.is_visible()
    assert no_sideways_scroll(phone_page)


def test_the_menu_opens_without_javascript(
    cast: SimpleNamespace, live_server: Any, browser: Any, tmp_path: Path
) -> None:
    context = browser.new_context(
        locale="vi-VN",
        timezone_id="Asia/Ho_Chi_Minh",
        viewport={"width": 360, "height": 740},
        java_script_enabled=False,
    )
    page = context.new_page()
    try:
        # The log-in form is a plain form: it works without JavaScript too.
        log_in(page, live_server.url, "staff")
        page.goto(f"{live_server.url}/to-chuc/don-vi/")
        menu = page.locator("details.menu-phone")
        menu.locator("summary").click()
        link = menu.get_by_role("link", name="Cơ cấu tổ chức")
        assert link.is_visible()
        assert link.get_attribute("aria-current") == "page"
        page.screenshot(path=str(shots(tmp_path) / "menu-staff-phone-nojs.png"))
        link.click()
        assert page.url == f"{live_server.url}/to-chuc/don-vi/"
    finally:
        context.close()
