"""A person on a 360×740 phone, after a check-in, asks to see their data from the link at
the foot of the check-in page; the Office answers at a desk; the person downloads the
file on the same phone. Real Chromium, no CSP error, nothing wider than the phone."""

from __future__ import annotations

import io
from typing import Any

import pytest
from openpyxl import load_workbook

from phongdich.checkin.models import Location
from phongdich.checkin.tests.test_public_browser import fill_first_visit
from phongdich.core.tests.base import make_cast
from phongdich.core.tests.browser import log_in
from phongdich.privacy.models import SubjectRequest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


class Cast:
    pass


@pytest.fixture
def gate() -> Location:
    cast: Any = Cast()
    make_cast(cast)
    return Location.objects.create(
        code="SO-CONG-CHINH", name="Cổng chính Sở", unit=cast.office_unit
    )


def watch_errors(page: Any) -> list[str]:
    errors: list[str] = []
    page.on(
        "console",
        lambda msg: (
            errors.append(msg.text)
            if msg.type == "error" and "favicon" not in (msg.location or {}).get("url", "")
            else None
        ),
    )
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    return errors


def test_a_person_asks_to_see_their_data_from_the_phone_and_the_office_answers(
    live_server: Any, phone_page: Any, page: Any, gate: Location
) -> None:
    phone_errors = watch_errors(phone_page)
    desk_errors = watch_errors(page)

    # The person checks in at the gate: the phone now holds the one-tap cookie.
    phone_page.goto(f"{live_server.url}/c/{gate.poster_token}")
    fill_first_visit(phone_page, name="Nguyễn Văn Điện Thoại", phone="0912 345 678")
    phone_page.get_by_role("button", name="Gửi khai báo và check-in").click()
    phone_page.get_by_role("heading", name="Đã check-in").wait_for()

    # From the foot of the page, "Dữ liệu cá nhân của tôi".
    with phone_page.expect_navigation():
        phone_page.get_by_role("link", name="Dữ liệu cá nhân của tôi").click()
    phone_page.get_by_role("heading", name="Dữ liệu cá nhân của tôi").wait_for()
    assert "Nguyễn Văn Điện Thoại" in phone_page.locator("#device-person").inner_text()
    assert phone_page.get_by_label("Điện thoại đã dùng để check-in (xác minh tự động)").is_checked()
    phone_page.get_by_label("Xem dữ liệu của tôi").check()
    with phone_page.expect_navigation():
        phone_page.get_by_role("button", name="Gửi yêu cầu").click()
    phone_page.get_by_role("heading", name="Đã gửi yêu cầu").wait_for()
    request = SubjectRequest.objects.get()
    assert phone_page.locator("#request-code").inner_text() == request.code
    width = phone_page.evaluate("document.documentElement.scrollWidth")
    assert width <= 360, width

    # The Office, at a desk: home → the queue → the request → carry it out.
    log_in(page, live_server.url, "office")
    with page.expect_navigation():
        page.get_by_role("link", name="Yêu cầu về dữ liệu cá nhân").first.click()
    row = page.locator(f"#request-{request.pk}")
    assert "Xem dữ liệu của tôi" in row.inner_text()
    assert "Điện thoại đã check-in" in row.inner_text()
    with page.expect_navigation():
        row.get_by_role("link", name=request.code).click()
    page.get_by_label("Trả lời người yêu cầu").fill("Văn phòng gửi anh toàn bộ dữ liệu đang lưu.")
    with page.expect_navigation():
        page.get_by_role("button", name="Thực hiện yêu cầu").click()
    assert "Đã thực hiện và ghi nhận trả lời." in page.locator(".messages").inner_text()
    assert page.locator("#status").inner_text() == "Đã trả lời"

    # Back on the phone: the answer, and the file.
    phone_page.goto(f"{live_server.url}/du-lieu-ca-nhan/")
    assert (
        "Văn phòng gửi anh toàn bộ dữ liệu đang lưu."
        in phone_page.locator("#my-requests").inner_text()
    )
    with phone_page.expect_download() as info:
        phone_page.get_by_role("link", name="Tải dữ liệu của tôi (.xlsx)").click()
    download = info.value
    assert download.suggested_filename == f"du-lieu-ca-nhan-{request.code}.xlsx"
    with open(download.path(), "rb") as handle:
        book = load_workbook(io.BytesIO(handle.read()))
    cells = " ".join(
        str(c.value) for row in book["Lượt ra vào"].iter_rows() for c in row if c.value
    )
    assert "Cổng chính Sở" in cells
    assert "Nguyễn Văn Điện Thoại" in " ".join(
        str(c.value) for row in book["Thông tin"].iter_rows() for c in row if c.value
    )
    assert phone_errors == [] and desk_errors == [], (phone_errors, desk_errors)
