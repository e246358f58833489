"""The IT team (Tổ CNTT): its members and the units each supports."""

from __future__ import annotations

import datetime as dt

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from phongdich.org.models import Staff, Unit


class TeamMember(models.Model):
    """A staff member of the IT team (they hold the IT team role)."""

    staff = models.OneToOneField(
        Staff, verbose_name=_("cán bộ"), on_delete=models.PROTECT, related_name="it_member"
    )
    speciality = models.CharField(_("chuyên môn"), max_length=200, blank=True, default="")
    team_role = models.CharField(
        _("nhiệm vụ trong Tổ"),
        max_length=100,
        blank=True,
        default="",
        help_text=_("Ví dụ: Tổ trưởng, Tổ phó, Thành viên."),
    )
    is_leader = models.BooleanField(_("tổ trưởng / tổ phó"), default=False)
    absent_until = models.DateField(
        _("vắng mặt đến hết ngày"),
        null=True,
        blank=True,
        help_text=_("Trong thời gian vắng, yêu cầu mới chuyển cho thành viên dự phòng."),
    )
    is_active = models.BooleanField(_("đang trong Tổ"), default=True)
    sort_order = models.PositiveIntegerField(_("thứ tự"), default=100)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-is_leader", "sort_order", "staff__full_name"]
        verbose_name = _("thành viên Tổ CNTT")
        verbose_name_plural = _("thành viên Tổ CNTT")

    def __str__(self) -> str:
        return self.staff.full_name

    def is_available(self, today: dt.date) -> bool:
        return self.is_active and (self.absent_until is None or self.absent_until < today)


class UnitAssignment(models.Model):
    """Who supports a unit: a primary member and a backup."""

    unit = models.OneToOneField(
        Unit, verbose_name=_("đơn vị"), on_delete=models.CASCADE, related_name="it_assignment"
    )
    primary = models.ForeignKey(
        TeamMember,
        verbose_name=_("phụ trách chính"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="primary_units",
    )
    backup = models.ForeignKey(
        TeamMember,
        verbose_name=_("dự phòng"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="backup_units",
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["unit__path"]
        verbose_name = _("phân công hỗ trợ đơn vị")
        verbose_name_plural = _("phân công hỗ trợ đơn vị")
        constraints = [
            models.CheckConstraint(
                condition=Q(primary__isnull=True)
                | Q(backup__isnull=True)
                | ~Q(primary=models.F("backup")),
                name="support_assignment_primary_is_not_backup",
            )
        ]

    def __str__(self) -> str:
        return str(self.unit_id)
