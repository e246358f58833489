"""The real log-in page in Chromium: every role of the cast, phone log-in, log-out,
the language switch and the error of a failed log-in."""

from __future__ import annotations

import re
from types import SimpleNamespace
from typing import Any

import pytest

from phongdich.core.tests.base import PASSWORD, make_cast
from phongdich.core.tests.browser import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

STAFF_LIST = "Danh bạ cán bộ"
STAFF_IMPORT = "Nhập danh sách cán bộ"
UNITS = "Cơ cấu tổ chức"

# Each member of the cast: the short name the home page greets them by (the given name,
# the last word of the cast's two-word names: core.names.short_name), role label, links
# they have and lack.
HOMES = {
    "director": ("Đốc", "Giám đốc / Phó Giám đốc", {STAFF_LIST, UNITS}, {STAFF_IMPORT}),
    "office": ("Phòng", "Văn phòng Sở", {STAFF_LIST, STAFF_IMPORT, UNITS}, set()),
    "head_a": ("A", "Trưởng đơn vị", {STAFF_LIST, STAFF_IMPORT, UNITS}, set()),
    "head_b": ("B", "Trưởng đơn vị", {STAFF_LIST, STAFF_IMPORT, UNITS}, set()),
    "guard": ("Vệ", "Bảo vệ", {UNITS}, {STAFF_LIST, STAFF_IMPORT}),
    "tracer": ("Vết", "Tổ truy vết", {STAFF_LIST, UNITS}, {STAFF_IMPORT}),
    "staff": ("Bộ", "Cán bộ", {UNITS}, {STAFF_LIST, STAFF_IMPORT}),
    "editor": ("Tập", "Ban biên tập", {UNITS}, {STAFF_LIST, STAFF_IMPORT}),
    "it": ("Thuật", "Tổ CNTT", {STAFF_LIST, UNITS}, {STAFF_IMPORT}),
    "admin": ("Trị", "Quản trị hệ thống", {STAFF_LIST, STAFF_IMPORT, UNITS}, set()),
}


@pytest.fixture
def cast(page: Any) -> SimpleNamespace:
    ns = SimpleNamespace()
    make_cast(ns)
    return ns


@pytest.fixture
def csp_errors(page: Any) -> list[str]:
    errors: list[str] = []
    page.on(
        "console",
        lambda msg: errors.append(msg.text) if "Content Security Policy" in msg.text else None,
    )
    return errors


def card_titles(page: Any) -> set[str]:
    return {t.strip() for t in page.locator("ul.cards li strong").all_inner_texts()}


@pytest.mark.parametrize("username", HOMES)
def test_each_role_logs_in_and_sees_its_home(
    username: str, cast: SimpleNamespace, live_server: Any, page: Any, csp_errors: list[str]
) -> None:
    name, role_label, has, lacks = HOMES[username]
    log_in(page, live_server.url, username)

    assert page.url == f"{live_server.url}/"
    assert page.locator("h1").inner_text() == f"Xin chào, {name}"
    assert role_label in page.locator("main p.muted").inner_text()
    titles = card_titles(page)
    assert has <= titles, titles
    assert not (lacks & titles), titles
    admin_link = page.get_by_role("link", name="Quản trị", exact=True)
    assert admin_link.count() == (1 if username == "admin" else 0)
    # The vendored htmx ran under the nonce; the browser reported no CSP violation.
    assert page.evaluate("typeof window.htmx") == "object"
    assert csp_errors == []


def test_the_staff_directory_link_opens_for_the_office(
    cast: SimpleNamespace, live_server: Any, page: Any
) -> None:
    log_in(page, live_server.url, "office")
    page.get_by_role("link", name=re.compile(STAFF_LIST)).click()
    # The click returns once the navigation is committed; wait for the new
    # page's load before counting on it (CI once counted an empty document).
    page.wait_for_url(f"{live_server.url}/to-chuc/can-bo/", wait_until="load")
    assert page.get_by_text("Nguyễn Văn Ạ").count() >= 1


def test_a_staff_member_logs_in_by_phone(
    cast: SimpleNamespace, live_server: Any, page: Any
) -> None:
    phone = cast.head_b.staff.phone  # +84980000004
    log_in(page, live_server.url, f"0{phone[3:6]} {phone[6:9]} {phone[9:]}")
    assert page.url == f"{live_server.url}/"
    assert page.locator("h1").inner_text() == "Xin chào, B"


def test_logging_out_returns_to_the_login_page_and_closes_the_session(
    cast: SimpleNamespace, live_server: Any, page: Any
) -> None:
    log_in(page, live_server.url, "tracer")
    with page.expect_navigation():
        page.get_by_role("button", name="Đăng xuất").click()
    assert page.url == f"{live_server.url}/tai-khoan/dang-nhap/"
    page.goto(f"{live_server.url}/to-chuc/don-vi/")
    assert page.url.startswith(f"{live_server.url}/tai-khoan/dang-nhap/?next=")
    assert page.get_by_role("button", name="Đăng xuất").count() == 0


def test_a_failed_login_shows_the_vietnamese_error(
    cast: SimpleNamespace, live_server: Any, page: Any
) -> None:
    log_in(page, live_server.url, "head_a", "sai-mat-khau-roi")
    assert page.url == f"{live_server.url}/tai-khoan/dang-nhap/"
    alert = page.get_by_role("alert")
    assert "Tên đăng nhập/số điện thoại hoặc mật khẩu không đúng" in alert.inner_text()
    assert page.get_by_label("Tên đăng nhập hoặc số điện thoại").input_value() == "head_a"


def test_switching_to_english_and_back(cast: SimpleNamespace, live_server: Any, page: Any) -> None:
    log_in(page, live_server.url, "guard")
    page.goto(f"{live_server.url}/to-chuc/don-vi/")
    assert page.locator("html").get_attribute("lang") == "vi"

    with page.expect_navigation():
        page.get_by_role("button", name="English").click()
    assert page.url == f"{live_server.url}/to-chuc/don-vi/"
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.get_by_role("button", name="English").count() == 0

    with page.expect_navigation():
        page.get_by_role("button", name="Tiếng Việt").click()
    assert page.url == f"{live_server.url}/to-chuc/don-vi/"
    assert page.locator("html").get_attribute("lang") == "vi"
    assert page.get_by_role("button", name="English").count() == 1


def test_an_anonymous_visitor_lands_on_the_login_page_and_returns_after(
    cast: SimpleNamespace, live_server: Any, page: Any
) -> None:
    page.goto(f"{live_server.url}/to-chuc/don-vi/")
    assert page.url == f"{live_server.url}/tai-khoan/dang-nhap/?next=/to-chuc/don-vi/"
    page.get_by_label("Tên đăng nhập hoặc số điện thoại").fill("editor")
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_url(f"{live_server.url}/to-chuc/don-vi/")
