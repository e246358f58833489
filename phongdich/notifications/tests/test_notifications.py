"""In-app notifications: sending (in-app + e-mail), the bell's count, the list page."""

from __future__ import annotations

from django.core import mail
from django.urls import reverse

from phongdich.core.tests.base import BaseTestCase
from phongdich.notifications import selectors, services
from phongdich.notifications.models import Notification


class NotificationSendTests(BaseTestCase):
    def test_it_creates_one_notification_per_user_and_emails_them(self) -> None:
        with self.captureOnCommitCallbacks(execute=True):
            services.notification_send(
                users=[self.head_a, self.head_b, self.head_a],
                title="Nhắc hạn báo cáo",
                body="Còn 3 ngày.",
                url="/chi-dao/1/",
            )
        self.assertEqual(Notification.objects.count(), 2)
        self.assertEqual(
            sorted(m.to[0] for m in mail.outbox), ["head_a@example.vn", "head_b@example.vn"]
        )
        self.assertIn("http://127.0.0.1:8000/chi-dao/1/", mail.outbox[0].body)
        self.assertEqual(mail.outbox[0].subject, "Nhắc hạn báo cáo")

    def test_it_can_skip_the_email(self) -> None:
        with self.captureOnCommitCallbacks(execute=True):
            services.notification_send(users=[self.head_a], title="Chỉ trong ứng dụng", email=False)
        self.assertEqual(len(mail.outbox), 0)
        self.assertEqual(selectors.unread_count(user=self.head_a), 1)

    def test_a_javascript_link_is_never_shown(self) -> None:
        n = Notification(user=self.head_a, title="x", url="javascript:alert(1)")
        self.assertEqual(n.safe_url, "")
        self.assertEqual(Notification(user=self.head_a, title="x", url="/a/").safe_url, "/a/")
        self.assertEqual(Notification(user=self.head_a, title="x", url="//evil/").safe_url, "")


class BellAndListTests(BaseTestCase):
    def test_the_bell_shows_the_unread_count(self) -> None:
        services.notification_send(users=[self.head_a], title="Một", email=False)
        services.notification_send(users=[self.head_a], title="Hai", email=False)
        self.login(self.head_a)
        response = self.client.get(reverse("core:home"))
        self.assertContains(response, 'class="badge count"')
        self.assertContains(response, ">2</span>")

    def test_the_count_is_one_query(self) -> None:
        services.notification_send(users=[self.head_a], title="Một", email=False)
        with self.assertNumQueries(1):
            self.assertEqual(selectors.unread_count(user=self.head_a), 1)

    def test_the_list_shows_only_my_notifications_and_marks_them_read(self) -> None:
        services.notification_send(users=[self.head_a], title="Của A", url="/x/", email=False)
        services.notification_send(users=[self.head_b], title="Của B", email=False)
        self.login(self.head_a)
        response = self.client.get(reverse("notifications:index"))
        self.assertContains(response, "Của A")
        self.assertContains(response, 'href="/x/"')
        self.assertNotContains(response, "Của B")
        self.assertContains(response, "Mới")
        self.assertEqual(selectors.unread_count(user=self.head_a), 0)
        self.assertEqual(selectors.unread_count(user=self.head_b), 1)
        again = self.client.get(reverse("notifications:index"))
        self.assertNotContains(again, "Mới")
        self.assertNotContains(again, 'class="badge count"')

    def test_anonymous_visitors_see_no_bell(self) -> None:
        response = self.client.get(reverse("accounts:login"))
        self.assertNotContains(response, "notifications")
        self.assertNotContains(response, 'class="bell')
