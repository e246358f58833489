"""The Office's follow-up on a directive: reminders sent, urging notices (công văn đôn
đốc) and compiled reports (báo cáo tổng hợp)."""

from __future__ import annotations

import uuid
from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from phongdich.directives.models.directives import Directive, TaskAssignment
from phongdich.org.models import Unit


def urging_file_path(instance: Any, filename: str) -> str:
    """Under MEDIA_ROOT, never served by URL (download through a permission-checked view)."""
    suffix = "." + filename.rsplit(".", 1)[-1].lower()[:6] if "." in filename else ""
    return f"directives/urging/{uuid.uuid4().hex}{suffix}"


class ReminderLog(models.Model):
    """One reminder sent for one unit's task (one period) on one day, of one kind: the
    unique constraint is what stops a second run the same day from sending it again."""

    class Kind(models.TextChoices):
        DUE_SOON = "due_soon", _("Sắp đến hạn")
        OVERDUE = "overdue", _("Quá hạn")

    assignment = models.ForeignKey(
        TaskAssignment, on_delete=models.CASCADE, related_name="reminder_logs"
    )
    period_start = models.DateField()
    kind = models.CharField(max_length=16, choices=Kind.choices)
    days = models.IntegerField(default=0, help_text=_("ngày còn lại (âm: số ngày quá hạn)"))
    sent_on = models.DateField()
    recipients = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-sent_on", "assignment_id"]
        verbose_name = _("lần nhắc hạn")
        verbose_name_plural = _("lần nhắc hạn")
        constraints = [
            models.UniqueConstraint(
                fields=["assignment", "period_start", "kind", "sent_on"],
                name="directives_reminder_once_a_day",
            )
        ]

    def __str__(self) -> str:
        return f"{self.assignment_id} {self.kind} {self.sent_on:%d/%m/%Y}"


class UrgingNotice(models.Model):
    """A công văn đôn đốc to the units late on a directive, as generated (.docx and .pdf)."""

    directive = models.ForeignKey(Directive, on_delete=models.CASCADE, related_name="urgings")
    number = models.PositiveIntegerField(_("số"), null=True, blank=True)
    symbol = models.CharField(_("ký hiệu"), max_length=60)
    issued_on = models.DateField(_("ngày"))
    reply_by = models.DateField(_("hạn báo cáo mới"), null=True, blank=True)
    units = models.ManyToManyField(Unit, related_name="urgings", verbose_name=_("đơn vị"))
    items = models.JSONField(default=list, blank=True)  # the late tasks listed, as sent
    docx = models.FileField(upload_to=urging_file_path, max_length=200)
    pdf = models.FileField(upload_to=urging_file_path, max_length=200)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("công văn đôn đốc")
        verbose_name_plural = _("công văn đôn đốc")

    def __str__(self) -> str:
        return f"{self.reference} {self.issued_on:%d/%m/%Y}"

    @property
    def reference(self) -> str:
        number = f"{self.number:02d}" if self.number else "…"
        return f"{number}/{self.symbol}"


class CompiledReport(models.Model):
    """The báo cáo kết quả thực hiện of a directive for a period. Its figures are computed
    when it is exported; its sections are the officials' text (``versions``: every save
    keeps a new version; the latest is the one exported), prefilled from the figures."""

    directive = models.ForeignKey(
        Directive, on_delete=models.CASCADE, related_name="compiled_reports"
    )
    period_start = models.DateField(_("từ ngày"))
    period_end = models.DateField(_("đến ngày"))
    number = models.PositiveIntegerField(_("số"), null=True, blank=True)
    symbol = models.CharField(_("ký hiệu"), max_length=60, default="BC-SLĐTBXH")
    issued_on = models.DateField(_("ngày báo cáo"))
    # Who signs: one of the Director and deputies, chosen per report; the block is kept as
    # it was when chosen (a later change of position does not rewrite a sent report).
    signer = models.ForeignKey(
        "org.Staff",
        verbose_name=_("người ký"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    signer_authority = models.CharField(max_length=40, blank=True, default="")
    signer_title = models.CharField(max_length=120, blank=True, default="")
    signer_name = models.CharField(max_length=200, blank=True, default="")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("báo cáo tổng hợp")
        verbose_name_plural = _("báo cáo tổng hợp")

    def __str__(self) -> str:
        return f"{self.reference} ({self.directive.reference})"

    @property
    def reference(self) -> str:
        number = f"{self.number:02d}" if self.number else "…"
        return f"{number}/{self.symbol}"


class CompiledReportVersion(models.Model):
    """The text of every section of a compiled report as saved once: ``sections`` maps a
    section key ("intro", "direction", "item:1" … "proposals") to its plain text (one
    paragraph per line)."""

    report = models.ForeignKey(CompiledReport, on_delete=models.CASCADE, related_name="versions")
    version = models.PositiveIntegerField(default=1)
    sections = models.JSONField(default=dict, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["report_id", "-version"]
        verbose_name = _("phiên bản báo cáo tổng hợp")
        verbose_name_plural = _("phiên bản báo cáo tổng hợp")
        constraints = [
            models.UniqueConstraint(
                fields=["report", "version"], name="directives_compiled_version_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.report_id} v{self.version}"
