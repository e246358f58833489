"""The weekly app question on a phone (360×740) in a real Chromium: a staff member
checks in, sees the question under the green result, taps an answer per app."""

from __future__ import annotations

from typing import Any

import pytest

from phongdich.adoption.models import Declaration, RequiredApp
from phongdich.checkin.models import Location
from phongdich.checkin.tests.test_public_browser import Cast, fill_first_visit
from phongdich.core.tests.base import make_cast
from phongdich.org.models import Staff
from phongdich.support.services.knowledge import ArticleInput, article_save

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_staff_member_answers_the_app_question_on_a_phone(
    live_server: Any, phone_page: Any, tmp_path: Any
) -> None:
    cast: Any = Cast()
    make_cast(cast)
    gate = Location.objects.create(code="CONG-1", name="Cổng chính Sở", unit=cast.office_unit)
    staff = Staff.objects.get(user=cast.staff_user)
    staff.phone = "+84912000777"
    staff.save()
    for n, (code, name) in enumerate((("bluezone", "Bluezone"), ("pc-covid", "PC-Covid"))):
        RequiredApp.objects.update_or_create(
            code=code, defaults={"name": name, "sort_order": n, "is_active": True}
        )
    RequiredApp.objects.exclude(code__in=["bluezone", "pc-covid"]).update(is_active=False)
    article_save(
        data=ArticleInput(
            title="Quét mã QR khi vào cơ quan", body="Mở camera", topic="checkin", publish=True
        ),
        actor=None,
        ip=None,
    )
    phone_page.goto(f"{live_server.url}/c/{gate.poster_token}")
    fill_first_visit(phone_page, name="Cán bộ Điện Thoại", phone="0912 000 777")
    phone_page.get_by_role("button", name="Gửi khai báo và check-in").click()
    phone_page.get_by_role("heading", name="Đã check-in").wait_for()
    question = phone_page.get_by_role("heading", name="Bạn đã cài các ứng dụng này chưa?")
    question.wait_for()
    assert phone_page.get_by_role("link", name="Quét mã QR khi vào cơ quan").is_visible()
    phone_page.screenshot(path=str(tmp_path / "prompt.png"), full_page=True)
    # Nothing sticks out of the phone's width, every button is large enough to tap.
    width = phone_page.evaluate("document.documentElement.scrollWidth")
    assert width <= 360, width
    buttons = phone_page.locator(".app-tap button")
    assert buttons.count() == 6
    for i in range(buttons.count()):
        box = buttons.nth(i).bounding_box()
        assert box is not None and box["height"] >= 44 and box["x"] + box["width"] <= 360
    first = phone_page.locator(".app-tap").filter(has_text="Bluezone")
    first.get_by_role("button", name="Đã cài").click()
    phone_page.get_by_text("Đã ghi nhận, cảm ơn bạn.").wait_for()
    assert Declaration.objects.get(staff=staff, app__code="bluezone").status == "installed"
    remaining = phone_page.locator(".app-tap")
    assert remaining.count() == 1
    remaining.get_by_role("button", name="Không có điện thoại thông minh").click()
    phone_page.get_by_text("Bạn đã khai báo đủ các ứng dụng.").wait_for()
    assert Declaration.objects.get(staff=staff, app__code="pc-covid").status == "no_smartphone"
    phone_page.screenshot(path=str(tmp_path / "done.png"), full_page=True)
