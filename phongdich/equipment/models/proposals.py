"""Equipment-needs proposals and their approval chain."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from phongdich.equipment.models.inventory import EquipmentKind
from phongdich.org.models import Unit


class ProposalBatch(models.Model):
    """The Office's consolidation of accepted proposals: the công văn đề xuất to Sở TTTT."""

    subject = models.CharField(_("trích yếu"), max_length=300)
    number = models.PositiveIntegerField(_("số văn bản"), null=True, blank=True)
    symbol = models.CharField(_("ký hiệu"), max_length=60, default="SLĐTBXH-VP")
    issued_on = models.DateField(_("ngày văn bản"))
    signer_authority = models.CharField(
        _("quyền hạn ký"), max_length=100, blank=True, default="", help_text=_("Ví dụ KT. GIÁM ĐỐC")
    )
    signer_title = models.CharField(_("chức vụ người ký"), max_length=100, default="GIÁM ĐỐC")
    signer_name = models.CharField(_("người ký"), max_length=200)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("công văn đề xuất")
        verbose_name_plural = _("công văn đề xuất")

    def __str__(self) -> str:
        return self.subject


class NeedsProposal(models.Model):
    class Priority(models.IntegerChoices):
        HIGH = 1, _("Cao")
        MEDIUM = 2, _("Trung bình")
        LOW = 3, _("Thấp")

    class Status(models.TextChoices):
        SUBMITTED = "submitted", _("Chờ trưởng đơn vị duyệt")
        APPROVED = "approved", _("Chờ Tổ CNTT thẩm định")
        ACCEPTED = "accepted", _("Tổ CNTT đã chấp thuận")
        REJECTED = "rejected", _("Bị từ chối")
        CONSOLIDATED = "consolidated", _("Văn phòng đã tổng hợp")

    unit = models.ForeignKey(
        Unit, verbose_name=_("đơn vị"), on_delete=models.PROTECT, related_name="+"
    )
    kind = models.ForeignKey(
        EquipmentKind, verbose_name=_("loại thiết bị"), on_delete=models.PROTECT, related_name="+"
    )
    quantity = models.PositiveIntegerField(_("số lượng đề xuất"))
    approved_quantity = models.PositiveIntegerField(_("số lượng chấp thuận"), null=True, blank=True)
    for_whom = models.CharField(_("cho ai / vị trí nào"), max_length=300)
    justification = models.TextField(_("lý do"))
    priority = models.PositiveSmallIntegerField(
        _("mức ưu tiên"), choices=Priority.choices, default=Priority.MEDIUM
    )
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.SUBMITTED)
    reject_reason = models.TextField(_("lý do từ chối"), blank=True, default="")
    batch = models.ForeignKey(
        ProposalBatch, null=True, blank=True, on_delete=models.SET_NULL, related_name="proposals"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("đề xuất nhu cầu thiết bị")
        verbose_name_plural = _("đề xuất nhu cầu thiết bị")
        indexes = [models.Index(fields=["status", "unit"], name="equipment_proposal_status_idx")]

    def __str__(self) -> str:
        return f"{self.kind.name} × {self.quantity}"

    @property
    def final_quantity(self) -> int:
        return self.quantity if self.approved_quantity is None else self.approved_quantity


class ProposalStep(models.Model):
    """One step of the approval chain, recorded as it happens."""

    class Action(models.TextChoices):
        SUBMITTED = "submitted", _("Đơn vị đề xuất")
        APPROVED = "approved", _("Trưởng đơn vị duyệt")
        ACCEPTED = "accepted", _("Tổ CNTT chấp thuận")
        CHANGED = "changed", _("Tổ CNTT chấp thuận, điều chỉnh số lượng")
        REJECTED = "rejected", _("Từ chối")
        CONSOLIDATED = "consolidated", _("Văn phòng tổng hợp")

    proposal = models.ForeignKey(NeedsProposal, on_delete=models.CASCADE, related_name="steps")
    action = models.CharField(max_length=16, choices=Action.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    at = models.DateTimeField(auto_now_add=True)
    quantity = models.PositiveIntegerField(null=True, blank=True)
    note = models.TextField(blank=True, default="")

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.get_action_display()} #{self.proposal_id}"
