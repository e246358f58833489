"""The plan for working online (Kế hoạch triển khai làm việc trực tuyến, letter item 8)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from phongdich.org.models import Unit


class OnlinePlan(models.Model):
    class State(models.TextChoices):
        DRAFT = "draft", _("Dự thảo")
        ISSUED = "issued", _("Đã ban hành")

    subject = models.CharField(_("trích yếu"), max_length=300)
    number = models.PositiveIntegerField(_("số"), null=True, blank=True)
    issued_on = models.DateField(_("ngày ban hành"), null=True, blank=True)
    purpose = models.TextField(_("I. Mục đích, yêu cầu"))
    situation = models.TextField(_("Tình hình (số liệu từ hệ thống)"))
    organisation = models.TextField(_("III. Tổ chức thực hiện"))
    signer_authority = models.CharField(_("quyền hạn ký"), max_length=40, blank=True)
    signer_title = models.CharField(_("chức vụ người ký"), max_length=120)
    signer_name = models.CharField(_("người ký"), max_length=120)
    state = models.CharField(max_length=16, choices=State.choices, default=State.DRAFT)
    directive = models.ForeignKey(
        "directives.Directive", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    issued_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("kế hoạch làm việc trực tuyến")
        verbose_name_plural = _("kế hoạch làm việc trực tuyến")

    def __str__(self) -> str:
        return self.subject


class PlanItem(models.Model):
    """One task of the plan's part II, with its lead unit and deadline."""

    plan = models.ForeignKey(OnlinePlan, on_delete=models.CASCADE, related_name="items")
    order = models.PositiveIntegerField(default=0)
    content = models.TextField(_("nội dung"))
    lead_unit = models.ForeignKey(
        Unit, verbose_name=_("đơn vị chủ trì"), null=True, blank=True, on_delete=models.PROTECT
    )
    deadline = models.DateField(_("thời hạn"), null=True, blank=True)
    task = models.ForeignKey(
        "directives.Task", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["plan_id", "order", "pk"]
        verbose_name = _("nội dung kế hoạch")
        verbose_name_plural = _("nội dung kế hoạch")

    def __str__(self) -> str:
        return self.content[:80]
