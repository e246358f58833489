"""Directives (văn bản chỉ đạo), their numbered tasks, the units that carry them out
and the indicators units report.

A directive is imported from its text as a draft, edited by the Office and issued;
issuing freezes the set of units that must report on each task (``TaskAssignment``).
See docs/directives-model.md.
"""

from __future__ import annotations

import re
import uuid
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from phongdich.org.models import Unit

# Unit kinds a task "for every division and subordinate unit" is assigned to.
ALL_UNITS_KINDS = (Unit.Kind.OFFICE, Unit.Kind.DIVISION, Unit.Kind.CENTRE, Unit.Kind.SCHOOL)


def directive_attachment_path(instance: Any, filename: str) -> str:
    """Under MEDIA_ROOT (never served directly): a random name, the original kept apart."""
    suffix = Path(filename).suffix.lower()[:8]
    return f"directives/{uuid.uuid4().hex}{suffix}"


class Directive(models.Model):
    """An official letter (công văn) or other directive document, e.g. 2987/SLĐTBXH-VP."""

    class State(models.TextChoices):
        DRAFT = "draft", _("Dự thảo")
        ISSUED = "issued", _("Đã ban hành")
        CLOSED = "closed", _("Đã kết thúc")

    # Number and symbol are empty on a draft imported from a text without its header;
    # issuing requires them. Numbers restart every year: unique per (number, symbol, year).
    number = models.PositiveIntegerField(_("số"), null=True, blank=True)
    symbol = models.CharField(
        _("ký hiệu"), max_length=60, blank=True, default="", help_text=_("Ví dụ SLĐTBXH-VP")
    )
    issued_on = models.DateField(_("ngày văn bản"), null=True, blank=True)
    year = models.PositiveSmallIntegerField(null=True, blank=True, editable=False)
    place = models.CharField(_("địa danh"), max_length=80, blank=True, default="")
    issuer_authority = models.CharField(
        _("quyền hạn ký"),
        max_length=40,
        blank=True,
        default="",
        help_text=_("KT., TM., TL., TUQ. … khi người ký không phải người đứng đầu."),
    )
    issuer_position = models.CharField(_("chức vụ người ký"), max_length=120, blank=True)
    issuer_name = models.CharField(_("người ký"), max_length=120, blank=True)
    subject = models.TextField(_("trích yếu"), help_text=_("Bắt đầu bằng “V/v …”"))
    recipients = models.TextField(
        _("kính gửi"), blank=True, default="", help_text=_("Mỗi dòng một nơi nhận.")
    )
    body = models.TextField(_("nội dung"), blank=True, default="")
    distribution = models.TextField(
        _("nơi nhận"), blank=True, default="", help_text=_("Mỗi dòng một nơi nhận.")
    )
    # The document this directive implements ("Thực hiện Công văn số 13341/UBND-CNTT ngày
    # 30/8/2021 của Chủ tịch UBND tỉnh …"): the compiled report answers it.
    source_kind = models.CharField(
        _("loại văn bản được thực hiện"),
        max_length=40,
        blank=True,
        default="",
        help_text=_("Ví dụ Công văn, Chỉ thị, Kế hoạch."),
    )
    source_reference = models.CharField(
        _("số, ký hiệu văn bản được thực hiện"),
        max_length=80,
        blank=True,
        default="",
        help_text=_("Ví dụ 13341/UBND-CNTT."),
    )
    source_issued_on = models.DateField(_("ngày văn bản được thực hiện"), null=True, blank=True)
    source_issuer = models.CharField(
        _("cơ quan, người ban hành văn bản được thực hiện"),
        max_length=200,
        blank=True,
        default="",
        help_text=_("Ví dụ Chủ tịch UBND tỉnh Thanh Hóa: báo cáo kết quả gửi về đây."),
    )
    attachment = models.FileField(
        _("tệp văn bản"), upload_to=directive_attachment_path, blank=True, max_length=200
    )
    attachment_name = models.CharField(max_length=255, blank=True, default="")
    state = models.CharField(
        _("trạng thái"), max_length=16, choices=State.choices, default=State.DRAFT
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    issued_at = models.DateTimeField(null=True, blank=True)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-issued_on", "-number", "-pk"]
        verbose_name = _("văn bản chỉ đạo")
        verbose_name_plural = _("văn bản chỉ đạo")
        constraints = [
            models.UniqueConstraint(
                fields=["number", "symbol", "year"],
                condition=Q(number__isnull=False, year__isnull=False),
                name="directives_unique_number_symbol_year",
            )
        ]
        indexes = [models.Index(fields=["state", "year"], name="directives_state_year_idx")]

    def __str__(self) -> str:
        return f"{self.reference or _('Dự thảo')} {self.subject}".strip()

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.year = self.issued_on.year if self.issued_on else None
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "issued_on" in update_fields:
            kwargs["update_fields"] = {*update_fields, "year"}
        super().save(*args, **kwargs)

    @property
    def reference(self) -> str:
        """ "2987/SLĐTBXH-VP" (numbers below 10 with a leading 0, per Decree 30)."""
        if self.number is None:
            return ""
        number = f"{self.number:02d}"
        return f"{number}/{self.symbol}" if self.symbol else number

    @property
    def is_draft(self) -> bool:
        return self.state == self.State.DRAFT

    @property
    def source_citation(self) -> str:
        """ "Công văn số 13341/UBND-CNTT ngày 30/8/2021 của Chủ tịch UBND tỉnh Thanh Hóa",
        or "" when the directive records no document it implements."""
        if not self.source_reference:
            return ""
        text = f"{self.source_kind or 'Văn bản'} số {self.source_reference}"
        if self.source_issued_on:
            day = self.source_issued_on
            month = f"{day.month:02d}" if day.month <= 2 else str(day.month)
            text += f" ngày {day.day:02d}/{month}/{day.year}"
        if self.source_issuer:
            text += f" của {self.source_issuer}"
        return text

    @property
    def recipient_lines(self) -> list[str]:
        return [line for line in self.recipients.splitlines() if line.strip()]

    @property
    def distribution_lines(self) -> list[str]:
        return [line for line in self.distribution.splitlines() if line.strip()]


class Task(models.Model):
    """A numbered item of a directive ("1" … "8"), or a sub-item ("8.1") under its parent.

    Who is responsible: ``lead_unit`` (chủ trì), ``supporting_units`` (phối hợp) and/or
    ``all_units`` (every office, division, centre and school: "các phòng nghiệp vụ và đơn vị
    trực thuộc"). A task with sub-tasks is a group heading: its sub-tasks are reported on.
    """

    class Recurrence(models.TextChoices):
        ONCE = "once", _("Một lần")
        WEEKLY = "weekly", _("Hằng tuần")
        MONTHLY = "monthly", _("Hằng tháng")

    class State(models.TextChoices):
        DRAFT = "draft", _("Chưa giao")
        ASSIGNED = "assigned", _("Đã giao")
        CLOSED = "closed", _("Đã kết thúc")
        CANCELLED = "cancelled", _("Đã hủy")

    directive = models.ForeignKey(Directive, on_delete=models.CASCADE, related_name="tasks")
    parent = models.ForeignKey(
        "self",
        verbose_name=_("thuộc mục"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="subtasks",
    )
    number = models.CharField(_("mục"), max_length=16, help_text=_("Ví dụ 1, 2, 8.1"))
    order = models.PositiveIntegerField(_("thứ tự"), default=0)
    content = models.TextField(_("nội dung nhiệm vụ"))
    title = models.CharField(
        _("tên ngắn"),
        max_length=120,
        blank=True,
        default="",
        help_text=_("Vài chữ gọi tên nhiệm vụ trong bảng, phụ lục, công văn đôn đốc."),
    )
    lead_unit = models.ForeignKey(
        Unit,
        verbose_name=_("đơn vị chủ trì"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="led_tasks",
    )
    supporting_units = models.ManyToManyField(
        Unit, verbose_name=_("đơn vị phối hợp"), blank=True, related_name="supported_tasks"
    )
    all_units = models.BooleanField(
        _("giao tất cả phòng nghiệp vụ và đơn vị trực thuộc"), default=False
    )
    deadline = models.DateField(_("thời hạn"), null=True, blank=True)
    recurrence = models.CharField(
        _("báo cáo"), max_length=16, choices=Recurrence.choices, default=Recurrence.ONCE
    )
    state = models.CharField(
        _("trạng thái"), max_length=16, choices=State.choices, default=State.DRAFT
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["directive_id", "order", "pk"]
        verbose_name = _("nhiệm vụ")
        verbose_name_plural = _("nhiệm vụ")
        constraints = [
            models.UniqueConstraint(
                fields=["directive", "number"], name="directives_task_unique_number"
            )
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.short_title}"

    @property
    def short_title(self) -> str:
        """The title the Office gave, else the first clause of the content (cut at a
        clause or a word, never inside one, and never with "…")."""
        return self.title.strip() or short_title(self.content)

    @property
    def label(self) -> str:
        """ "Nhiệm vụ 3: Rà soát trang thiết bị CNTT": how documents name a task."""
        return f"Nhiệm vụ {self.number}: {self.short_title}"

    @property
    def display_label(self) -> str:
        """The task's name on a page, in the page's language ("Task 3: …")."""
        return gettext("Nhiệm vụ %(number)s: %(title)s") % {
            "number": self.number,
            "title": self.short_title,
        }


SHORT_TITLE_CHARS = 60
# Openings that say nothing of the task, dropped from a derived title.
_FILLER = re.compile(r"^(tiếp tục|thường xuyên|khẩn trương)\s+", re.IGNORECASE)
# Where a phrase may end: a comma (not the one of "phòng, chống"), or before a word that
# opens an adjunct ("theo Kế hoạch …", "tại các cơ quan …", "nhằm …").
_BOUNDARY = re.compile(
    r"(?<!phòng),\s+|\s+(?=(?:theo|nhằm|để|tại|trên địa bàn|thuộc lĩnh vực|trong thời gian)\s)",
    re.IGNORECASE,
)


def short_title(content: str, limit: int = SHORT_TITLE_CHARS) -> str:
    """A short name for a task from its text: the first clause without parentheses and
    filler openings, then as many of its phrases as fit ``limit`` characters. It is cut
    only where a phrase ends (a comma, before "theo", "tại", "nhằm" …), never between the
    syllables of a word, and never with "…"; the first phrase is kept whole."""
    text = re.sub(r"\s*\([^)]*\)", "", " ".join(content.split()))
    clause = re.split(r"[;:]|\.(?:\s|$)", text, maxsplit=1)[0].strip(" ,")
    clause = _FILLER.sub("", clause).strip()
    clause = clause[:1].upper() + clause[1:]
    if len(clause) <= limit:
        return clause
    title = clause
    for match in _BOUNDARY.finditer(clause):
        head = clause[: match.start()].rstrip(" ,")
        if len(head) > limit and title is not clause:
            break
        title = head
        if len(head) > limit:
            break
    return title


class TaskAssignment(models.Model):
    """One unit that must act on (and report on) one task. Written when the directive is
    issued, from lead_unit / supporting_units / all_units; frozen afterwards, so a unit
    created later is never counted late on an older directive."""

    class Role(models.TextChoices):
        LEAD = "lead", _("Chủ trì")
        SUPPORT = "support", _("Phối hợp")
        MEMBER = "member", _("Thực hiện")  # one of "all divisions and subordinate units"

    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="assignments")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="task_assignments")
    role = models.CharField(max_length=16, choices=Role.choices)
    must_report = models.BooleanField(default=True)

    class Meta:
        ordering = ["task_id", "role", "unit__path"]
        verbose_name = _("đơn vị thực hiện")
        verbose_name_plural = _("đơn vị thực hiện")
        constraints = [
            models.UniqueConstraint(fields=["task", "unit"], name="directives_assignment_unique")
        ]

    def __str__(self) -> str:
        return f"{self.task.number} · {self.unit} ({self.get_role_display()})"


class Indicator(models.Model):
    """A figure units report for a task: "Số cổng có mã QR" (integer, "cổng")."""

    class Kind(models.TextChoices):
        INTEGER = "integer", _("Số nguyên")
        PERCENTAGE = "percentage", _("Tỷ lệ phần trăm")
        BOOLEAN = "boolean", _("Có / Không")
        TEXT = "text", pgettext_lazy("indicator kind", "Văn bản")

    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="indicators")
    name = models.CharField(_("tên chỉ tiêu"), max_length=200)
    kind = models.CharField(_("kiểu số liệu"), max_length=16, choices=Kind.choices)
    unit_of_measure = models.CharField(
        _("đơn vị tính"), max_length=40, blank=True, default="", help_text=_("máy, %, người…")
    )
    required = models.BooleanField(_("bắt buộc"), default=True)
    order = models.PositiveIntegerField(_("thứ tự"), default=0)

    class Meta:
        ordering = ["task_id", "order", "pk"]
        verbose_name = _("chỉ tiêu")
        verbose_name_plural = _("chỉ tiêu")

    def __str__(self) -> str:
        return self.name
