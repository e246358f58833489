"""The account forms: Django's auth forms with every text field NFC-normalised and
stripped (``core.forms.NFCFormMixin``). Passwords are never touched: the mixin leaves
``PasswordInput`` fields alone, so a password is compared byte for byte."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth import forms as auth_forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from phongdich.core.forms import NFCForm, NFCFormMixin

RESET_EMAIL_TEMPLATE = "accounts/password_reset_email.txt"
RESET_SUBJECT_TEMPLATE = "accounts/password_reset_subject.txt"


class LoginForm(NFCFormMixin, AuthenticationForm):
    username = forms.CharField(
        label=_("Tên đăng nhập hoặc số điện thoại"),
        max_length=150,
        widget=forms.TextInput(attrs={"autofocus": True, "autocomplete": "username"}),
    )
    error_messages = {
        "invalid_login": _(
            "Tên đăng nhập/số điện thoại hoặc mật khẩu không đúng. "
            "Lưu ý: mật khẩu phân biệt chữ hoa và chữ thường."
        ),
        "inactive": _("Tài khoản này đã bị khóa. Vui lòng liên hệ Tổ CNTT."),
    }


class PasswordResetForm(NFCFormMixin, auth_forms.PasswordResetForm):
    """Django's reset form, but ``save`` only queues the mail (see
    ``services.password_reset_request``): the lookup of the account runs in the
    background task, which calls ``send_now``."""

    def save(  # type: ignore[override]
        self,
        domain_override: str | None = None,
        *args: Any,
        use_https: bool = False,
        request: Any = None,
        **kwargs: Any,
    ) -> None:
        from phongdich.accounts.services import password_reset_request

        domain = domain_override or (request.get_host() if request is not None else "")
        password_reset_request(
            email=self.cleaned_data["email"],
            domain=domain,
            use_https=use_https,
            language=get_language() or "vi",
        )

    def send_now(self, *, domain: str, use_https: bool) -> None:
        super().save(
            domain_override=domain,
            use_https=use_https,
            subject_template_name=RESET_SUBJECT_TEMPLATE,
            email_template_name=RESET_EMAIL_TEMPLATE,
        )


class CodeForm(NFCForm):
    """The 6-digit code of the authenticator app (enrolment)."""

    code = forms.CharField(
        label=_("Mã 6 chữ số trong ứng dụng"),
        max_length=12,
        widget=forms.TextInput(
            attrs={
                "autocomplete": "one-time-code",
                "inputmode": "numeric",
                "autofocus": True,
                "pattern": "[0-9 ]*",
            }
        ),
    )


class VerifyForm(NFCForm):
    """A code of the authenticator app, or a one-time recovery code."""

    code = forms.CharField(
        label=_("Mã xác thực hoặc mã khôi phục"),
        max_length=32,
        help_text=_("6 chữ số trong ứng dụng xác thực, hoặc một mã khôi phục dạng xxxxx-xxxxx."),
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "autofocus": True}),
    )
    remember = forms.BooleanField(label=_("Ghi nhớ trình duyệt này"), required=False)

    def __init__(self, *args: Any, remember_days: int = 30, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["remember"].label = _("Ghi nhớ trình duyệt này trong %(n)s ngày") % {
            "n": remember_days
        }


class PasswordChangeForm(NFCFormMixin, auth_forms.PasswordChangeForm):
    """Only passwords: nothing is normalised (kept on the NFC base like every form)."""


class SetPasswordForm(NFCFormMixin, auth_forms.SetPasswordForm):
    """The new password of a reset link: passwords are left as typed."""


class UserChangeForm(NFCFormMixin, auth_forms.UserChangeForm):  # type: ignore[type-arg]
    """The admin's user form: names and e-mail NFC-normalised and stripped."""


class UserCreationForm(NFCFormMixin, auth_forms.AdminUserCreationForm):  # type: ignore[type-arg]
    """The admin's new-user form: the username NFC (then NFKC, Django's rule); passwords
    left as typed."""
