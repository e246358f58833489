"""In-app notifications: a line in a user's inbox with a link, read or not yet read.

Generic on purpose: any module notifies through ``services.notification_send`` (which
also sends the e-mail); nothing here knows what the link points at.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Notification(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    title = models.CharField(_("tiêu đề"), max_length=200)
    body = models.TextField(_("nội dung"), blank=True, default="")
    url = models.CharField(_("liên kết"), max_length=500, blank=True, default="")
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("thông báo")
        verbose_name_plural = _("thông báo")
        indexes = [
            models.Index(fields=["user", "read_at"], name="notification_user_unread"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_read(self) -> bool:
        return self.read_at is not None

    @property
    def safe_url(self) -> str:
        """The link if it is a site path or an http(s) address (never ``javascript:``)."""
        url = self.url.strip()
        if url.startswith("/") and not url.startswith("//"):
            return url
        return url if url.startswith(("https://", "http://")) else ""
