"""Outside contacts the IT team escalates to."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from phongdich.core.crypto import EncryptedTextField


class Partner(models.Model):
    class Kind(models.TextChoices):
        PROVINCE_IT = "province_it", _("Trung tâm CNTT tỉnh")
        TELECOM = "telecom", _("Nhà mạng viễn thông")
        VENDOR = "vendor", _("Doanh nghiệp công nghệ")
        OTHER = "other", _("Khác")

    name = models.CharField(_("tên đơn vị"), max_length=255)
    kind = models.CharField(_("loại"), max_length=16, choices=Kind.choices, default=Kind.VENDOR)
    purpose = models.CharField(_("hỗ trợ việc gì"), max_length=500)
    contact_name = models.CharField(_("người liên hệ"), max_length=200, blank=True, default="")
    # A contact's own phone and e-mail are personal data: encrypted at rest.
    phone = EncryptedTextField(_("số điện thoại"), blank=True, default="")
    email = EncryptedTextField(_("email"), blank=True, default="")
    note = EncryptedTextField(_("ghi chú"), blank=True, default="")
    is_active = models.BooleanField(_("đang hợp tác"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["kind", "name"]
        verbose_name = _("đối tác hỗ trợ")
        verbose_name_plural = _("đối tác hỗ trợ")

    def __str__(self) -> str:
        return self.name
