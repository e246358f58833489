"""In a real Chromium: an article goes submit → return → resubmit → publish (desktop),
and a staff member acknowledges a bulletin on a 360×740 phone."""

from __future__ import annotations

from typing import Any

import pytest

from phongdich.core.tests.base import make_cast
from phongdich.core.tests.browser import log_in
from phongdich.news.models import Acknowledgement, Article
from phongdich.news.tests.helpers import bulletin

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


class Cast:
    pass


@pytest.fixture
def cast() -> Any:
    people: Any = Cast()
    make_cast(people)
    return people


def _logout(page: Any) -> None:
    page.get_by_role("button", name="Đăng xuất").click()
    page.wait_for_load_state()


def test_an_article_is_submitted_returned_resubmitted_and_published(
    live_server: Any, page: Any, cast: Any
) -> None:
    log_in(page, live_server.url, "staff")
    page.goto(f"{live_server.url}/tin-tuc/bai-viet/moi/")
    page.get_by_label("Tiêu đề").fill("Công đoàn Sở với ứng dụng PC-Covid")
    page.get_by_label("Tóm tắt").fill("Đoàn viên cài đặt và dùng PC-Covid.")
    page.get_by_label("Nội dung").fill("Đoạn một.\n\nĐoạn hai.")
    page.get_by_label("Chủ đề").select_option("technology")
    page.get_by_role("button", name="Lưu").click()
    page.get_by_text("Đã lưu bản nháp").wait_for()
    page.get_by_role("button", name="Gửi duyệt").click()
    page.get_by_text("Đã gửi, chờ duyệt").first.wait_for()
    article = Article.objects.get(title="Công đoàn Sở với ứng dụng PC-Covid")
    _logout(page)

    log_in(page, live_server.url, "editor")
    page.goto(f"{live_server.url}/tin-tuc/bai-viet/{article.pk}/")
    page.get_by_label("Nhận xét khi trả lại").fill("Bổ sung số đoàn viên đã cài đặt.")
    page.get_by_role("button", name="Trả lại để sửa").click()
    page.get_by_text("Bị trả lại để sửa").first.wait_for()
    _logout(page)

    log_in(page, live_server.url, "staff")
    page.goto(f"{live_server.url}/tin-tuc/bai-viet/{article.pk}/")
    page.get_by_text("Bổ sung số đoàn viên đã cài đặt.").first.wait_for()
    page.get_by_role("link", name="Sửa bài").click()
    page.get_by_label("Nội dung").fill("Đoạn một.\n\nĐoạn hai: 120 đoàn viên đã cài đặt.")
    page.get_by_role("button", name="Lưu").click()
    page.get_by_text("Đã lưu bài viết.").wait_for()
    page.get_by_role("button", name="Gửi duyệt").click()
    page.get_by_text("Đã gửi, chờ duyệt").first.wait_for()
    _logout(page)

    log_in(page, live_server.url, "editor")
    page.goto(f"{live_server.url}/tin-tuc/bai-viet/{article.pk}/phien-ban/2/")
    assert "120 đoàn viên" in page.locator(".diff ins").all_inner_texts()[-1]
    page.goto(f"{live_server.url}/tin-tuc/bai-viet/{article.pk}/")
    page.get_by_role("button", name="Duyệt").click()
    page.get_by_role("button", name="Đăng ngay").click()
    page.get_by_text("Bài viết đã chuyển sang trạng thái “Đã đăng”.").wait_for()
    _logout(page)

    page.goto(f"{live_server.url}/tin-tuc/")
    page.get_by_role("link", name="Công đoàn Sở với ứng dụng PC-Covid").click()
    page.get_by_text("120 đoàn viên đã cài đặt").wait_for()
    article.refresh_from_db()
    assert article.status == Article.Status.PUBLISHED
    assert [e.action for e in article.events.all()] == [
        "create",
        "submit",
        "return",
        "edit",
        "submit",
        "approve",
        "publish",
    ]


def test_a_staff_member_acknowledges_a_bulletin_from_a_phone(
    live_server: Any, phone_page: Any, cast: Any
) -> None:
    item = bulletin(cast.office, audience_all=False, units=[cast.unit_a])
    log_in(phone_page, live_server.url, "staff")
    phone_page.goto(f"{live_server.url}/tin-tuc/van-ban/")
    phone_page.get_by_role("link", name="1234/UBND-VX").click()
    button = phone_page.get_by_role("button", name="Tôi đã đọc và sẽ thực hiện")
    button.wait_for()  # the bulletin's page has loaded: measure it, not the list being left
    width = phone_page.evaluate("document.documentElement.scrollWidth")
    assert width <= 360
    box = button.bounding_box()
    assert box is not None and box["height"] >= 44  # a thumb-sized target
    button.click()
    phone_page.get_by_text("Bạn đã xác nhận “Tôi đã đọc và sẽ thực hiện” lúc").wait_for()
    assert phone_page.get_by_role("button", name="Tôi đã đọc và sẽ thực hiện").count() == 0
    ack = Acknowledgement.objects.get(bulletin=item)
    assert ack.user.username == "staff" and not ack.late
