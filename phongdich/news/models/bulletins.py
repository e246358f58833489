"""The verified bulletin: official notices staff must acknowledge, and reminders."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from phongdich.core.roles import Role
from phongdich.org.models import Unit


class Bulletin(models.Model):
    """An official document (of the province, the ministry or the Sở) the Office
    publishes to an audience: everyone, some units (with the units below them), some
    roles, or units and roles together (anyone in either)."""

    number = models.CharField(_("số, ký hiệu"), max_length=60)
    issued_on = models.DateField(_("ngày ban hành"))
    issuer = models.CharField(_("cơ quan ban hành"), max_length=200)
    summary = models.TextField(_("trích yếu"), max_length=2000)
    original_name = models.CharField(max_length=255)
    stored_path = models.CharField(max_length=300)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    audience_all = models.BooleanField(_("toàn thể cán bộ"), default=False)
    audience_units = models.ManyToManyField(
        Unit, verbose_name=_("đơn vị"), blank=True, related_name="+"
    )
    audience_roles = models.JSONField(_("vai trò"), default=list, blank=True)
    deadline = models.DateField(_("hạn xác nhận"))
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    published_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-published_at", "-pk"]
        verbose_name = _("văn bản trong bản tin")
        verbose_name_plural = _("văn bản trong bản tin")

    def __str__(self) -> str:
        return f"{self.number} · {self.issuer}"

    @property
    def role_labels(self) -> list[str]:
        return [str(Role(r).label) for r in self.audience_roles if r in Role.values]


class Acknowledgement(models.Model):
    """“Tôi đã đọc và sẽ thực hiện”: once per person, with its time; never undone."""

    bulletin = models.ForeignKey(
        Bulletin, on_delete=models.PROTECT, related_name="acknowledgements"
    )
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(default=timezone.now)
    late = models.BooleanField(default=False)

    class Meta:
        ordering = ["at"]
        constraints = [
            models.UniqueConstraint(fields=["bulletin", "user"], name="news_acknowledge_once")
        ]

    def __str__(self) -> str:
        return f"{self.bulletin_id} / {self.user_id}"


class BulletinReminder(models.Model):
    """One row per person reminded per day about a bulletin: a second reminder the same
    day is refused by the unique constraint."""

    bulletin = models.ForeignKey(Bulletin, on_delete=models.CASCADE, related_name="reminders")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    day = models.DateField()
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    sent_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["bulletin", "user", "day"], name="news_one_reminder_a_day"
            )
        ]

    def __str__(self) -> str:
        return f"{self.bulletin_id} / {self.user_id} / {self.day}"
