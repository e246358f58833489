"""In a real Chromium: a declaration from a phone (360×740) in two taps, and a unit
head's list of who has not declared or not installed."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone

from phongdich.adoption.models import Declaration, RequiredApp, Status
from phongdich.adoption.tests.helpers import declare
from phongdich.core.tests.base import make_cast
from phongdich.core.tests.browser import log_in
from phongdich.org.models import Staff

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


class Cast:
    pass


def _apps() -> None:
    """A transactional test starts from a flushed database: the seeded apps may be gone."""
    for order, (code, name) in enumerate(
        [("bluezone", "Bluezone"), ("pc-covid", "PC-Covid"), ("smart-thanh-hoa", "Smart Thanh Hóa")]
    ):
        RequiredApp.objects.get_or_create(code=code, defaults={"name": name, "sort_order": order})


@pytest.fixture
def cast() -> Any:
    people: Any = Cast()
    make_cast(people)
    _apps()
    return people


def test_a_staff_member_declares_an_app_from_a_phone_in_two_taps(
    live_server: Any, phone_page: Any, cast: Any
) -> None:
    log_in(phone_page, live_server.url, "staff")
    phone_page.goto(f"{live_server.url}/ung-dung/")
    phone_page.get_by_role("heading", name="Ứng dụng của tôi").wait_for()
    assert phone_page.evaluate("document.documentElement.scrollWidth") <= 360
    card = phone_page.locator("details.ad-card").filter(has_text="PC-Covid")
    card.locator("summary").first.click()  # tap 1: the app
    button = card.get_by_role("button", name="Đang sử dụng")
    box = button.bounding_box()
    assert box is not None and box["height"] >= 44 and box["width"] <= 360
    button.click()  # tap 2: the answer
    phone_page.get_by_text("Đã ghi nhận: PC-Covid.").wait_for()
    staff = Staff.objects.get(user__username="staff")
    declaration = Declaration.objects.get(staff=staff)
    assert (declaration.app.code, declaration.status) == ("pc-covid", Status.USING)
    assert (
        "Đang sử dụng"
        in phone_page.locator("details.ad-card").filter(has_text="PC-Covid").inner_text()
    )


def test_a_unit_head_sees_who_has_not_declared_and_who_has_not_installed(
    live_server: Any, page: Any, cast: Any
) -> None:
    when = timezone.now() - dt.timedelta(days=1)
    bluezone = RequiredApp.objects.get(code="bluezone")
    declare(cast.staff_a, bluezone, Status.CANNOT_INSTALL, when)  # the team's member
    Declaration.objects.filter(staff=cast.staff_a).update(reason="Máy quá cũ")
    declare(Staff.objects.get(user=cast.head_a), bluezone, Status.USING, when)
    log_in(page, live_server.url, "head_a")
    page.goto(f"{live_server.url}/ung-dung/don-vi/{cast.unit_a.pk}/?app={bluezone.pk}")
    page.get_by_role("heading", name=cast.unit_a.name, exact=True).wait_for()
    not_declared = page.locator("ul.ad-people")
    assert "Cán Bộ" in not_declared.inner_text()  # the plain staff member never declared
    assert "Trưởng A" not in not_declared.inner_text()
    table = page.locator("table.ad-not-installed")
    assert "Nguyễn Văn Ạ" in table.inner_text()
    assert "Không cài được" in table.inner_text()
    assert "Máy quá cũ" in table.inner_text()
    assert page.locator("svg.ad-chart polyline").count() == 1
    # Another unit's page is not there for this unit head.
    response = page.goto(f"{live_server.url}/ung-dung/don-vi/{cast.unit_b.pk}/")
    assert response is not None and response.status == 404
