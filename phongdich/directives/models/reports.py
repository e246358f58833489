"""Unit reports on the tasks of a directive: one ``Report`` per unit, task and period,
its versions (never edited once submitted), the indicator values and attached files."""

from __future__ import annotations

import uuid
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from phongdich.directives.models.directives import Indicator, Task
from phongdich.org.models import Unit


def report_attachment_path(instance: Any, filename: str) -> str:
    suffix = Path(filename).suffix.lower()[:8]
    return f"directives/reports/{uuid.uuid4().hex}{suffix}"


class Report(models.Model):
    """A unit's report on one task for one period (the whole task when it is "once")."""

    class State(models.TextChoices):
        DRAFT = "draft", _("Đang soạn")
        SUBMITTED = "submitted", _("Đã gửi")
        RETURNED = "returned", _("Trả lại để bổ sung")
        ACCEPTED = "accepted", _("Đã tiếp nhận")

    task = models.ForeignKey(Task, on_delete=models.PROTECT, related_name="reports")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="task_reports")
    period_start = models.DateField(_("từ ngày"))
    period_end = models.DateField(_("đến ngày"))
    due_on = models.DateField(_("hạn báo cáo"))
    state = models.CharField(max_length=16, choices=State.choices, default=State.DRAFT)
    current_version = models.ForeignKey(
        "ReportVersion", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    submitted_at = models.DateTimeField(null=True, blank=True)  # the latest submission
    # The first submission ever: a report first sent after ``due_on`` is "nộp muộn".
    first_submitted_at = models.DateTimeField(null=True, blank=True)
    reviewed_at = models.DateTimeField(null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    review_note = models.TextField(blank=True, default="")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["task_id", "period_start", "unit__path"]
        constraints = [
            models.UniqueConstraint(
                fields=["task", "unit", "period_start"], name="directives_report_unique_period"
            )
        ]

    def __str__(self) -> str:
        return f"{self.task.number} · {self.unit} · {self.period_start:%d/%m/%Y}"


class ReportVersion(models.Model):
    """One submitted (or saved) text of a report; never edited once submitted."""

    class Progress(models.TextChoices):
        DONE = "done", _("Đã hoàn thành")
        IN_PROGRESS = "in_progress", _("Đang thực hiện")
        NOT_STARTED = "not_started", _("Chưa thực hiện")

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="versions")
    version = models.PositiveIntegerField(default=1)
    progress = models.CharField(max_length=16, choices=Progress.choices)
    completed_on = models.DateField(null=True, blank=True)
    narrative = models.TextField(_("kết quả thực hiện"), blank=True, default="")
    difficulties = models.TextField(_("khó khăn, vướng mắc, đề xuất"), blank=True, default="")
    proposals = models.TextField(_("đề xuất, kiến nghị"), blank=True, default="")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    # Null while the version is a draft; set once when it is sent (then never edited).
    submitted_at = models.DateTimeField(null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # The Office's decision on this version: "" (not reviewed), accepted or returned.
    outcome = models.CharField(max_length=16, blank=True, default="")
    reviewed_at = models.DateTimeField(null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    review_note = models.TextField(blank=True, default="")

    class Meta:
        ordering = ["report_id", "version"]
        constraints = [
            models.UniqueConstraint(
                fields=["report", "version"], name="directives_report_version_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.report} v{self.version}"

    @property
    def is_draft(self) -> bool:
        return self.submitted_at is None

    @property
    def issues(self) -> str:
        """The "Khó khăn, vướng mắc, đề xuất" column: difficulties, then proposals."""
        parts = [self.difficulties.strip(), self.proposals.strip()]
        return "\n".join(part for part in parts if part)


class IndicatorValue(models.Model):
    """One indicator's value in one report version; the column used follows Indicator.kind."""

    version = models.ForeignKey(ReportVersion, on_delete=models.CASCADE, related_name="values")
    indicator = models.ForeignKey(Indicator, on_delete=models.PROTECT, related_name="values")
    value_int = models.BigIntegerField(null=True, blank=True)
    value_decimal = models.DecimalField(max_digits=7, decimal_places=2, null=True, blank=True)
    value_bool = models.BooleanField(null=True, blank=True)
    value_text = models.TextField(blank=True, default="")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["version", "indicator"], name="directives_value_unique")
        ]

    def __str__(self) -> str:
        return f"{self.indicator}: {self.value}"

    @property
    def value(self) -> Any:
        kind = self.indicator.kind
        if kind == Indicator.Kind.INTEGER:
            return self.value_int
        if kind == Indicator.Kind.PERCENTAGE:
            return self.value_decimal
        if kind == Indicator.Kind.BOOLEAN:
            return self.value_bool
        return self.value_text


class ReportAttachment(models.Model):
    version = models.ForeignKey(ReportVersion, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(upload_to=report_attachment_path, max_length=200)
    original_name = models.CharField(max_length=255)
    size = models.PositiveBigIntegerField(default=0)
    uploaded_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return self.original_name
