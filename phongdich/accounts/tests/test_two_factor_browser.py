"""In Chromium: a tracer enrols the authenticator (QR page, the code, the recovery
codes), logs in again with a code and ticks "remember this browser", and the next
log-in skips the code. No Content Security Policy violation on the way."""

from __future__ import annotations

import base64
import re
from types import SimpleNamespace
from typing import Any

import pytest

from phongdich.accounts import two_factor
from phongdich.core.tests.base import PASSWORD, make_cast
from phongdich.core.tests.browser import unused_code

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


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


def password_step(page: Any, base_url: str, username: str) -> None:
    page.goto(f"{base_url}/tai-khoan/dang-nhap/")
    page.get_by_label("Tên đăng nhập hoặc số điện thoại").fill(username)
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    with page.expect_navigation():
        page.get_by_role("button", name="Đăng nhập").click()


def log_out(page: Any) -> None:
    with page.expect_navigation():
        page.get_by_role("button", name="Đăng xuất").first.click()


def test_enrolment_then_log_in_with_a_code_then_a_remembered_browser(
    cast: SimpleNamespace, live_server: Any, page: Any, csp_errors: list[str]
) -> None:
    base = live_server.url
    password_step(page, base, "tracer")
    assert page.url.startswith(f"{base}/tai-khoan/xac-thuc-hai-lop/dang-ky/")
    assert page.get_by_role("heading", name="Đăng ký xác thực hai lớp").is_visible()
    # The QR code is drawn (an inline SVG); a person without a camera types the key.
    assert page.locator("figure.qr svg").is_visible()
    secret = page.locator("#totp-secret").inner_text().replace(" ", "")
    key = base64.b32decode(secret + "=" * (-len(secret) % 8)).hex()
    page.get_by_label("Mã 6 chữ số trong ứng dụng").fill(two_factor.code_at(key))
    with page.expect_navigation():
        page.get_by_role("button", name="Xác nhận").click()

    assert page.get_by_role("heading", name="Mã khôi phục").is_visible()
    codes = page.locator("ul.recovery-codes code").all_inner_texts()
    assert len(codes) == 10
    assert all(re.fullmatch(r"[0-9a-z]{5}-[0-9a-z]{5}", c) for c in codes)
    with page.expect_navigation():
        page.get_by_role("link", name="Tôi đã lưu các mã, tiếp tục").click()
    assert page.url == f"{base}/"
    assert (
        page.locator("h1").inner_text() == "Xin chào, Vết"
    )  # the short name: core.names.short_name

    # The next log-in asks for a code; tick "remember this browser".
    log_out(page)
    password_step(page, base, "tracer")
    assert page.url.startswith(f"{base}/tai-khoan/xac-thuc-hai-lop/xac-minh/")
    page.get_by_label("Mã xác thực hoặc mã khôi phục").fill(unused_code("tracer"))
    page.get_by_label("Ghi nhớ trình duyệt này trong 30 ngày").check()
    with page.expect_navigation():
        page.get_by_role("button", name="Xác thực").click()
    assert page.url == f"{base}/"
    cookie = next(c for c in page.context.cookies() if c["name"] == two_factor.BROWSER_COOKIE)
    assert cookie["httpOnly"] is True

    # Remembered: the password is enough on this browser.
    log_out(page)
    password_step(page, base, "tracer")
    assert page.url == f"{base}/"
    assert csp_errors == []


def test_a_wrong_code_then_a_recovery_code(
    cast: SimpleNamespace, live_server: Any, page: Any
) -> None:
    from phongdich.accounts import services
    from phongdich.accounts.demo import enrol_demo_accounts

    enrol_demo_accounts(["office"])
    codes = services.recovery_codes_regenerate(user=cast.office, ip=None)
    base = live_server.url
    password_step(page, base, "office")
    good = unused_code("office")
    page.get_by_label("Mã xác thực hoặc mã khôi phục").fill("111111" if good != "111111" else "2")
    with page.expect_navigation():
        page.get_by_role("button", name="Xác thực").click()
    assert "Mã xác thực không đúng" in page.locator(".field .error").inner_text()
    from django_otp.plugins.otp_totp.models import TOTPDevice

    TOTPDevice.objects.update(throttling_failure_count=0, throttling_failure_timestamp=None)
    page.get_by_label("Mã xác thực hoặc mã khôi phục").fill(codes[0])
    with page.expect_navigation():
        page.get_by_role("button", name="Xác thực").click()
    assert page.url == f"{base}/"
    assert "mã khôi phục" in page.locator(".messages").inner_text()
