"""A person with a phone (360×740) at the gate, in a real Chromium."""

from __future__ import annotations

from typing import Any

import pytest

from phongdich.checkin.models import Location, Visit
from phongdich.core.tests.base import make_cast

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


def fill_first_visit(
    page: Any, *, name: str, phone: str, symptoms: list[str] | None = None
) -> None:
    page.get_by_label("Họ và tên").fill(name)
    page.get_by_label("Số điện thoại").fill(phone)
    page.get_by_label("Cán bộ của Sở/đơn vị").check()
    for symptom in symptoms or []:
        page.get_by_label(symptom, exact=True).check()
    for group in page.locator("fieldset").all():
        legend = group.locator("legend").inner_text()
        if "tiếp xúc" in legend or "vùng đang có dịch" in legend:
            group.get_by_label("Không", exact=True).check()
        elif "vắc xin" in legend:
            group.get_by_label("2 mũi").check()
    page.get_by_label("Tôi đồng ý").check()


def test_a_first_visitor_checks_in_from_a_phone(
    live_server: Any, phone_page: Any, gate: Location
) -> None:
    phone_page.goto(f"{live_server.url}/c/{gate.poster_token}")
    fill_first_visit(phone_page, name="Nguyễn Văn Điện Thoại", phone="0912 345 678")
    phone_page.get_by_role("button", name="Gửi khai báo và check-in").click()
    phone_page.get_by_role("heading", name="Đã check-in").wait_for()
    assert phone_page.locator(".name").inner_text() == "Nguyễn Văn Điện Thoại"
    assert "ok" in (phone_page.locator("body").get_attribute("class") or "")
    assert Visit.objects.get().status == Visit.Status.ADMITTED


def test_a_returning_person_checks_in_with_one_tap_and_then_checks_out(
    live_server: Any, phone_page: Any, gate: Location
) -> None:
    url = f"{live_server.url}/c/{gate.poster_token}"
    phone_page.goto(url)
    fill_first_visit(phone_page, name="Trần Thị Quay Lại", phone="0987654321")
    phone_page.get_by_role("button", name="Gửi khai báo và check-in").click()
    phone_page.get_by_role("heading", name="Đã check-in").wait_for()

    # Leaving the gate: scanning it again offers check-out.
    phone_page.goto(url)
    phone_page.get_by_role("button", name="Check-out (ra về)").click()
    phone_page.get_by_role("heading", name="Đã check-out").wait_for()

    # Coming back later the same day: greeted by name, one tap.
    phone_page.goto(url)
    assert "Chào Trần Thị Quay Lại" in phone_page.content()
    phone_page.get_by_role("button", name="Check-in", exact=True).click()
    phone_page.get_by_role("heading", name="Đã check-in").wait_for()
    assert Visit.objects.count() == 2


def test_a_risky_declaration_is_refused_on_a_red_screen(
    live_server: Any, phone_page: Any, gate: Location
) -> None:
    phone_page.goto(f"{live_server.url}/c/{gate.poster_token}")
    fill_first_visit(phone_page, name="Lê Văn Sốt", phone="0977000111", symptoms=["Sốt", "Ho"])
    phone_page.get_by_role("button", name="Gửi khai báo và check-in").click()
    phone_page.get_by_role(
        "heading", name="Chưa được vào — vui lòng liên hệ bảo vệ/y tế"
    ).wait_for()
    assert "no" in (phone_page.locator("body").get_attribute("class") or "")
    assert Visit.objects.get().status == Visit.Status.PENDING


def test_a_bad_phone_is_explained_and_nothing_typed_is_lost(
    live_server: Any, phone_page: Any, gate: Location
) -> None:
    phone_page.goto(f"{live_server.url}/c/{gate.poster_token}")
    fill_first_visit(phone_page, name="Phạm Thị Gõ Nhầm", phone="09123")
    phone_page.get_by_role("button", name="Gửi khai báo và check-in").click()
    phone_page.get_by_text("không hợp lệ").first.wait_for()
    assert phone_page.get_by_label("Họ và tên").input_value() == "Phạm Thị Gõ Nhầm"
    assert Visit.objects.count() == 0


def test_an_empty_form_gets_the_servers_vietnamese_messages_for_every_field_at_once(
    live_server: Any, phone_page: Any, gate: Location
) -> None:
    """JavaScript on, nothing filled in: no browser bubble in the browser's language
    ("Please fill out this field."), one field at a time; the server answers with its
    Vietnamese message under every required field."""
    from phongdich.checkin import identity

    phone_page.goto(f"{live_server.url}/c/{gate.poster_token}")
    assert phone_page.evaluate("document.querySelector('form[method=post]').noValidate")
    required = set(
        phone_page.eval_on_selector_all("form [required]", "els => els.map(e => e.name)")
    )
    assert {"full_name", "phone", "is_visitor", "consent"} <= required
    with phone_page.expect_navigation():
        phone_page.get_by_role("button", name="Gửi khai báo và check-in").click()
    assert "Vui lòng sửa các ô được đánh dấu bên dưới." in phone_page.locator("body").inner_text()
    for name in sorted(required):
        box = phone_page.locator(f".f:has([name='{name}'])")
        assert "err" in (box.get_attribute("class") or ""), name
        assert box.locator(".e").inner_text().strip(), name
    messages = [e.inner_text() for e in phone_page.locator(".f.err .e").all()]
    assert identity.NAME_REQUIRED in messages
    assert "Vui lòng nhập số điện thoại." in messages
    assert "Cần có sự đồng ý của bạn thì mới ghi nhận khai báo y tế được." in messages
    assert messages.count("Vui lòng trả lời câu hỏi này.") >= 3  # every health question
    assert Visit.objects.count() == 0
    phone_page.screenshot(path="/tmp/public-empty-form.png", full_page=True)
