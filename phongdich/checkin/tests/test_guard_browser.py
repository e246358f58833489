"""The guard console in Chromium: a scanned CCCD fills the form, the guard checks the
person in and sees them inside; a flagged visit appears and the guard admits it."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

import pytest

from phongdich.checkin.models import Visit
from phongdich.checkin.tests.helpers import RISKY, make_gates, make_visit
from phongdich.core.tests.base import make_cast
from phongdich.core.tests.browser import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CARD = "038090001234|123456789|Nguyễn Văn An|15031990|Nam|Số 5, Lê Lợi, Thanh Hóa|01072021"


@pytest.fixture
def cast(page: Any) -> SimpleNamespace:
    ns = SimpleNamespace()
    make_cast(ns)
    make_gates(ns)
    return ns


def test_a_guard_checks_in_a_scanned_card_and_admits_a_flagged_visit(
    page: Any, live_server: Any, cast: SimpleNamespace
) -> None:
    csp_errors: list[str] = []
    page.on(
        "console",
        lambda msg: csp_errors.append(msg.text) if "Content Security Policy" in msg.text else None,
    )
    log_in(page, live_server.url, "guard")
    page.goto(f"{live_server.url}/check-in/bao-ve/")
    assert page.get_by_role("heading", name="Bàn bảo vệ").is_visible()

    # A USB scanner types the card's text and presses Enter.
    scan = page.get_by_label("Quét mã QR trên CCCD")
    scan.fill(CARD)
    with page.expect_navigation():
        scan.press("Enter")
    assert page.locator("#scan-ok").is_visible()
    assert page.get_by_label("Họ và tên").input_value() == "Nguyễn Văn An"
    assert page.get_by_label("Số CCCD (12 số)").input_value() == "038090001234"

    page.get_by_label("Số điện thoại").fill("0912 345 678")
    page.get_by_label("Mục đích (khách)").fill("Nộp hồ sơ")
    page.get_by_label("Người được gặp (khách)").fill("Phòng Tổ chức")
    page.locator("#id_q_contact_1").check()
    page.locator("#id_q_outbreak_travel_1").check()
    page.locator("#id_q_vaccine_doses_2").check()
    page.locator("#id_consent").check()
    with page.expect_navigation():
        page.get_by_role("button", name="Ghi nhận check-in").click()
    assert "Đã check-in Nguyễn Văn An" in page.locator(".messages").inner_text()
    inside = page.locator("#live table.inside")
    assert "Nguyễn Văn An" in inside.inner_text()
    assert "+8491****678" in inside.inner_text()
    visit = Visit.objects.get(person__cccd_index__gt="")
    assert visit.source == Visit.Source.MANUAL and visit.recorded_by_id == cast.guard.pk

    # Someone with symptoms checks in by QR: the live list shows them within 10 s.
    flagged = make_visit(cast.gate_a, phone="+84912345999", name="Trần Thị Sốt", answers=RISKY)
    item = page.locator(f"#flagged-{flagged.pk}")
    item.wait_for(state="visible", timeout=15000)
    assert "Sốt" in item.inner_text()
    with page.expect_navigation():
        item.get_by_role("button", name="Cho vào", exact=True).click()
    assert "Đã cho Trần Thị Sốt vào." in page.locator(".messages").inner_text()
    assert page.locator(f"#flagged-{flagged.pk}").count() == 0
    flagged.refresh_from_db()
    assert flagged.status == Visit.Status.ADMITTED
    assert flagged.decided_by_id == cast.guard.pk and flagged.decided_at is not None
    assert csp_errors == []
