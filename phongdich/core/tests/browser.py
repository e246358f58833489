"""Helpers for Playwright tests."""

from __future__ import annotations

import time
from typing import Any
from urllib.parse import urlsplit

from django.urls import reverse

from phongdich.core.tests.base import PASSWORD


def log_in(page: Any, base_url: str, username: str, password: str = PASSWORD) -> None:
    """Log in through the real login page and wait for the page after it.

    A user whose role requires a second factor is enrolled beforehand with the demo
    key (``accounts.demo``) and the helper types the current code on the
    verification page, as a person would from the authenticator app."""
    ensure_second_factor(username)
    page.goto(f"{base_url}/tai-khoan/dang-nhap/")
    page.get_by_label("Tên đăng nhập hoặc số điện thoại").fill(username)
    page.get_by_label("Mật khẩu").fill(password)
    with page.expect_navigation():
        page.get_by_role("button", name="Đăng nhập").click()
    if urlsplit(page.url).path == reverse("accounts:two_factor_verify"):
        type_totp_code(page, username)


def ensure_second_factor(username: str) -> None:
    from phongdich.accounts.demo import enrol_demo_accounts

    enrol_demo_accounts([username])


def unused_code(username: str) -> str:
    """The user's TOTP code for a time step not used yet (a second log-in within the
    same 30 s takes the next step's code; beyond that, wait for it)."""
    from django.contrib.auth import get_user_model

    from phongdich.accounts import two_factor

    user = get_user_model()._default_manager.get(username=username)
    device = two_factor.device_of(user)
    assert device is not None, f"{username} has no authenticator"
    now_step = int(time.time()) // device.step
    step = max(now_step, device.last_t + 1)
    while step > int(time.time()) // device.step + 1:
        time.sleep(1)
    return two_factor.code_at(device.key, at=step * device.step)


def type_totp_code(page: Any, username: str) -> None:
    page.get_by_label("Mã xác thực hoặc mã khôi phục").fill(unused_code(username))
    with page.expect_navigation():
        page.get_by_role("button", name="Xác thực").click()
