"""Every model page of the admin opens for the Admin role (list and, where allowed, add)."""

from __future__ import annotations

from django.contrib import admin
from django.urls import reverse

from phongdich.core.tests.base import BaseTestCase


class AdminPagesTests(BaseTestCase):
    def test_every_registered_model_list_opens_for_the_admin(self) -> None:
        self.login(self.admin)
        for model in admin.site._registry:
            meta = model._meta
            with self.subTest(model=meta.label):
                url = reverse(f"admin:{meta.app_label}_{meta.model_name}_changelist")
                self.assertEqual(self.client.get(url).status_code, 200)

    def test_the_office_reaches_no_admin_page(self) -> None:
        self.login(self.office)
        for model in admin.site._registry:
            meta = model._meta
            with self.subTest(model=meta.label):
                url = reverse(f"admin:{meta.app_label}_{meta.model_name}_changelist")
                self.assertEqual(self.client.get(url).status_code, 403)
