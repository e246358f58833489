from __future__ import annotations

from django.contrib.auth import SESSION_KEY
from django.urls import reverse

from phongdich.core.tests.base import PASSWORD, BaseTestCase


class LoginTests(BaseTestCase):
    url = reverse("accounts:login")

    def post(self, username: str, password: str = PASSWORD, **extra: str):  # type: ignore[no-untyped-def]
        return self.client.post(self.url, {"username": username, "password": password, **extra})

    def logged_in_as(self) -> int | None:
        value = self.client.session.get(SESSION_KEY)
        return int(value) if value is not None else None

    def test_it_shows_the_form_in_vietnamese(self) -> None:
        response = self.client.get(self.url)
        self.assertContains(response, "Tên đăng nhập hoặc số điện thoại")
        self.assertContains(response, 'lang="vi"')

    def test_it_logs_in_by_username_and_goes_home(self) -> None:
        response = self.post("head_a")
        self.assertRedirects(response, reverse("core:home"))
        self.assertEqual(self.logged_in_as(), self.head_a.pk)

    def test_it_logs_in_by_the_phone_of_the_staff_record_in_any_format(self) -> None:
        staff = self.head_b.staff
        staff.phone = "+84912345678"
        staff.save()
        for spelling in (
            "0912345678",
            "+84 912 345 678",
            "84912345678",
            "+84912345678",
            "0912.345.678",
            "0912-345-678",
            "0084912345678",
            " (091) 234 5678 ",
        ):
            with self.subTest(spelling):
                self.client.logout()
                response = self.post(spelling)
                self.assertRedirects(response, reverse("core:home"))
                self.assertEqual(self.logged_in_as(), self.head_b.pk)

    def test_a_phone_with_the_wrong_password_does_not_log_in(self) -> None:
        response = self.post("0980000004", password="wrong-password-123")
        self.assertEqual(response.status_code, 200)
        self.assertIsNone(self.logged_in_as())

    def test_a_phone_that_belongs_to_no_account_does_not_log_in(self) -> None:
        # staff_a has a staff record but no account.
        response = self.post("0912000001")
        self.assertEqual(response.status_code, 200)
        self.assertIsNone(self.logged_in_as())

    def test_a_wrong_password_shows_the_vietnamese_error_and_keeps_the_username(self) -> None:
        response = self.post("head_a", password="not-the-password")
        self.assertContains(response, "Tên đăng nhập/số điện thoại hoặc mật khẩu không đúng")
        self.assertContains(response, 'value="head_a"')
        self.assertIsNone(self.logged_in_as())

    def test_an_unknown_username_shows_the_same_error(self) -> None:
        response = self.post("nobody")
        self.assertContains(response, "Tên đăng nhập/số điện thoại hoặc mật khẩu không đúng")

    def test_an_inactive_account_cannot_log_in_even_by_phone(self) -> None:
        self.guard.is_active = False
        self.guard.save()
        for username in ("guard", self.guard.staff.phone):
            with self.subTest(username):
                response = self.post(username)
                self.assertEqual(response.status_code, 200)
                self.assertIsNone(self.logged_in_as())

    def test_the_username_is_case_sensitive(self) -> None:
        response = self.post("HEAD_A")
        self.assertEqual(response.status_code, 200)
        self.assertIsNone(self.logged_in_as())

    def test_it_follows_a_safe_next_url(self) -> None:
        # head_a needs no second factor (see test_two_factor.py for those who do).
        response = self.post("head_a", next=reverse("org:staff_list"))
        self.assertRedirects(response, reverse("org:staff_list"))

    def test_it_ignores_a_next_url_on_another_host(self) -> None:
        response = self.post("head_a", next="https://evil.example/steal")
        self.assertRedirects(response, reverse("core:home"))

    def test_a_signed_in_user_is_sent_home_from_the_login_page(self) -> None:
        self.login(self.tracer)
        self.assertRedirects(self.client.get(self.url), reverse("core:home"))

    def test_logging_in_rotates_the_session_key(self) -> None:
        self.client.get(self.url)
        self.client.cookies["sessionid"] = "attacker-chosen-session-id"
        self.post("director")
        self.assertNotEqual(self.client.cookies["sessionid"].value, "attacker-chosen-session-id")


class LogoutTests(BaseTestCase):
    url = reverse("accounts:logout")

    def test_it_logs_out_on_post_and_goes_to_the_login_page(self) -> None:
        self.login(self.director)
        response = self.client.post(self.url)
        self.assertRedirects(response, reverse("accounts:login"))
        self.assertNotIn(SESSION_KEY, self.client.session)
        home = self.client.get(reverse("core:home"))
        self.assertEqual(home.status_code, 302)

    def test_it_refuses_a_get(self) -> None:
        self.login(self.director)
        self.assertEqual(self.client.get(self.url).status_code, 405)
        self.assertIn(SESSION_KEY, self.client.session)

    def test_it_refuses_a_post_without_a_csrf_token(self) -> None:
        from django.test import Client

        client = Client(enforce_csrf_checks=True)
        client.force_login(self.director)
        response = client.post(self.url)
        self.assertEqual(response.status_code, 403)
        self.assertIn(SESSION_KEY, client.session)

    def test_every_page_of_a_signed_in_user_has_a_logout_form(self) -> None:
        self.login(self.staff_user)
        response = self.client.get(reverse("core:home"))
        self.assertContains(response, f'method="post" action="{self.url}"')


class UsernameNormalisationTests(BaseTestCase):
    def test_a_username_typed_with_full_width_letters_matches(self) -> None:
        response = self.client.post(
            reverse("accounts:login"), {"username": "ｈｅａｄ_ａ", "password": PASSWORD}
        )
        self.assertRedirects(response, reverse("core:home"))
