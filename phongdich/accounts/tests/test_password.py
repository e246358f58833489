"""Password change (signed in) and reset by email (the link in the message)."""

from __future__ import annotations

import re

from django.contrib.auth import SESSION_KEY
from django.core import mail
from django.urls import reverse

from phongdich.core.tests.base import PASSWORD, BaseTestCase

NEW_PASSWORD = "vung-tau-mua-he-2026"


class PasswordChangeTests(BaseTestCase):
    url = reverse("accounts:password_change")

    def change(self, old: str, new1: str, new2: str | None = None):  # type: ignore[no-untyped-def]
        return self.client.post(
            self.url,
            {"old_password": old, "new_password1": new1, "new_password2": new2 or new1},
        )

    def test_it_sends_an_anonymous_visitor_to_the_login_page(self) -> None:
        response = self.client.get(self.url)
        self.assertRedirects(response, f"{reverse('accounts:login')}?next={self.url}")

    def test_it_changes_the_password_and_keeps_the_user_signed_in(self) -> None:
        self.login(self.staff_user)
        response = self.change(PASSWORD, NEW_PASSWORD)
        self.assertRedirects(response, reverse("accounts:password_change_done"))
        self.staff_user.refresh_from_db()
        self.assertTrue(self.staff_user.check_password(NEW_PASSWORD))
        self.assertEqual(self.client.get(reverse("core:home")).status_code, 200)

    def test_the_new_password_logs_in_and_the_old_one_no_longer_does(self) -> None:
        self.login(self.staff_user)
        self.change(PASSWORD, NEW_PASSWORD)
        self.client.logout()
        login = reverse("accounts:login")
        old = self.client.post(login, {"username": "staff", "password": PASSWORD})
        self.assertEqual(old.status_code, 200)
        new = self.client.post(login, {"username": "staff", "password": NEW_PASSWORD})
        self.assertRedirects(new, reverse("core:home"))

    def test_a_wrong_old_password_is_refused(self) -> None:
        self.login(self.staff_user)
        response = self.change("not-my-password", NEW_PASSWORD)
        self.assertEqual(response.status_code, 200)
        self.assertTrue(response.context["form"].errors["old_password"])
        self.staff_user.refresh_from_db()
        self.assertTrue(self.staff_user.check_password(PASSWORD))

    def test_a_weak_new_password_is_refused_by_the_validators(self) -> None:
        self.login(self.staff_user)
        for weak in ("short1", "1234567890123", "password123", "staff@example.vn"):
            with self.subTest(weak):
                response = self.change(PASSWORD, weak)
                self.assertEqual(response.status_code, 200)
                self.assertTrue(response.context["form"].errors["new_password2"])
        self.staff_user.refresh_from_db()
        self.assertTrue(self.staff_user.check_password(PASSWORD))

    def test_mismatched_new_passwords_are_refused(self) -> None:
        self.login(self.staff_user)
        response = self.change(PASSWORD, NEW_PASSWORD, NEW_PASSWORD + "x")
        self.assertEqual(response.status_code, 200)

    def test_other_sessions_of_the_user_are_logged_out(self) -> None:
        from django.test import Client

        other = Client()
        other.force_login(self.staff_user)
        self.login(self.staff_user)
        self.change(PASSWORD, NEW_PASSWORD)
        self.assertEqual(other.get(reverse("core:home")).status_code, 302)


class PasswordResetTests(BaseTestCase):
    url = reverse("accounts:password_reset")

    def request_reset(self, email: str):  # type: ignore[no-untyped-def]
        return self.client.post(self.url, {"email": email})

    def link_in(self, message: mail.EmailMessage) -> str:
        match = re.search(r"https?://[^/\s]+(/\S+)", str(message.body))
        assert match, message.body
        return match.group(1)

    def test_it_mails_a_link_that_sets_a_new_password(self) -> None:
        response = self.request_reset("head_a@example.vn")
        self.assertRedirects(response, reverse("accounts:password_reset_done"))
        self.assertEqual(len(mail.outbox), 1)
        message = mail.outbox[0]
        self.assertEqual(message.to, ["head_a@example.vn"])
        self.assertIn("Đặt lại mật khẩu", message.subject)
        self.assertIn("head_a", message.body)

        form_page = self.client.get(self.link_in(message), follow=True)
        self.assertContains(form_page, "new_password1")
        response = self.client.post(
            form_page.redirect_chain[-1][0],
            {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
        )
        self.assertRedirects(response, reverse("accounts:password_reset_complete"))
        self.head_a.refresh_from_db()
        self.assertTrue(self.head_a.check_password(NEW_PASSWORD))
        self.assertNotIn(SESSION_KEY, self.client.session)

    def test_the_link_works_only_once(self) -> None:
        self.request_reset("head_a@example.vn")
        link = self.link_in(mail.outbox[0])
        page = self.client.get(link, follow=True)
        self.client.post(
            page.redirect_chain[-1][0],
            {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
        )
        again = self.client.get(link, follow=True)
        self.assertContains(again, "không hợp lệ hoặc đã được dùng")
        self.assertNotContains(again, "new_password1")

    def test_a_forged_link_is_refused(self) -> None:
        self.request_reset("head_a@example.vn")
        link = self.link_in(mail.outbox[0])
        forged = link.rstrip("/")[:-3] + "aaa/"
        response = self.client.get(forged, follow=True)
        self.assertContains(response, "không hợp lệ hoặc đã được dùng")

    def test_an_unknown_email_sends_nothing_but_looks_the_same(self) -> None:
        response = self.request_reset("nobody@example.vn")
        self.assertRedirects(response, reverse("accounts:password_reset_done"))
        self.assertEqual(mail.outbox, [])

    def test_an_inactive_account_gets_no_reset_mail(self) -> None:
        self.head_a.is_active = False
        self.head_a.save()
        self.request_reset("head_a@example.vn")
        self.assertEqual(mail.outbox, [])

    def test_the_email_matches_regardless_of_case(self) -> None:
        self.request_reset("HEAD_A@Example.VN")
        self.assertEqual(len(mail.outbox), 1)

    def test_the_pages_are_in_vietnamese(self) -> None:
        self.assertContains(self.client.get(self.url), "Quên mật khẩu")
        done = self.client.get(reverse("accounts:password_reset_done"))
        self.assertContains(done, "Đã gửi email")
