"""False-news reports: any staff member reports, the board decides with a source, the
warning reaches staff (and the public page when chosen), the reporter is told."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from phongdich.core.tests.base import BaseTestCase
from phongdich.news.selectors.falsenews import report_counts
from phongdich.news.services.falsenews import report_create, report_decide
from phongdich.news.tests.helpers import jpeg_with_exif
from phongdich.notifications.models import Notification


def report(reporter, **kw):  # type: ignore[no-untyped-def]
    values = {
        "link": "https://facebook.com/p/123",
        "screenshot": None,
        "platform": "facebook",
        "seen_on": timezone.localdate(),
        "description": "Bài đăng nói uống nước chanh nóng chữa khỏi COVID-19.",
    }
    values.update(kw)
    return report_create(reporter=reporter, ip=None, **values)


def decide(item, actor, **kw):  # type: ignore[no-untyped-def]
    values = {
        "verdict": "false",
        "source": "Bộ Y tế, công văn 123/BYT-DP",
        "warning_title": "Nước chanh nóng không chữa được COVID-19",
        "warning_body": "Thông tin sai sự thật; hãy theo hướng dẫn của Bộ Y tế.",
        "public": True,
    }
    values.update(kw)
    return report_decide(report=item, actor=actor, ip=None, **values)


class FalseNewsTests(BaseTestCase):
    def test_a_report_needs_a_link_or_a_screenshot(self) -> None:
        with self.assertRaisesMessage(ValidationError, "đường dẫn bài đăng hoặc gửi ảnh"):
            report(self.staff_user, link="")
        with self.assertRaisesMessage(ValidationError, "http:// hoặc https://"):
            report(self.staff_user, link="javascript:alert(1)")
        shot = report(self.staff_user, link="", screenshot=jpeg_with_exif())
        self.assertTrue(shot.screenshot_path)

    def test_the_board_decides_staff_see_the_warning_and_the_reporter_is_told(self) -> None:
        with self.captureOnCommitCallbacks(execute=True):
            item = report(self.staff_user)
        self.assertTrue(
            Notification.objects.filter(user=self.editor, title__startswith="Có tin").exists()
        )
        with self.captureOnCommitCallbacks(execute=True):
            decide(item, self.editor)
        told = Notification.objects.get(user=self.staff_user, title__startswith="Kết luận")
        self.assertIn("Tin giả", told.title)
        self.assertTrue(
            Notification.objects.filter(
                user=self.head_b, title__startswith="Cảnh báo tin giả"
            ).exists()
        )
        self.login(self.head_b)
        self.assertContains(
            self.client.get(reverse("news:warning_list")), "Nước chanh nóng không chữa được"
        )
        self.client.logout()
        self.assertContains(
            self.client.get(reverse("news:index")), "Nước chanh nóng không chữa được"
        )

    def test_a_warning_not_chosen_for_the_public_stays_off_the_public_page(self) -> None:
        decide(report(self.staff_user), self.editor, public=False, warning_title="Chỉ nội bộ")
        self.assertNotContains(self.client.get(reverse("news:index")), "Chỉ nội bộ")

    def test_only_the_board_decides_and_only_once(self) -> None:
        item = report(self.staff_user)
        with self.assertRaises(PermissionDenied):
            decide(item, self.office)
        with self.assertRaisesMessage(ValidationError, "nguồn chính thức"):
            decide(item, self.editor, source="")
        decide(item, self.editor, verdict="misleading")
        with self.assertRaisesMessage(ValidationError, "đã có kết luận"):
            decide(item, self.editor)

    def test_the_reporter_sees_their_own_reports_only(self) -> None:
        mine = report(self.staff_user)
        other = report(self.head_b)
        self.login(self.staff_user)
        self.assertEqual(
            self.client.get(reverse("news:report_detail", args=[other.pk])).status_code, 404
        )
        self.assertEqual(
            self.client.get(reverse("news:report_detail", args=[mine.pk])).status_code, 200
        )
        self.login(self.editor)
        page = self.client.get(reverse("news:report_detail", args=[other.pk]))
        self.assertContains(page, "Ghi kết luận và đăng cảnh báo")

    def test_the_board_decides_on_the_page(self) -> None:
        item = report(self.staff_user)
        self.login(self.editor)
        response = self.client.post(
            reverse("news:report_decide", args=[item.pk]),
            {
                "verdict": "unverifiable",
                "source": "Sở Y tế",
                "warning_title": "Chưa kiểm chứng được",
                "warning_body": "Đừng chia sẻ.",
            },
            follow=True,
        )
        self.assertContains(response, "Chưa thể kiểm chứng")
        item.refresh_from_db()
        self.assertFalse(item.public)

    def test_counts_per_period(self) -> None:
        decide(report(self.staff_user), self.editor)
        decide(report(self.staff_user), self.editor, verdict="true")
        report(self.staff_user)
        today = timezone.localdate()
        counts = report_counts(start=today - dt.timedelta(days=1), end=today)
        self.assertEqual(counts["received"], 3)
        self.assertEqual(dict(counts["verdicts"])["Tin giả"], 1)
        self.assertEqual(dict(counts["verdicts"])["Đúng sự thật"], 1)
        self.login(self.editor)
        self.assertContains(self.client.get(reverse("news:stats")), "Tin được báo trong kỳ: 3.")

    def test_the_report_list_takes_a_fixed_number_of_queries(self) -> None:
        for _ in range(3):
            report(self.staff_user)
        self.login(self.editor)
        self.client.get(reverse("news:report_list"))
        # 10: the page's count query (core.paging) came with the pagination.
        with self.assertNumQueries(10):
            self.client.get(reverse("news:report_list"))


class ReportListExportTests(BaseTestCase):
    """The false-news reports as .xlsx (core.xlsx), opened with openpyxl: every report
    the list shows the reader (not one page), the board's scope and a reporter's."""

    def rows(self) -> tuple[list[tuple[Any, ...]], list[Any]]:
        response = self.client.get(reverse("news:report_list_export"))
        self.assertEqual(response.status_code, 200)
        book = load_workbook(io.BytesIO(response.content))
        sheet = [r for r in book["Báo tin giả"].iter_rows(values_only=True) if any(r)]
        header = next(i for i, r in enumerate(sheet) if r[0] == "STT")
        self.assertEqual(
            sheet[header],
            (
                "STT",
                "Ngày báo",
                "Thấy ở đâu",
                "Thấy ngày",
                "Đường dẫn bài đăng",
                "Mô tả",
                "Kết luận",
                "Ngày kết luận",
                "Nguồn đối chiếu",
            ),
        )
        return sheet[header + 1 :], [r[0] for r in sheet[:header]]

    def test_the_board_gets_every_report_and_a_reporter_their_own(self) -> None:
        first = report(self.staff_user, description="=1+1 bài đăng đầu tiên")
        decide(first, self.editor)
        for n in range(25):
            report(self.staff_user, description=f"Bài đăng {n:02}", platform="zalo")
        report(self.head_a, description="Bài của trưởng phòng")
        self.login(self.editor)
        page = self.client.get(reverse("news:report_list"))
        self.assertEqual(len(page.context["reports"]), 25)
        self.assertContains(page, reverse("news:report_list_export"))
        rows, above = self.rows()
        self.assertEqual(len(rows), 27)
        self.assertIn("Phạm vi: Mọi tin được báo", above)
        oldest = rows[-1]
        self.assertEqual(oldest[0], 27)
        self.assertEqual(
            oldest[2:3] + oldest[4:7],
            ("Facebook", "https://facebook.com/p/123", "=1+1 bài đăng đầu tiên", "Tin giả"),
        )
        self.assertEqual(oldest[3], dt.datetime.combine(timezone.localdate(), dt.time()))
        self.assertEqual(oldest[8], "Bộ Y tế, công văn 123/BYT-DP")
        self.assertIsInstance(oldest[7], dt.datetime)
        self.assertEqual((rows[1][2], rows[1][6], rows[1][7]), ("Zalo", "Đang kiểm chứng", None))
        self.login(self.head_a)
        rows, above = self.rows()
        self.assertEqual([r[5] for r in rows], ["Bài của trưởng phòng"])
        self.assertIn("Phạm vi: Tin tôi đã báo", above)
