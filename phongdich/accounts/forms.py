"""The account forms: Django's auth forms with every text field NFC-normalised and
stripped (``core.forms.NFCFormMixin``). Passwords are never touched: the mixin leaves
``PasswordInput`` fields alone, so a password is compared byte for byte."""

from django import forms
from django.contrib.auth import forms as auth_forms
from django.utils.translation import gettext_lazy as _

from phongdich.core.forms import NFCFormMixin


class LoginForm(NFCFormMixin, auth_forms.AuthenticationForm):
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


class PasswordChangeForm(NFCFormMixin, auth_forms.PasswordChangeForm):
    """Only passwords: nothing is normalised (kept on the NFC base like every form)."""


class PasswordResetForm(NFCFormMixin, auth_forms.PasswordResetForm):
    """The e-mail address arrives NFC-normalised and stripped."""


class SetPasswordForm(NFCFormMixin, auth_forms.SetPasswordForm):
    """The new password of a reset link: passwords are left as typed."""


class UserChangeForm(NFCFormMixin, auth_forms.UserChangeForm):  # type: ignore[type-arg]
    """The admin's user form: names and e-mail NFC-normalised and stripped."""


class UserCreationForm(NFCFormMixin, auth_forms.AdminUserCreationForm):  # type: ignore[type-arg]
    """The admin's new-user form: the username NFC (then NFKC, Django's rule); passwords
    left as typed."""
