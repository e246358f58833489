"""Password reset answers the same way, doing the same work, for known and unknown
addresses: the request only queues a background task, which looks the account up
and sends the mail."""

from __future__ import annotations

from unittest import mock

from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from phongdich.accounts.tasks import send_password_reset
from phongdich.core.crypto import decrypt, encrypt
from phongdich.core.tests.base import BaseTestCase


class PasswordResetTaskTests(BaseTestCase):
    url = reverse("accounts:password_reset")

    def post(self, email: str):  # type: ignore[no-untyped-def]
        with mock.patch("phongdich.accounts.tasks.send_password_reset") as task:
            enqueue = task.enqueue
            with CaptureQueriesContext(connection) as queries:
                response = self.client.post(self.url, {"email": email})
        return response, enqueue, [q["sql"] for q in queries.captured_queries]

    def test_known_and_unknown_addresses_get_the_same_answer(self) -> None:
        known, known_task, known_sql = self.post("head_a@example.vn")
        unknown, unknown_task, unknown_sql = self.post("nobody@example.vn")
        self.assertEqual(known.status_code, unknown.status_code)
        self.assertEqual(known["Location"], unknown["Location"])
        self.assertEqual(known.content, unknown.content)
        self.assertEqual(len(known_sql), len(unknown_sql))

    def test_the_request_does_not_look_the_account_up(self) -> None:
        for email in ("head_a@example.vn", "nobody@example.vn"):
            _, enqueue, sql = self.post(email)
            self.assertFalse([q for q in sql if "accounts_user" in q], sql)
            enqueue.assert_called_once()
            self.assertEqual(decrypt(enqueue.call_args.kwargs["sealed_email"]), email)
            self.assertEqual(enqueue.call_args.kwargs["domain"], "testserver")
        self.assertEqual(mail.outbox, [])

    def test_the_task_sends_the_mail_to_a_known_address_only(self) -> None:
        send_password_reset.call(
            sealed_email=encrypt("head_a@example.vn"),
            domain="phongdich.example",
            use_https=True,
            language="vi",
        )
        self.assertEqual(len(mail.outbox), 1)
        self.assertIn("https://phongdich.example/tai-khoan/dat-lai-mat-khau/", mail.outbox[0].body)
        send_password_reset.call(
            sealed_email=encrypt("nobody@example.vn"),
            domain="phongdich.example",
            use_https=True,
            language="vi",
        )
        self.assertEqual(len(mail.outbox), 1)

    def test_the_mail_is_in_the_language_of_the_request(self) -> None:
        self.client.post(
            self.url, {"email": "head_a@example.vn"}, headers={"accept-language": "en"}
        )
        self.assertEqual(len(mail.outbox), 1)
        self.assertNotIn("Đặt lại mật khẩu", mail.outbox[0].subject)
