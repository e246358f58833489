from __future__ import annotations

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from phongdich.core.names import django_name, given_name


class User(AbstractUser):
    """A person who logs in. Their staff record (``user.staff``) links them to a unit;
    their roles are ``org.RoleAssignment`` rows."""

    class Meta:
        verbose_name = _("người dùng")
        verbose_name_plural = _("người dùng")

    def get_full_name(self) -> str:
        """Family name first (last_name, then the given names in first_name), as
        Vietnamese writes a name; Django's own order is given-first."""
        return django_name(self)

    def get_short_name(self) -> str:
        return given_name(self.first_name) or given_name(self.get_full_name())


class RecoveryCode(models.Model):
    """A one-time code that stands in for the authenticator app (lost phone).

    Only a keyed hash is stored (``phongdich.accounts.two_factor.code_hash``); the
    codes are shown once, when they are made.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="recovery_codes"
    )
    code_hash = models.CharField(max_length=64)
    created_at = models.DateTimeField(auto_now_add=True)
    used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("mã khôi phục")
        verbose_name_plural = _("mã khôi phục")
        indexes = [models.Index(fields=["user", "code_hash"])]

    def __str__(self) -> str:
        return f"{self.user_id} · {gettext('đã dùng') if self.used_at else gettext('chưa dùng')}"


class TrustedBrowser(models.Model):
    """A browser whose user ticked "remember this device": it skips the second factor
    until ``expires_at``. The browser holds a signed cookie with a random key; only the
    key's SHA-256 is stored. Deleting the row revokes it."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="trusted_browsers"
    )
    key_hash = models.CharField(max_length=64, unique=True)
    user_agent = models.CharField(max_length=200, blank=True, default="")
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    last_used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("trình duyệt được ghi nhớ")
        verbose_name_plural = _("trình duyệt được ghi nhớ")

    def __str__(self) -> str:
        return f"{self.user_id} · {self.user_agent[:40]}"
