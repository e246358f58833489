"""The organisation forms (and the admin's) keep text NFC-normalised and stripped."""

from __future__ import annotations

import unicodedata

from django.urls import reverse

from phongdich.core.forms import NFCForm, NFCModelForm
from phongdich.core.tests.base import BaseTestCase
from phongdich.org import admin as org_admin
from phongdich.org.forms import StaffFilterForm, StaffImportForm
from phongdich.org.models import Unit


def nfd(text: str) -> str:
    return unicodedata.normalize("NFD", text)


class OrgFormsNFCTest(BaseTestCase):
    def test_every_org_form_is_an_nfc_form(self) -> None:
        self.assertTrue(issubclass(StaffImportForm, NFCForm))
        self.assertTrue(issubclass(StaffFilterForm, NFCForm))
        for model_admin in (org_admin.UnitAdmin, org_admin.StaffAdmin):
            with self.subTest(model_admin.__name__):
                self.assertTrue(issubclass(model_admin.form, NFCModelForm))

    def test_the_directory_search_gets_a_composed_stripped_query(self) -> None:
        form = StaffFilterForm({"q": f"  {nfd('Nguyễn Văn Ạ')} "}, units=Unit.objects.all())
        self.assertTrue(form.is_valid(), form.errors)
        self.assertEqual(form.cleaned_data["q"], "Nguyễn Văn Ạ")

    def test_a_decomposed_search_finds_the_composed_name(self) -> None:
        self.login(self.office)
        response = self.client.get(reverse("org:staff_list"), {"q": f" {nfd('Nguyễn Văn Ạ')} "})
        self.assertContains(response, "Nguyễn Văn Ạ")
        self.assertNotContains(response, "Trần Thị Bê")

    def test_a_unit_added_in_the_admin_is_stored_composed_and_stripped(self) -> None:
        name = "Phòng Kế hoạch – Tài chính"
        self.login(self.admin)
        response = self.client.post(
            reverse("admin:org_unit_add"),
            {
                "code": " P-KHTC ",
                "name": f"  {nfd(name)} ",
                "short_name": f" {nfd('KH-TC')} ",
                "kind": "division",
                "parent": str(self.dept.pk),
                "sort_order": "0",
                "is_active": "on",
            },
        )
        self.assertEqual(response.status_code, 302, getattr(response, "context", None))
        unit = Unit.objects.get(code="P-KHTC")
        self.assertEqual((unit.name, unit.short_name), (name, "KH-TC"))
