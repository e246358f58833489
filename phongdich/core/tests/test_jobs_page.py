"""The daily jobs page (core:jobs): who sees it, and the warnings it shows."""

from __future__ import annotations

from datetime import timedelta

from django.core.exceptions import PermissionDenied
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from phongdich.checkin.tasks import next_purge_at, purge_expired_daily
from phongdich.core.models import JobRun
from phongdich.core.scheduling import DAILY_JOBS
from phongdich.core.selectors import daily_jobs_state
from phongdich.core.tests.base import BaseTestCase
from phongdich.directives.tasks import send_reminders_daily

PURGE = purge_expired_daily.module_path
REMIND = send_reminders_daily.module_path
URL = "/he-thong/tac-vu/"
DB_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}


def ran(name: str, hours_ago: float, outcome: str = "ok", **kw: object) -> JobRun:
    start = timezone.now() - timedelta(hours=hours_ago)
    return JobRun.objects.create(
        name=name,
        started_at=start,
        finished_at=start + timedelta(seconds=3),
        outcome=outcome,
        **kw,
    )


class JobsPageAccessTests(BaseTestCase):
    def test_the_url_is_the_vietnamese_path(self) -> None:
        self.assertEqual(reverse("core:jobs"), URL)

    def test_an_anonymous_visitor_is_sent_to_the_login_page(self) -> None:
        response = self.client.get(URL)
        self.assertRedirects(response, reverse("accounts:login") + "?next=" + URL)

    def test_the_admin_and_the_it_team_see_it(self) -> None:
        for user in (self.admin, self.it):
            self.login(user)
            self.assertEqual(self.client.get(URL).status_code, 200, user)

    def test_every_other_role_is_refused(self) -> None:
        for name, user in self.cast.items():
            if name in {"admin", "it"}:
                continue
            self.login(user)
            self.assertEqual(self.client.get(URL).status_code, 403, name)

    def test_the_selector_refuses_other_roles_too(self) -> None:
        with self.assertRaises(PermissionDenied):
            daily_jobs_state(user=self.director)

    def test_only_get_is_allowed(self) -> None:
        self.login(self.admin)
        self.assertEqual(self.client.post(URL).status_code, 405)

    def test_the_home_of_admin_and_it_links_to_it_and_no_one_else_s(self) -> None:
        for name, user in self.cast.items():
            self.login(user)
            response = self.client.get(reverse("core:home"))
            if name in {"admin", "it"}:
                self.assertContains(response, URL)
            else:
                self.assertNotContains(response, URL)


class JobsPageWarningTests(BaseTestCase):
    def setUp(self) -> None:
        super().setUp()
        # Daily jobs of other modules (adoption's reminders…) ran an hour ago: these
        # tests are about the purge and the report reminders.
        for name in DAILY_JOBS.keys() - {PURGE, REMIND}:
            ran(name, 1)

    def page(self) -> str:
        self.login(self.it)
        response = self.client.get(URL)
        self.assertEqual(response.status_code, 200)
        return response.content.decode()

    def state(self, name: str) -> object:
        return next(s for s in daily_jobs_state(user=self.admin) if s.job.name == name)

    def test_a_job_that_never_ran_is_reported(self) -> None:
        html = self.page()
        self.assertIn("Xoá dữ liệu cá nhân quá hạn lưu giữ", html)
        self.assertIn("Nhắc hạn báo cáo", html)
        self.assertEqual(self.state(PURGE).warnings, ["Chưa chạy lần nào."])
        self.assertIn("2 tác vụ cần kiểm tra.", html)

    def test_a_run_within_26_hours_is_fine(self) -> None:
        ran(PURGE, 25.5, counts={"visits": 12, "declarations": 3})
        ran(REMIND, 1)
        self.assertEqual(self.state(PURGE).warnings, [])
        html = self.page()
        self.assertIn("Mọi tác vụ đều đã chạy đúng lịch.", html)
        self.assertIn("lượt ra vào: 12", html)
        self.assertIn("tờ khai: 3", html)
        self.assertNotIn("Cảnh báo:", html)

    def test_no_run_for_more_than_26_hours_is_warned(self) -> None:
        run = ran(PURGE, 26.5)
        ran(REMIND, 1)
        at = timezone.localtime(run.started_at).strftime("%d/%m/%Y %H:%M")
        warning = f"Không chạy trong hơn 26 giờ (lần gần nhất bắt đầu lúc {at})."
        self.assertEqual(self.state(PURGE).warnings, [warning])
        html = self.page()
        self.assertIn(warning, html)
        self.assertIn("1 tác vụ cần kiểm tra.", html)

    def test_the_warning_follows_the_clock(self) -> None:
        ran(PURGE, 1)
        later = timezone.now() + timedelta(hours=26, minutes=1)
        state = next(s for s in daily_jobs_state(user=self.admin, now=later) if s.job.name == PURGE)
        self.assertEqual(len(state.warnings), 1)
        self.assertIn("26 giờ", state.warnings[0])

    def test_a_failed_last_run_is_warned_with_its_error_and_the_last_success(self) -> None:
        ok = ran(PURGE, 30)
        ran(PURGE, 2, outcome="failed", error="RuntimeError: ổ đĩa đầy")
        state = self.state(PURGE)
        self.assertEqual(state.warnings, ["Lần chạy gần nhất bị lỗi."])
        self.assertEqual(state.last_ok, ok)
        html = self.page()
        self.assertIn("RuntimeError: ổ đĩa đầy", html)
        self.assertIn("Lần thành công gần nhất:", html)

    def test_the_last_run_is_the_newest(self) -> None:
        ran(PURGE, 50, outcome="failed")
        newest = ran(PURGE, 3)
        self.assertEqual(self.state(PURGE).last, newest)

    @override_settings(TASKS=DB_TASKS)
    def test_a_job_with_nothing_queued_is_warned_and_a_queued_one_shows_its_next_run(
        self,
    ) -> None:
        ran(PURGE, 1)
        ran(REMIND, 1)
        purge_expired_daily.using(run_after=next_purge_at()).enqueue()
        purge, remind = self.state(PURGE), self.state(REMIND)
        self.assertEqual(purge.warnings, [])
        self.assertEqual(purge.next_queued, next_purge_at())
        self.assertEqual(len(remind.warnings), 1)
        self.assertIn("hàng đợi", remind.warnings[0])

    def test_the_state_takes_two_queries_without_a_queue(self) -> None:
        ran(PURGE, 1)
        daily_jobs_state(user=self.admin)  # roles cached on the user
        with self.assertNumQueries(2):  # no queue lookup on a backend that cannot defer
            daily_jobs_state(user=self.admin)

    @override_settings(TASKS=DB_TASKS)
    def test_the_state_takes_three_queries_with_the_database_queue(self) -> None:
        daily_jobs_state(user=self.admin)
        with self.assertNumQueries(3):
            daily_jobs_state(user=self.admin)
