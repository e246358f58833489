"""django-axes: AXES_FAILURE_LIMIT failures lock the account out, in Vietnamese, with 429."""

from __future__ import annotations

from axes.models import AccessAttempt
from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.test import override_settings
from django.urls import reverse

from phongdich.core.tests.base import PASSWORD, BaseTestCase


class LockoutTests(BaseTestCase):
    url = reverse("accounts:login")

    def attempt(self, username: str, password: str = "wrong-password-000", **extra):  # type: ignore[no-untyped-def]
        return self.client.post(self.url, {"username": username, "password": password}, **extra)

    def fail_times(self, username: str, times: int, **extra) -> list[int]:  # type: ignore[no-untyped-def]
        return [self.attempt(username, **extra).status_code for _ in range(times)]

    def test_the_limit_is_five(self) -> None:
        self.assertEqual(settings.AXES_FAILURE_LIMIT, 5)

    def test_four_failures_still_show_the_form(self) -> None:
        self.assertEqual(self.fail_times("head_a", 4), [200] * 4)
        response = self.attempt("head_a", PASSWORD)
        self.assertRedirects(response, reverse("core:home"))

    def test_the_fifth_failure_locks_the_account_out_with_a_vietnamese_429(self) -> None:
        codes = self.fail_times("head_a", 5)
        self.assertEqual(codes, [200, 200, 200, 200, 429])
        response = self.attempt("head_a")
        self.assertEqual(response.status_code, 429)
        self.assertContains(response, "Tạm khóa đăng nhập", status_code=429)
        self.assertContains(response, "thử lại sau 15 phút", status_code=429)
        self.assertTemplateUsed(response, "accounts/lockout.html")

    def test_the_correct_password_fails_while_locked_out(self) -> None:
        self.fail_times("head_a", 5)
        response = self.attempt("head_a", PASSWORD)
        self.assertEqual(response.status_code, 429)
        self.assertNotIn(SESSION_KEY, self.client.session)

    def test_every_spelling_of_a_phone_counts_against_the_same_account(self) -> None:
        phone = self.head_a.staff.phone  # +8498…
        national = "0" + phone[3:]
        spellings = [phone, national, phone[1:], national[:4] + " " + national[4:], "head_a"]
        codes = [self.attempt(s).status_code for s in spellings]
        self.assertEqual(codes, [200, 200, 200, 200, 429])
        self.assertEqual(self.attempt(national, PASSWORD).status_code, 429)
        self.assertEqual(self.attempt("head_a", PASSWORD).status_code, 429)

    def test_a_lockout_does_not_touch_other_accounts(self) -> None:
        self.fail_times("head_a", 5)
        response = self.attempt("head_b", PASSWORD)
        self.assertRedirects(response, reverse("core:home"))

    def test_a_success_before_the_limit_resets_the_count(self) -> None:
        self.fail_times("head_a", 4)
        self.attempt("head_a", PASSWORD)
        self.client.logout()
        self.assertEqual(self.fail_times("head_a", 4), [200] * 4)

    def test_the_lockout_ends_after_the_cool_off(self) -> None:
        self.fail_times("head_a", 5)
        AccessAttempt.objects.update(attempt_time="2000-01-01T00:00:00Z")
        response = self.attempt("head_a", PASSWORD)
        self.assertRedirects(response, reverse("core:home"))

    @override_settings(AXES_COOLOFF_TIME=0.5)
    def test_the_page_states_the_configured_wait(self) -> None:
        self.fail_times("head_a", 5)
        self.assertContains(self.attempt("head_a"), "30 phút", status_code=429)
