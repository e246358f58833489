"""Issue 16: the pages that read badly on a cheap phone (360×740), on the demo data, in
a real Chromium. For each: nothing scrolls sideways, the top bar is one line, and the
text that matters (the column the phone used to cut) is inside the viewport's width.
Screenshots go to $SCREENSHOT_DIR (default: the test's temporary directory) as
phone-<name>.png, to look at."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse

from phongdich.core.tests.demo_data import load_demo_after_flush

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WIDTH = 360

# (picture name, demo user, URL, CSS selectors whose first match must be visible and
# inside the viewport's width)
PAGES: list[tuple[str, str, str, tuple[str, ...]]] = [
    (
        "guard",
        "baove",
        reverse("checkin:guard_index"),
        (
            "table.inside td[data-label='Giờ vào']",
            "table.inside td[data-label='Trạng thái']",
            "table.inside td.cell-action button",
        ),
    ),
    (
        "staff",
        "vanphong",
        reverse("org:staff_list"),
        ("td[data-label='Đơn vị']", "td[data-label='Số điện thoại']"),
    ),
    (
        "reports",
        "truongphong.gdnn",
        reverse("directives:report_list"),
        ("td[data-label='Kỳ báo cáo']", "td[data-label='Tình trạng'] .status"),
    ),
    (
        "queue",
        "cntt",
        reverse("support:queue"),
        ("td[data-label='Trạng thái'] > *", "td[data-label='Hạn xử lý']"),
    ),
    (
        "log",
        "vanphong",
        reverse("checkin:log_index"),
        ("td[data-label='Trạng thái']", "td[data-label='Giờ vào']"),
    ),
    (
        "readiness",
        "vanphong",
        reverse("equipment:readiness"),
        (".eq-bars .eq-bar-label", ".eq-bars .eq-bar-value", "td[data-label='Đánh giá']"),
    ),
    (
        "rates",
        "vanphong",
        reverse("adoption:rates"),
        ("table.ad-rates td[data-label='Đã khai báo']", "table.ad-rates td.cell-main"),
    ),
    (
        "gates",
        "vanphong",
        reverse("checkin:gates_index"),
        ("td[data-label='Trạng thái'] .badge", "td[data-label='Áp phích']"),
    ),
    (
        "dashboard",
        "vanphong",
        reverse("directives:dashboard"),
        ("#dashboard-groups td.unit", ".chart .chart-label-short"),
    ),
    (
        "dashboard-rows",
        "vanphong",
        reverse("directives:dashboard") + "?view=rows",
        ("#dashboard td .status", "#dashboard td[data-label='Hạn']"),
    ),
]

# Pages whose filters fold on a phone: closed without a filter (open with one: below).
FOLDED = {"queue", "log", "dashboard", "rates"}


@pytest.fixture
def demo() -> None:
    load_demo_after_flush()


def sign_in(page: Any, base_url: str, username: str) -> None:
    """The test client's force-login, its session cookie handed to the browser."""
    client = Client()
    client.force_login(get_user_model()._default_manager.get(username=username))
    cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
    page.context.clear_cookies()
    page.context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": cookie, "url": base_url}]
    )


def inside(page: Any, selector: str) -> dict[str, float]:
    box = page.locator(selector).first.bounding_box()
    assert box is not None, f"{selector}: not shown"
    assert box["width"] > 0 and box["height"] > 0, f"{selector}: empty"
    assert box["x"] >= 0 and box["x"] + box["width"] <= WIDTH + 0.5, f"{selector}: {box}"
    return box


def test_the_pages_read_on_a_360_px_phone(
    live_server: Any, phone_page: Any, page: Any, demo: None, tmp_path: Path, subtests: Any
) -> None:
    folder = Path(os.environ.get("SCREENSHOT_DIR") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    signed_in = None
    for name, username, url, selectors in PAGES:
        with subtests.test(page=name):
            if username != signed_in:
                sign_in(phone_page, live_server.url, username)
                signed_in = username
            response = phone_page.goto(live_server.url + url)
            assert response is not None and response.status == 200
            phone_page.screenshot(path=str(folder / f"phone-{name}.png"), full_page=True)
            assert phone_page.evaluate("document.documentElement.scrollWidth") <= WIDTH
            # The top bar is one line: under 60 px (it took three, ~115 px).
            bar = phone_page.locator(".topbar").bounding_box()
            assert bar is not None and bar["height"] < 60, bar
            for selector in selectors:
                inside(phone_page, selector)
            if name in FOLDED:
                fold = phone_page.locator("details.filters-fold")
                assert fold.get_attribute("open") is None, f"{name}: filters open unasked"
                assert not phone_page.locator("details.filters-fold form").is_visible()

    # (One test: the demo loads once per test database.)
    the_phone_menu_holds_the_account_links_and_filters_open_when_set(live_server, phone_page)
    desktop_keeps_the_filters_and_the_account_links_in_view(live_server, page)


def the_phone_menu_holds_the_account_links_and_filters_open_when_set(
    live_server: Any, phone_page: Any
) -> None:
    sign_in(phone_page, live_server.url, "cntt")
    phone_page.goto(live_server.url + reverse("support:queue") + "?state=open")
    # A filter is set: the fold is open and says so.
    fold = phone_page.locator("details.filters-fold")
    assert fold.get_attribute("open") is not None
    assert "(đang lọc)" in fold.locator("summary").inner_text()
    inside(phone_page, "details.filters-fold button[type=submit]")
    # The name and the account links are not in the bar on a phone but in the menu,
    # which opens without JavaScript (a <details>).
    assert not phone_page.locator(".topbar .who").is_visible()
    assert not phone_page.get_by_role("button", name="Đăng xuất").first.is_visible()
    phone_page.locator(".menu-phone > summary").click()
    logout = phone_page.locator(".menu-account button", has_text="Đăng xuất")
    assert logout.is_visible()
    inside(phone_page, ".menu-account a[href$='/doi-mat-khau/']")
    assert phone_page.locator(".menu-account .menu-who").inner_text().strip()
    with phone_page.expect_navigation():
        logout.click()
    assert "/dang-nhap/" in phone_page.url or phone_page.url.rstrip("/") == live_server.url


def desktop_keeps_the_filters_and_the_account_links_in_view(live_server: Any, page: Any) -> None:
    page.set_viewport_size({"width": 1280, "height": 800})
    sign_in(page, live_server.url, "cntt")
    page.goto(live_server.url + reverse("support:queue"))
    assert page.locator("details.filters-fold form").is_visible()
    assert not page.locator("details.filters-fold > summary").is_visible()
    assert page.locator(".topbar .who").is_visible()
    assert page.locator(".topbar").get_by_role("button", name="Đăng xuất").is_visible()
    assert not page.locator(".menu-account").is_visible()
