from __future__ import annotations

import uuid

from django.db import models
from django.utils.translation import gettext_lazy as _

from phongdich.adoption.models.unions import Union
from phongdich.core.models import Job
from phongdich.org.models import Unit


class AdoptionImport(Job):
    """One upload of a unit's or a union's list, validated and imported in the background."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Đang chờ xử lý")
        RUNNING = "running", _("Đang nhập")
        REJECTED = "rejected", _("Bị từ chối: tệp có dòng lỗi")
        DONE = "done", _("Hoàn tất")
        FAILED = "failed", _("Lỗi hệ thống")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    status = models.CharField(
        _("trạng thái"), max_length=16, choices=Status.choices, default=Status.QUEUED
    )
    unit = models.ForeignKey(
        Unit, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    union = models.ForeignKey(
        Union, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    original_name = models.CharField(max_length=255)
    stored_path = models.CharField(max_length=500)
    skip_invalid = models.BooleanField(default=False)
    created_count = models.PositiveIntegerField(default=0)
    updated_count = models.PositiveIntegerField(default=0)
    unchanged_count = models.PositiveIntegerField(default=0)
    skipped_count = models.PositiveIntegerField(default=0)
    members_added = models.PositiveIntegerField(default=0)
    row_errors = models.JSONField(default=list, blank=True)

    job_finished_statuses = frozenset({"done", "failed", "rejected"})

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.original_name} ({self.get_status_display()})"
