"""The account forms: names NFC-normalised and stripped, passwords never touched."""

from __future__ import annotations

import unicodedata
from typing import Any

from django.contrib.auth import SESSION_KEY
from django.core import mail
from django.urls import reverse

from phongdich.accounts import admin as accounts_admin
from phongdich.accounts import forms
from phongdich.accounts.models import User
from phongdich.core.forms import NFCFormMixin, NFCModelForm
from phongdich.core.tests.base import PASSWORD, BaseTestCase

# A password with decomposed letters and spaces at both ends: stored and checked as typed.
ODD_PASSWORD = "  " + unicodedata.normalize("NFD", "Mật khẩu khó đoán 2026") + " "


def nfd(text: str) -> str:
    return unicodedata.normalize("NFD", text)


class AccountFormsNFCTest(BaseTestCase):
    def test_every_account_form_mixes_in_the_nfc_base(self) -> None:
        for form in (
            forms.LoginForm,
            forms.PasswordChangeForm,
            forms.PasswordResetForm,
            forms.SetPasswordForm,
            forms.UserChangeForm,
            forms.UserCreationForm,
        ):
            with self.subTest(form.__name__):
                self.assertTrue(issubclass(form, NFCFormMixin))
        admin = accounts_admin.PhongdichUserAdmin
        self.assertIs(admin.form, forms.UserChangeForm)
        self.assertIs(admin.add_form, forms.UserCreationForm)
        self.assertTrue(issubclass(accounts_admin.RoleAssignmentInline.form, NFCModelForm))

    def test_the_views_use_the_nfc_forms(self) -> None:
        self.login(self.staff_user)
        page = self.client.get(reverse("accounts:password_change"))
        self.assertIsInstance(page.context["form"], forms.PasswordChangeForm)
        self.client.logout()
        page = self.client.get(reverse("accounts:password_reset"))
        self.assertIsInstance(page.context["form"], forms.PasswordResetForm)

    def test_a_decomposed_username_with_spaces_logs_in(self) -> None:
        user = User.objects.create_user(username="hoàng", password=PASSWORD)
        response = self.client.post(
            reverse("accounts:login"), {"username": f"  {nfd('hoàng')} ", "password": PASSWORD}
        )
        self.assertRedirects(response, reverse("core:home"))
        self.assertEqual(int(self.client.session[SESSION_KEY]), user.pk)

    def test_the_password_is_never_stripped_or_normalised(self) -> None:
        self.login(self.staff_user)
        response = self.client.post(
            reverse("accounts:password_change"),
            {
                "old_password": PASSWORD,
                "new_password1": ODD_PASSWORD,
                "new_password2": ODD_PASSWORD,
            },
        )
        self.assertRedirects(response, reverse("accounts:password_change_done"))
        self.staff_user.refresh_from_db()
        self.assertTrue(self.staff_user.check_password(ODD_PASSWORD))
        self.assertFalse(self.staff_user.check_password(ODD_PASSWORD.strip()))
        self.assertFalse(self.staff_user.check_password(unicodedata.normalize("NFC", ODD_PASSWORD)))
        self.client.logout()
        login = reverse("accounts:login")
        stripped = self.client.post(login, {"username": "staff", "password": ODD_PASSWORD.strip()})
        self.assertEqual(stripped.status_code, 200)
        exact = self.client.post(login, {"username": "staff", "password": ODD_PASSWORD})
        self.assertRedirects(exact, reverse("core:home"))

    def test_the_login_form_leaves_the_password_alone(self) -> None:
        class FieldsOnly(forms.LoginForm):
            def clean(self) -> dict[str, Any]:  # no authentication: the fields only
                return self.cleaned_data

        form = FieldsOnly(data={"username": f" {nfd('hoàng')} ", "password": ODD_PASSWORD})
        self.assertTrue(form.is_valid(), form.errors)
        self.assertEqual(form.cleaned_data["username"], "hoàng")
        self.assertEqual(form.cleaned_data["password"], ODD_PASSWORD)

    def test_a_decomposed_email_with_spaces_gets_the_reset_mail(self) -> None:
        self.head_a.email = "head_a@sở-lao-động.vn"
        self.head_a.save()
        self.client.post(
            reverse("accounts:password_reset"), {"email": f" {nfd('head_a@sở-lao-động.vn')} "}
        )
        self.assertEqual([m.to for m in mail.outbox], [["head_a@sở-lao-động.vn"]])

    def test_names_edited_in_the_admin_are_stored_composed_and_stripped(self) -> None:
        self.login(self.admin)
        user = self.staff_user
        response = self.client.post(
            reverse("admin:accounts_user_change", args=[user.pk]),
            {
                "username": user.username,
                "first_name": f"  {nfd('Nguyễn Thị')} ",
                "last_name": f" {nfd('Hường')}\t",
                "email": f" {user.email} ",
                "is_active": "on",
                "date_joined_0": "01/01/2026",
                "date_joined_1": "08:00:00",
                "role_assignments-TOTAL_FORMS": "0",
                "role_assignments-INITIAL_FORMS": "0",
            },
        )
        self.assertEqual(
            response.status_code, 302, response.context and response.context.get("errors")
        )
        user.refresh_from_db()
        self.assertEqual((user.first_name, user.last_name), ("Nguyễn Thị", "Hường"))
        self.assertTrue(user.check_password(PASSWORD))

    def test_a_user_added_in_the_admin_keeps_the_password_as_typed(self) -> None:
        self.login(self.admin)
        response = self.client.post(
            reverse("admin:accounts_user_add"),
            {
                "username": f" {nfd('thuý')} ",
                "usable_password": "true",
                "password1": ODD_PASSWORD,
                "password2": ODD_PASSWORD,
                "role_assignments-TOTAL_FORMS": "0",
                "role_assignments-INITIAL_FORMS": "0",
            },
        )
        self.assertEqual(
            response.status_code, 302, response.context and response.context.get("errors")
        )
        user = User.objects.get(username="thuý")
        self.assertTrue(user.check_password(ODD_PASSWORD))
