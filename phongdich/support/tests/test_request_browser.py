"""A staff member opens a request from a phone (360×740), the assigned member takes and
resolves it from a desk, the requester confirms it from the phone: in a real Chromium."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest
from PIL import Image

from phongdich.core.tests.base import make_cast
from phongdich.core.tests.browser import log_in
from phongdich.support.models import State, SupportRequest
from phongdich.support.tests.helpers import make_team

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


class Cast:
    pass


@pytest.fixture
def cast() -> Any:
    cast: Any = Cast()
    make_cast(cast)
    make_team(cast)
    return cast


def test_a_request_opened_on_a_phone_is_resolved_by_the_assigned_member(
    live_server: Any, phone_page: Any, page: Any, cast: Any, tmp_path: Path
) -> None:
    screenshot = tmp_path / "man-hinh.png"
    buffer = io.BytesIO()
    Image.new("RGB", (360, 200), (220, 40, 40)).save(buffer, format="PNG")
    screenshot.write_bytes(buffer.getvalue())

    log_in(phone_page, live_server.url, "staff")
    phone_page.goto(f"{live_server.url}/ho-tro/moi/")
    phone_page.get_by_role("heading", name="Gửi yêu cầu hỗ trợ").wait_for()
    phone_page.get_by_label("Cần hỗ trợ việc gì?").fill("Máy in tầng 2 không in được")
    phone_page.get_by_label("Cao", exact=True).check()
    phone_page.get_by_label("Mô tả thêm (không bắt buộc)").fill("Báo lỗi kẹt giấy từ sáng")
    phone_page.get_by_label("Ảnh chụp màn hình hoặc ảnh lỗi (không bắt buộc)").set_input_files(
        str(screenshot)
    )
    assert phone_page.evaluate("document.documentElement.scrollWidth") <= 360
    button = phone_page.get_by_role("button", name="Gửi yêu cầu")
    box = button.bounding_box()
    assert box is not None and box["height"] >= 44  # a thumb-sized target
    button.click()
    phone_page.get_by_text("Tổ CNTT sẽ liên hệ với bạn.").wait_for()
    assert phone_page.evaluate("document.documentElement.scrollWidth") <= 360
    request = SupportRequest.objects.get(title="Máy in tầng 2 không in được")
    assert request.assignee == cast.m2 and request.urgency == "high" and request.image_path

    # The assigned member, at a desk, takes it and resolves it.
    log_in(page, live_server.url, "it2")
    page.goto(f"{live_server.url}/ho-tro/hang-doi/")
    page.get_by_role("link", name=request.code).click()
    page.get_by_role("button", name="Tiếp nhận").click()
    page.get_by_text("Đã ghi nhận: tiếp nhận.").wait_for()
    page.get_by_label("Đã xử lý thế nào?").fill("Đã gỡ giấy kẹt và vệ sinh trục cuốn")
    page.get_by_role("button", name="Báo đã xử lý xong").click()
    page.get_by_text("Đã ghi nhận: báo đã xử lý xong.").wait_for()
    request.refresh_from_db()
    assert request.state == State.RESOLVED

    # Back on the phone, the requester confirms and rates the help.
    phone_page.reload()
    phone_page.get_by_label("5 ★").check()
    phone_page.get_by_role("button", name="Xác nhận đã xong").click()
    phone_page.get_by_text("Đã ghi nhận: xác nhận đã xong.").wait_for()
    request.refresh_from_db()
    assert (request.state, request.rating) == (State.CLOSED, 5)
