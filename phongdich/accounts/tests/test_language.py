"""The language switch in the top bar: Vietnamese by default, English on request."""

from __future__ import annotations

from django.conf import settings
from django.urls import reverse

from phongdich.core.tests.base import BaseTestCase


class LanguageTests(BaseTestCase):
    def switch(self, language: str, next_url: str):  # type: ignore[no-untyped-def]
        return self.client.post(reverse("set_language"), {"language": language, "next": next_url})

    def test_vietnamese_is_the_default(self) -> None:
        response = self.client.get(reverse("accounts:login"))
        self.assertContains(response, '<html lang="vi">')
        self.assertContains(response, "Mật khẩu")

    def test_switching_to_english_and_back(self) -> None:
        login = reverse("accounts:login")
        response = self.switch("en", login)
        self.assertRedirects(response, login)
        self.assertEqual(self.client.cookies[settings.LANGUAGE_COOKIE_NAME].value, "en")
        page = self.client.post(login, {"username": "", "password": ""})
        self.assertContains(page, '<html lang="en">')
        self.assertContains(page, "This field is required.")
        self.assertContains(page, 'value="vi"')

        self.switch("vi", login)
        page = self.client.post(login, {"username": "", "password": ""})
        self.assertContains(page, '<html lang="vi">')
        self.assertNotContains(page, "This field is required.")
        self.assertContains(page, 'value="en"')

    def test_the_switch_keeps_the_signed_in_user_on_their_page(self) -> None:
        self.login(self.office)
        response = self.switch("en", reverse("org:unit_list"))
        self.assertRedirects(response, reverse("org:unit_list"))
        self.assertContains(self.client.get(reverse("org:unit_list")), '<html lang="en">')

    def test_the_switch_does_not_redirect_to_another_host(self) -> None:
        response = self.switch("en", "https://evil.example/")
        self.assertEqual(response.status_code, 302)
        self.assertFalse(response["Location"].startswith("https://evil.example"))

    def test_an_unknown_language_is_ignored(self) -> None:
        self.switch("fr", reverse("accounts:login"))
        page = self.client.get(reverse("accounts:login"))
        self.assertContains(page, '<html lang="vi">')

    def test_every_page_offers_the_switch(self) -> None:
        self.login(self.guard)
        response = self.client.get(reverse("core:home"))
        self.assertContains(response, f'action="{reverse("set_language")}"')
