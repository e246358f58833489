"""Idle timeout: the session lives SESSION_COOKIE_AGE after the last request."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.contrib.sessions.models import Session
from django.urls import reverse
from django.utils import timezone

from phongdich.core.tests.base import BaseTestCase


class IdleTimeoutTests(BaseTestCase):
    def setUp(self) -> None:
        self.login(self.office)
        self.key = self.client.session.session_key

    def expiry(self) -> timedelta:
        return Session.objects.get(session_key=self.key).expire_date - timezone.now()

    def test_the_idle_timeout_is_thirty_minutes_and_renewed_on_each_request(self) -> None:
        self.assertEqual(settings.SESSION_COOKIE_AGE, 30 * 60)
        self.assertTrue(settings.SESSION_SAVE_EVERY_REQUEST)
        self.assertFalse(settings.SESSION_EXPIRE_AT_BROWSER_CLOSE)

    def test_each_request_moves_the_expiry_forward(self) -> None:
        Session.objects.filter(session_key=self.key).update(
            expire_date=timezone.now() + timedelta(minutes=2)
        )
        self.assertLess(self.expiry(), timedelta(minutes=3))
        response = self.client.get(reverse("core:home"))
        self.assertEqual(response.status_code, 200)
        remaining = self.expiry()
        self.assertGreater(remaining, timedelta(minutes=29))
        self.assertLessEqual(remaining, timedelta(minutes=30))

    def test_each_response_renews_the_cookie_for_the_idle_period(self) -> None:
        response = self.client.get(reverse("org:unit_list"))
        cookie = response.cookies[settings.SESSION_COOKIE_NAME]
        self.assertEqual(cookie["max-age"], settings.SESSION_COOKIE_AGE)
        self.assertTrue(cookie["httponly"])
        self.assertEqual(cookie["samesite"], "Lax")

    def test_an_expired_session_is_logged_out(self) -> None:
        Session.objects.filter(session_key=self.key).update(
            expire_date=timezone.now() - timedelta(seconds=1)
        )
        response = self.client.get(reverse("core:home"))
        self.assertRedirects(response, f"{reverse('accounts:login')}?next=/")

    def test_a_session_idle_just_short_of_the_limit_still_works(self) -> None:
        Session.objects.filter(session_key=self.key).update(
            expire_date=timezone.now() + timedelta(seconds=5)
        )
        self.assertEqual(self.client.get(reverse("core:home")).status_code, 200)
