"""Review campaigns and each staff member's self-review of the equipment they hold."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from phongdich.core.crypto import EncryptedTextField
from phongdich.equipment.models.inventory import Equipment
from phongdich.org.models import Staff, Unit


class ReviewCampaign(models.Model):
    """The Office opens a review with a deadline for all units (no unit chosen) or some."""

    title = models.CharField(_("tên đợt rà soát"), max_length=200)
    deadline = models.DateField(_("hạn trả lời"))
    units = models.ManyToManyField(Unit, verbose_name=_("đơn vị"), blank=True, related_name="+")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-deadline", "-pk"]
        verbose_name = _("đợt rà soát")
        verbose_name_plural = _("đợt rà soát")

    def __str__(self) -> str:
        return self.title


class StaffReview(models.Model):
    """A staff member's answer: their equipment checked and the readiness questionnaire."""

    campaign = models.ForeignKey(
        ReviewCampaign, null=True, blank=True, on_delete=models.CASCADE, related_name="reviews"
    )
    staff = models.ForeignKey(Staff, on_delete=models.CASCADE, related_name="+")
    answered_at = models.DateTimeField(auto_now=True)
    has_home_device = models.BooleanField(_("có thiết bị để làm việc tại nhà"), default=False)
    has_home_internet = models.BooleanField(_("có Internet tại nhà"), default=False)
    has_signature = models.BooleanField(_("có chữ ký số"), default=False)
    can_use_eoffice = models.BooleanField(
        _("sử dụng được hệ thống quản lý văn bản điều hành"), default=False
    )
    comment = EncryptedTextField(_("ghi chú"), blank=True, default="")

    class Meta:
        ordering = ["-answered_at"]
        constraints = [
            models.UniqueConstraint(fields=["campaign", "staff"], name="equipment_one_review")
        ]

    def __str__(self) -> str:
        return f"#{self.staff_id} / {self.campaign_id or '-'}"


class ReviewItem(models.Model):
    class Status(models.TextChoices):
        CONFIRMED = "confirmed", _("Đang giữ, dùng tốt")
        BROKEN = "broken", _("Bị hỏng")
        MISSING = "missing", _("Không còn / bị mất")

    review = models.ForeignKey(StaffReview, on_delete=models.CASCADE, related_name="items")
    equipment = models.ForeignKey(Equipment, on_delete=models.CASCADE, related_name="+")
    status = models.CharField(max_length=16, choices=Status.choices)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["review", "equipment"], name="equipment_item_once")
        ]

    def __str__(self) -> str:
        return f"#{self.equipment_id}: {self.get_status_display()}"
