"""Notifications have no form: the one write (notification_send) stores NFC text."""

from __future__ import annotations

import unicodedata

from phongdich.core.forms import NFCModelForm
from phongdich.core.tests.base import BaseTestCase
from phongdich.notifications import admin as notifications_admin
from phongdich.notifications import services
from phongdich.notifications.models import Notification


class NotificationTextTest(BaseTestCase):
    def test_a_decomposed_title_and_body_are_stored_composed_and_stripped(self) -> None:
        title, body = "Nhắc hạn báo cáo tuần", "Còn 3 ngày để gửi báo cáo.\nXin cảm ơn."
        services.notification_send(
            users=[self.head_a],
            title=f"  {unicodedata.normalize('NFD', title)} ",
            body=f"\n {unicodedata.normalize('NFD', body)}  ",
            email=False,
        )
        stored = Notification.objects.get()
        self.assertEqual((stored.title, stored.body), (title, body))

    def test_the_admin_form_is_an_nfc_form(self) -> None:
        self.assertTrue(issubclass(notifications_admin.NotificationAdmin.form, NFCModelForm))
