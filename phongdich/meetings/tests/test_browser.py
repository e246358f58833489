"""In a real Chromium: the Office invites units (desktop), a unit head replies from a
360×740 phone, the secretary writes the minutes and turns a conclusion into a task."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone

from phongdich.core.tests.base import make_cast
from phongdich.core.tests.browser import log_in
from phongdich.meetings.models import Invitation, Meeting, Minutes
from phongdich.meetings.services.attendance import attendance_confirm
from phongdich.meetings.tests.helpers import at, make_meeting

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


class Cast:
    pass


@pytest.fixture
def cast() -> Any:
    c: Any = Cast()
    make_cast(c)
    return c


def test_the_office_invites_units_on_a_desktop(live_server: Any, page: Any, cast: Any) -> None:
    meeting = make_meeting(cast, invite=False)
    log_in(page, live_server.url, "office")
    page.goto(f"{live_server.url}/hop/{meeting.pk}/moi-hop/")
    page.get_by_role("heading", name="Mời dự họp: Giao ban trực tuyến").wait_for()
    page.get_by_label("Phòng Giáo dục nghề nghiệp").check()
    page.get_by_label("Trung tâm Dịch vụ việc làm").check()
    page.get_by_role("button", name="Gửi giấy mời").click()
    page.get_by_text("Đã gửi 2 giấy mời").wait_for()
    invited = set(
        Invitation.objects.filter(meeting=meeting).values_list("user__username", flat=True)
    )
    assert invited == {"office", "head_a", "head_b"}
    assert page.get_by_role("cell", name="Trưởng B").is_visible()


def test_a_unit_head_replies_from_a_phone(live_server: Any, phone_page: Any, cast: Any) -> None:
    meeting = make_meeting(cast)
    log_in(phone_page, live_server.url, "head_a")
    phone_page.goto(f"{live_server.url}/hop/{meeting.pk}/")
    phone_page.get_by_role("heading", name="Giao ban trực tuyến").wait_for()
    assert phone_page.evaluate("document.documentElement.scrollWidth") <= 360
    phone_page.get_by_role("radio", name="Không tham dự được").check()
    button = phone_page.get_by_role("button", name="Gửi trả lời")
    box = button.bounding_box()
    assert box is not None and box["height"] >= 44
    button.click()
    phone_page.get_by_text("Hãy ghi lý do không tham dự được.").first.wait_for()
    phone_page.get_by_role("radio", name="Không tham dự được").check()
    phone_page.get_by_label("Lý do (khi không tham dự được)").fill("Đi công tác huyện")
    phone_page.get_by_role("button", name="Gửi trả lời").click()
    phone_page.get_by_text("Đã ghi nhận trả lời của bạn.").wait_for()
    invitation = Invitation.objects.get(meeting=meeting, user=cast.head_a)
    assert invitation.reply == "declined" and invitation.reason == "Đi công tác huyện"
    assert phone_page.evaluate("document.documentElement.scrollWidth") <= 360


def test_the_secretary_writes_minutes_and_turns_a_conclusion_into_a_task(
    live_server: Any, page: Any, cast: Any
) -> None:
    # Held yesterday morning (local), so it has ended whatever the hour the test runs
    # (four hours before 03:40 would be the day before, across midnight).
    start = at(timezone.localdate() - dt.timedelta(days=1), 9)
    meeting = make_meeting(cast, start=start, secretary=cast.staff_user)
    attendance_confirm(
        meeting=meeting, present=[i.pk for i in meeting.invitations.all()], by=cast.office
    )
    log_in(page, live_server.url, "staff")
    page.goto(f"{live_server.url}/hop/{meeting.pk}/bien-ban/")
    page.get_by_role("heading", name="Biên bản cuộc họp").wait_for()
    page.get_by_label("Nội dung cuộc họp").fill(
        "Văn phòng báo cáo tình hình tuần.\nCác phòng báo cáo."
    )
    first = page.locator("fieldset.mt-conclusion").first
    first.get_by_label("Kết luận").fill("Hoàn thành rà soát thiết bị họp trực tuyến")
    first.get_by_label("Đơn vị chủ trì").select_option(label="Phòng Giáo dục nghề nghiệp")
    deadline = (timezone.localdate() + dt.timedelta(days=7)).strftime("%d/%m/%Y")
    first.get_by_label("Thời hạn").fill(deadline)
    page.get_by_role("button", name="Lưu biên bản").click()
    page.get_by_text("Đã lưu biên bản.").wait_for()
    page.get_by_role("button", name="Chuyển kết luận thành nhiệm vụ").click()
    page.get_by_text("Đã ban hành Thông báo kết luận số 01/TB-SLĐTBXH").wait_for()
    minutes = Minutes.objects.get(meeting=meeting)
    task = minutes.conclusions.get().task
    assert task is not None and task.lead_unit == cast.unit_a
    assert task.deadline == timezone.localdate() + dt.timedelta(days=7)
    with page.expect_download() as download:
        page.get_by_role("link", name="Tải biên bản (.pdf)").click()
    assert download.value.suggested_filename.startswith("bien-ban-")
    assert Meeting.objects.count() == 1
