"""The lockout protects the account: failures count per account across addresses and
per address across accounts; a locked account stays locked for the right password
from a new address until the cool-off ends or an Admin unlocks it (audited)."""

from __future__ import annotations

from axes.models import AccessAttempt
from django.contrib.auth import SESSION_KEY
from django.test import override_settings
from django.urls import reverse

from phongdich.core.models import AuditEvent
from phongdich.core.tests.base import PASSWORD, BaseTestCase

WRONG = "wrong-password-000"


class AccountLockTests(BaseTestCase):
    url = reverse("accounts:login")

    def attempt(self, username: str, password: str = WRONG, ip: str = "203.0.113.1"):  # type: ignore[no-untyped-def]
        return self.client.post(
            self.url, {"username": username, "password": password}, REMOTE_ADDR=ip
        )

    def test_failures_from_many_addresses_lock_the_account(self) -> None:
        codes = [self.attempt("head_a", ip=f"203.0.113.{n}").status_code for n in range(1, 6)]
        self.assertEqual(codes, [200, 200, 200, 200, 429])

    def test_the_right_password_from_a_new_address_is_refused_while_locked(self) -> None:
        for n in range(1, 6):
            self.attempt("head_a", ip=f"203.0.113.{n}")
        response = self.attempt("head_a", PASSWORD, ip="198.51.100.200")
        self.assertEqual(response.status_code, 429)
        self.assertNotIn(SESSION_KEY, self.client.session)
        self.assertContains(response, "Tài khoản này đã bị tạm khóa", status_code=429)
        self.assertContains(response, "thử lại sau 15 phút", status_code=429)

    def test_other_accounts_log_in_from_the_same_addresses(self) -> None:
        for n in range(1, 6):
            self.attempt("head_a", ip=f"203.0.113.{n}")
        response = self.attempt("head_b", PASSWORD, ip="203.0.113.1")
        self.assertRedirects(response, reverse("core:home"))

    def test_the_page_counts_down_from_the_failure_that_locked(self) -> None:
        from datetime import timedelta

        from django.utils import timezone

        for n in range(1, 6):
            self.attempt("head_a", ip=f"203.0.113.{n}")
        AccessAttempt.objects.update(attempt_time=timezone.now() - timedelta(minutes=10))
        response = self.attempt("head_a", PASSWORD, ip="198.51.100.7")
        self.assertContains(response, "thử lại sau 5 phút", status_code=429)
        # Refused tries do not extend the lock.
        response = self.attempt("head_a", ip="198.51.100.8")
        self.assertContains(response, "thử lại sau 5 phút", status_code=429)

    def test_the_lock_ends_after_the_cool_off_whatever_the_address(self) -> None:
        from datetime import timedelta

        from django.utils import timezone

        for n in range(1, 6):
            self.attempt("head_a", ip=f"203.0.113.{n}")
        AccessAttempt.objects.update(attempt_time=timezone.now() - timedelta(minutes=16))
        response = self.attempt("head_a", PASSWORD, ip="198.51.100.7")
        self.assertRedirects(response, reverse("core:home"))

    def test_an_admin_unlocks_the_account_and_it_is_audited(self) -> None:
        for n in range(1, 6):
            self.attempt("head_a", ip=f"203.0.113.{n}")
        self.client.force_login(self.admin)
        response = self.client.post(
            reverse("admin:accounts_user_changelist"),
            {"action": "unlock_login", "_selected_action": [self.head_a.pk]},
            follow=True,
        )
        self.assertContains(response, "Đã mở khóa đăng nhập 1 tài khoản.")
        event = AuditEvent.objects.get(action="accounts.login.unlock")
        self.assertEqual(event.actor, self.admin)
        self.assertEqual(event.object_id, str(self.head_a.pk))
        self.assertEqual(event.detail, {"attempts": 5})
        self.client.logout()
        response = self.attempt("head_a", PASSWORD, ip="198.51.100.200")
        self.assertRedirects(response, reverse("core:home"))

    def test_only_the_admin_role_reaches_the_unlock(self) -> None:
        for n in range(1, 6):
            self.attempt("head_a", ip=f"203.0.113.{n}")
        self.client.force_login(self.it)
        response = self.client.post(
            reverse("admin:accounts_user_changelist"),
            {"action": "unlock_login", "_selected_action": [self.head_a.pk]},
        )
        self.assertEqual(response.status_code, 403)
        self.assertEqual(AccessAttempt.objects.filter(username="head_a").count(), 5)


@override_settings(AXES_ADDRESS_FAILURE_LIMIT=6)
class AddressLockTests(BaseTestCase):
    url = reverse("accounts:login")

    def attempt(self, username: str, password: str = WRONG, ip: str = "203.0.113.50"):  # type: ignore[no-untyped-def]
        return self.client.post(
            self.url, {"username": username, "password": password}, REMOTE_ADDR=ip
        )

    def test_one_address_guessing_many_accounts_is_locked(self) -> None:
        names = ["head_a", "head_b", "guard", "staff", "editor", "nobody"]
        codes = [self.attempt(name).status_code for name in names]
        self.assertEqual(codes, [200, 200, 200, 200, 200, 429])
        response = self.attempt("director", PASSWORD)
        self.assertEqual(response.status_code, 429)
        self.assertContains(response, "từ địa chỉ mạng này", status_code=429)

    def test_the_locked_address_does_not_lock_those_accounts_elsewhere(self) -> None:
        for name in ["head_a", "head_b", "guard", "staff", "editor", "nobody"]:
            self.attempt(name)
        response = self.attempt("head_a", PASSWORD, ip="198.51.100.9")
        self.assertRedirects(response, reverse("core:home"))

    def test_logging_in_to_ones_own_account_does_not_clear_the_address(self) -> None:
        for name in ["head_a", "head_b", "guard", "staff", "editor"]:
            self.attempt(name)
        self.attempt("staff", PASSWORD)  # an account of the attacker: its failure is gone
        self.client.logout()
        self.assertEqual(AccessAttempt.objects.filter(username="staff").count(), 0)
        # The other accounts' failures from this address still count.
        self.assertEqual(self.attempt("nobody").status_code, 200)
        self.assertEqual(self.attempt("nobody2").status_code, 429)

    def test_the_limits_are_settings(self) -> None:
        from django.conf import settings

        self.assertEqual(settings.AXES_FAILURE_LIMIT, 5)
        self.assertEqual(settings.AXES_ADDRESS_FAILURE_LIMIT, 6)
        self.assertEqual(settings.AXES_COOLOFF_TIME, 0.25)
