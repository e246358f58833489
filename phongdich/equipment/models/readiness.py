from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class ReadinessRule(models.Model):
    """One condition a person must meet to work remotely; the IT team edits the list."""

    class Requirement(models.TextChoices):
        WORKING_DEVICE = "working_device", _("Có thiết bị làm việc còn dùng được")
        INTERNET = "internet", _("Có Internet (thiết bị có kết nối hoặc Internet tại nhà)")
        OS_SUPPORTED = "os_supported", _("Thiết bị chạy hệ điều hành còn được hỗ trợ")
        SIGNATURE = "signature", _("Có chữ ký số còn hạn")
        HOME_DEVICE = "home_device", _("Có thiết bị để làm việc tại nhà")
        EOFFICE = "eoffice", _("Sử dụng được hệ thống quản lý văn bản")

    class AppliesTo(models.TextChoices):
        EVERYONE = "everyone", _("Mọi cán bộ")
        SIGNERS = "signers", _("Người ký văn bản")

    name = models.CharField(_("tên quy tắc"), max_length=200)
    requirement = models.CharField(_("điều kiện"), max_length=20, choices=Requirement.choices)
    applies_to = models.CharField(
        _("áp dụng cho"), max_length=16, choices=AppliesTo.choices, default=AppliesTo.EVERYONE
    )
    # Who signs: staff whose position contains one of these words (";"-separated).
    signer_positions = models.CharField(
        _("chức vụ ký văn bản"),
        max_length=500,
        blank=True,
        default="Giám đốc; Trưởng phòng; Phó Trưởng phòng; Chánh Văn phòng; Kế toán trưởng",
    )
    is_active = models.BooleanField(_("đang áp dụng"), default=True)
    sort_order = models.PositiveIntegerField(_("thứ tự"), default=100)

    class Meta:
        ordering = ["sort_order", "pk"]
        verbose_name = _("quy tắc sẵn sàng")
        verbose_name_plural = _("quy tắc sẵn sàng")

    def __str__(self) -> str:
        return self.name
