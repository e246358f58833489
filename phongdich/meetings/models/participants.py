"""Who is invited, what they answered, the reminders sent and the personal iCal feeds."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from phongdich.core.crypto import EncryptedTextField
from phongdich.meetings.models.meetings import Meeting
from phongdich.org.models import Unit


class Invitation(models.Model):
    """One person invited to one meeting, for ``unit`` (the unit they represent).

    A delegation closes the invitation (``DELEGATED``) and opens one for the delegate
    (``delegated_from``); attendance is confirmed on the invitation after the meeting.
    """

    class Reply(models.TextChoices):
        PENDING = "pending", _("Chưa trả lời")
        ATTEND = "attend", _("Tham dự")
        DELEGATED = "delegated", _("Cử người khác dự thay")
        DECLINED = "declined", _("Không tham dự được")

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="invitations")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="meeting_invitations"
    )
    unit = models.ForeignKey(
        Unit, verbose_name=_("đơn vị"), on_delete=models.PROTECT, related_name="+"
    )
    via_unit = models.BooleanField(default=False)  # invited as the unit's representative
    reply = models.CharField(max_length=16, choices=Reply.choices, default=Reply.PENDING)
    # Why one cannot attend may be health or family: personal data, encrypted.
    reason = EncryptedTextField(_("lý do"), blank=True, default="")
    delegated_from = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="delegated_to"
    )
    replied_at = models.DateTimeField(null=True, blank=True)
    notified_at = models.DateTimeField(null=True, blank=True)
    joined_at = models.DateTimeField(null=True, blank=True)  # first click on the join link
    attended = models.BooleanField(null=True, blank=True)  # confirmed after the meeting
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["unit__path", "pk"]
        verbose_name = _("giấy mời")
        verbose_name_plural = _("giấy mời")
        constraints = [
            models.UniqueConstraint(fields=["meeting", "user"], name="meetings_invite_once")
        ]

    def __str__(self) -> str:
        return f"{self.meeting_id} · {self.user_id}"

    @property
    def expected(self) -> bool:
        """Counts in the attendance rate (a delegated invitation is replaced by the delegate's)."""
        return self.reply != self.Reply.DELEGATED


class ReminderSent(models.Model):
    """The reminder log: one row per meeting, person and kind, so none is sent twice."""

    class Kind(models.TextChoices):
        DAY = "day", _("Trước 1 ngày")
        SOON = "soon", _("Trước 30 phút")

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="reminders")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=8, choices=Kind.choices)
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("nhắc lịch họp đã gửi")
        verbose_name_plural = _("nhắc lịch họp đã gửi")
        constraints = [
            models.UniqueConstraint(fields=["meeting", "user", "kind"], name="meetings_remind_once")
        ]

    def __str__(self) -> str:
        return f"{self.meeting_id} · {self.user_id} · {self.kind}"


class CalendarFeed(models.Model):
    """A user's private iCal feed URL; revoking it makes the URL a 404 for good."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="meeting_feeds"
    )
    token = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("lịch cá nhân (iCal)")
        verbose_name_plural = _("lịch cá nhân (iCal)")
        constraints = [
            models.UniqueConstraint(
                fields=["user"], condition=Q(revoked_at__isnull=True), name="meetings_one_live_feed"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user_id} ({'revoked' if self.revoked_at else 'live'})"


class JoinEvent(models.Model):
    """Each click on the app's join link (the redirect), who and when."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="joins")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    joined_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["joined_at", "pk"]
        verbose_name = _("lượt vào họp")
        verbose_name_plural = _("lượt vào họp")

    def __str__(self) -> str:
        return f"{self.meeting_id} · {self.user_id} · {self.joined_at}"
