"""A staff member reviews their equipment from a phone (360×740), in a real Chromium."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone

from phongdich.core.tests.base import make_cast
from phongdich.core.tests.browser import log_in
from phongdich.equipment.models import EquipmentKind, ReviewCampaign, StaffReview
from phongdich.equipment.services.equipment import EquipmentFields, equipment_create
from phongdich.org.models import Staff

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


class Cast:
    pass


@pytest.fixture
def holder() -> Staff:
    cast: Any = Cast()
    make_cast(cast)
    staff = Staff.objects.get(user__username="staff")
    # A transactional test starts from a flushed database: the seeded kinds may be gone.
    laptop, _ = EquipmentKind.objects.get_or_create(
        code="laptop", defaults={"name": "Máy tính xách tay", "is_work_device": True}
    )
    for code in ("TS-DT-01", "TS-DT-02"):
        equipment_create(
            data=EquipmentFields(kind=laptop, unit=staff.unit, asset_code=code, holder=staff),
            actor=None,
            ip=None,
        )
    ReviewCampaign.objects.create(
        title="Rà soát tháng 9", deadline=timezone.localdate() + dt.timedelta(days=3)
    )
    return staff


def test_a_staff_member_confirms_their_equipment_from_a_phone(
    live_server: Any, phone_page: Any, holder: Staff
) -> None:
    log_in(phone_page, live_server.url, "staff")
    phone_page.goto(f"{live_server.url}/thiet-bi/ra-soat/")
    phone_page.get_by_role("heading", name="Thiết bị của tôi").wait_for()
    # Nothing overflows the phone's width.
    width = phone_page.evaluate("document.documentElement.scrollWidth")
    assert width <= 360
    cards = phone_page.locator("fieldset")
    cards.nth(0).get_by_label("Đang giữ, dùng tốt").check()
    cards.nth(1).get_by_label("Bị hỏng").check()
    for index in range(2, 6):
        cards.nth(index).get_by_label("Có", exact=True).check()
    button = phone_page.get_by_role("button", name="Gửi phiếu rà soát")
    box = button.bounding_box()
    assert box is not None and box["height"] >= 44  # a thumb-sized target
    button.click()
    phone_page.get_by_text("Cảm ơn bạn: đã ghi nhận phiếu rà soát.").wait_for()
    review = StaffReview.objects.get(staff=holder)
    assert review.campaign is not None
    assert sorted(review.items.values_list("status", flat=True)) == ["broken", "confirmed"]
    assert review.has_home_internet
