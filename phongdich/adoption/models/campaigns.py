"""Campaigns to get people to install apps, and the log that caps reminders at one a day."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from phongdich.adoption.models.catalogue import RequiredApp
from phongdich.adoption.models.unions import Union
from phongdich.org.models import Staff, Unit


class Denominator(models.TextChoices):
    ALL = "all", _("Trên tổng số cán bộ")
    SMARTPHONE = "smartphone", _("Trên số cán bộ có điện thoại thông minh")


class Campaign(models.Model):
    class State(models.TextChoices):
        OPEN = "open", _("Đang diễn ra")
        CLOSED = "closed", _("Đã kết thúc")

    title = models.CharField(_("tên chiến dịch"), max_length=200)
    apps = models.ManyToManyField(RequiredApp, verbose_name=_("ứng dụng"), related_name="+")
    union = models.ForeignKey(
        Union,
        verbose_name=_("chỉ đoàn viên, hội viên của"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    units = models.ManyToManyField(Unit, verbose_name=_("đơn vị"), blank=True, related_name="+")
    target_percent = models.PositiveSmallIntegerField(_("chỉ tiêu (%)"))
    denominator = models.CharField(
        _("cách tính tỷ lệ"), max_length=16, choices=Denominator.choices, default=Denominator.ALL
    )
    starts_on = models.DateField(_("bắt đầu"))
    deadline = models.DateField(_("hạn"))
    state = models.CharField(max_length=8, choices=State.choices, default=State.OPEN)
    figures = models.JSONField(_("kết quả khi kết thúc"), default=dict, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["state", "-deadline", "-pk"]
        verbose_name = _("chiến dịch cài đặt ứng dụng")
        verbose_name_plural = _("chiến dịch cài đặt ứng dụng")

    def __str__(self) -> str:
        return self.title

    @property
    def is_open(self) -> bool:
        return self.state == self.State.OPEN


class ReminderLog(models.Model):
    """One row per person, day and kind: the unique constraint is what caps reminders
    at one a day per person, whichever campaign or task sends them."""

    class Kind(models.TextChoices):
        REMINDER = "reminder", _("Nhắc cài đặt")
        CHECKIN_PROMPT = "checkin", _("Hỏi khi check-in")

    staff = models.ForeignKey(Staff, on_delete=models.CASCADE, related_name="+")
    day = models.DateField()
    kind = models.CharField(max_length=8, choices=Kind.choices, default=Kind.REMINDER)
    campaign = models.ForeignKey(
        Campaign, null=True, blank=True, on_delete=models.SET_NULL, related_name="reminders"
    )
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-day"]
        constraints = [
            models.UniqueConstraint(
                fields=["staff", "day", "kind"], name="adoption_reminder_once_a_day"
            )
        ]

    def __str__(self) -> str:
        return f"{self.staff_id} {self.day} {self.kind}"
