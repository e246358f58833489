"""What each staff member says about each app, now (Declaration) and over time (events)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from phongdich.adoption.models.catalogue import RequiredApp
from phongdich.core.crypto import EncryptedTextField
from phongdich.org.models import Staff


class Status(models.TextChoices):
    INSTALLED = "installed", _("Đã cài")
    USING = "using", _("Đang sử dụng")
    NOT_INSTALLED = "not_installed", _("Chưa cài")
    NO_SMARTPHONE = "no_smartphone", _("Không có điện thoại thông minh")
    CANNOT_INSTALL = "cannot_install", _("Không cài được")


ADOPTED = frozenset({Status.INSTALLED, Status.USING})


class Source(models.TextChoices):
    SELF = "self", _("Tự khai")
    IMPORT = "import", _("Nhập từ danh sách")
    DEMO = "demo", _("Dữ liệu mẫu")


class Declaration(models.Model):
    """The current answer of one person for one app (one row per person and app)."""

    staff = models.ForeignKey(Staff, on_delete=models.CASCADE, related_name="+")
    app = models.ForeignKey(RequiredApp, on_delete=models.CASCADE, related_name="declarations")
    status = models.CharField(_("trạng thái"), max_length=16, choices=Status.choices)
    reason = EncryptedTextField(_("lý do / ghi chú"), blank=True, default="")
    source = models.CharField(max_length=8, choices=Source.choices, default=Source.SELF)
    declared_at = models.DateTimeField(_("khai lúc"))
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # A screenshot, re-encoded, stored under MEDIA_ROOT (no URL serves it).
    evidence_path = models.CharField(max_length=500, blank=True, default="")
    evidence_type = models.CharField(max_length=40, blank=True, default="")

    class Meta:
        ordering = ["app__sort_order"]
        verbose_name = _("khai báo ứng dụng")
        verbose_name_plural = _("khai báo ứng dụng")
        constraints = [
            models.UniqueConstraint(fields=["staff", "app"], name="adoption_declaration_once")
        ]

    def __str__(self) -> str:
        return f"{self.staff_id}/{self.app_id}: {self.status}"

    @property
    def adopted(self) -> bool:
        return self.status in ADOPTED


class DeclarationEvent(models.Model):
    """Each change of a declaration: the rates at any past moment come from these."""

    staff = models.ForeignKey(Staff, on_delete=models.CASCADE, related_name="+")
    app = models.ForeignKey(RequiredApp, on_delete=models.CASCADE, related_name="+")
    status = models.CharField(max_length=16, choices=Status.choices)
    source = models.CharField(max_length=8, choices=Source.choices, default=Source.SELF)
    at = models.DateTimeField(db_index=True)

    class Meta:
        ordering = ["at", "pk"]
        indexes = [models.Index(fields=["staff", "app", "at"], name="adoption_event_staff_app")]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d} {self.staff_id}/{self.app_id}: {self.status}"
