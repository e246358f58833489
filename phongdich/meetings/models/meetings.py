"""Meetings (cuộc họp, giao ban, tập huấn): one row per occurrence.

A weekly giao ban is a ``Series`` (its rule, the RRULE of the .ics) whose occurrences
are materialised as ``Meeting`` rows, each with its ``original_start`` (the
RECURRENCE-ID): moving one occurrence changes its start and end and marks it an
exception; cancelling one sets its status. A single meeting has no series.
"""

from __future__ import annotations

import uuid
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from phongdich.org.models import Unit


class Kind(models.TextChoices):
    GIAO_BAN = "giao_ban", _("Giao ban")
    CHUYEN_DE = "chuyen_de", _("Họp chuyên đề")
    TAP_HUAN = "tap_huan", _("Tập huấn")


class Series(models.Model):
    """A recurring meeting: ``rule`` is an RFC 5545 RRULE (``FREQ=WEEKLY;BYDAY=MO;COUNT=8``)
    expanded from ``first_start`` in Asia/Ho_Chi_Minh."""

    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    rule = models.CharField(_("quy tắc lặp"), max_length=200)
    first_start = models.DateTimeField(_("bắt đầu lần đầu"))
    sequence = models.PositiveIntegerField(default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("chuỗi cuộc họp định kỳ")
        verbose_name_plural = _("chuỗi cuộc họp định kỳ")

    def __str__(self) -> str:
        return f"{self.rule} ({self.uid})"


class Meeting(models.Model):
    class Status(models.TextChoices):
        SCHEDULED = "scheduled", _("Đã lên lịch")
        CANCELLED = "cancelled", _("Đã hủy")

    class Platform(models.TextChoices):
        NONE = "", _("Không họp trực tuyến")
        JITSI = "jitsi", _("Phòng Jitsi của Sở (tạo tự động)")
        LINK = "link", _("Đường liên kết (Zoom, Google Meet, Teams…)")

    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    series = models.ForeignKey(
        Series, null=True, blank=True, on_delete=models.CASCADE, related_name="meetings"
    )
    original_start = models.DateTimeField(null=True, blank=True)  # RECURRENCE-ID
    is_exception = models.BooleanField(default=False)  # an occurrence moved on its own
    title = models.CharField(_("tên cuộc họp"), max_length=255)
    kind = models.CharField(_("loại"), max_length=16, choices=Kind.choices, default=Kind.GIAO_BAN)
    chair = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("chủ trì"),
        on_delete=models.PROTECT,
        related_name="chaired_meetings",
    )
    secretary = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("thư ký"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    host_unit = models.ForeignKey(
        Unit, verbose_name=_("đơn vị chủ trì"), on_delete=models.PROTECT, related_name="+"
    )
    start = models.DateTimeField(_("bắt đầu"))
    end = models.DateTimeField(_("kết thúc"))
    platform = models.CharField(
        _("họp trực tuyến"), max_length=8, choices=Platform.choices, blank=True, default=""
    )
    online_url = models.URLField(_("đường liên kết họp trực tuyến"), max_length=500, blank=True)
    room = models.CharField(_("phòng họp"), max_length=200, blank=True, default="")
    agenda = models.TextField(_("chương trình"), blank=True, default="")
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.SCHEDULED)
    cancel_reason = models.CharField(max_length=300, blank=True, default="")
    sequence = models.PositiveIntegerField(default=0)  # SEQUENCE of the .ics
    attendance_confirmed_at = models.DateTimeField(null=True, blank=True)
    attendance_confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["start", "pk"]
        verbose_name = _("cuộc họp")
        verbose_name_plural = _("cuộc họp")
        indexes = [models.Index(fields=["start"], name="meetings_start_idx")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end__gt=models.F("start")), name="meetings_end_after_start"
            ),
            models.UniqueConstraint(
                fields=["series", "original_start"],
                condition=models.Q(series__isnull=False),
                name="meetings_one_occurrence_per_start",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_online(self) -> bool:
        return bool(self.online_url)

    @property
    def is_in_person(self) -> bool:
        return bool(self.room)

    @property
    def is_cancelled(self) -> bool:
        return self.status == self.Status.CANCELLED

    @property
    def mode_label(self) -> str:
        if self.is_online and self.is_in_person:
            return str(_("Trực tuyến và trực tiếp"))
        return str(_("Trực tuyến") if self.is_online else _("Trực tiếp"))


def document_path(instance: Any, filename: str) -> str:
    """Under MEDIA_ROOT (never served directly): a random name."""
    return f"meetings/{uuid.uuid4().hex}{Path(filename).suffix.lower()[:8]}"


class MeetingDocument(models.Model):
    """A document attached to a meeting (agenda, slides, draft report)."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="documents")
    file = models.FileField(upload_to=document_path, max_length=200)
    original_name = models.CharField(max_length=255)
    content_type = models.CharField(max_length=120)
    size = models.PositiveBigIntegerField(default=0)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["uploaded_at", "pk"]
        verbose_name = _("tài liệu cuộc họp")
        verbose_name_plural = _("tài liệu cuộc họp")

    def __str__(self) -> str:
        return self.original_name
