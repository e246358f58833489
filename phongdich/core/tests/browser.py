"""Helpers for Playwright tests."""

from __future__ import annotations

from typing import Any

from phongdich.core.tests.base import PASSWORD


def log_in(page: Any, base_url: str, username: str, password: str = PASSWORD) -> None:
    """Log in through the real login page and wait for the page after it."""
    page.goto(f"{base_url}/tai-khoan/dang-nhap/")
    page.get_by_label("Tên đăng nhập hoặc số điện thoại").fill(username)
    page.get_by_label("Mật khẩu").fill(password)
    with page.expect_navigation():
        page.get_by_role("button", name="Đăng nhập").click()
