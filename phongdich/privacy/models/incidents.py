"""The breach register: personal data incidents and their 72-hour notification."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from phongdich.org.models import Unit
from phongdich.privacy import conf
from phongdich.privacy.deadlines import Countdown

DEFAULT_ADDRESSEE = (
    "Cục An ninh mạng và phòng, chống tội phạm sử dụng công nghệ cao, Bộ Công an "
    "(cơ quan chuyên trách bảo vệ dữ liệu cá nhân)"
)


class DataKind(models.TextChoices):
    NAME = "name", _("Họ và tên")
    PHONE = "phone", _("Số điện thoại")
    CCCD = "cccd", _("Số căn cước công dân")
    HEALTH = "health", _("Thông tin khai báo y tế (dữ liệu sức khỏe)")
    VISITS = "visits", _("Lịch sử ra vào cơ quan")
    TRACING = "tracing", _("Hồ sơ ca bệnh, người tiếp xúc")
    STAFF = "staff", _("Thông tin cán bộ")


class Incident(models.Model):
    """One personal data incident: what happened, when it was found, which data, how
    many people; its notification is due ``PRIVACY_BREACH_NOTIFY_HOURS`` after it was
    found."""

    class Status(models.TextChoices):
        OPEN = "open", _("Chưa thông báo")
        NOTIFIED = "notified", _("Đã thông báo")
        CLOSED = "closed", _("Đã khắc phục xong")

    title = models.CharField(_("sự cố"), max_length=200)
    description = models.TextField(_("diễn biến sự cố"))
    occurred_at = models.DateTimeField(_("xảy ra lúc"), null=True, blank=True)
    discovered_at = models.DateTimeField(_("phát hiện lúc"))
    data_kinds = models.JSONField(_("loại dữ liệu bị ảnh hưởng"), default=list)
    affected_count = models.PositiveIntegerField(_("số người bị ảnh hưởng"))
    consequences = models.TextField(_("hậu quả có thể xảy ra"), blank=True, default="")
    measures = models.TextField(_("biện pháp đã thực hiện"), blank=True, default="")
    # Who is affected: people who checked in between these days (at gates of these
    # units; none: every unit). Empty dates: nobody listed.
    scope_from = models.DateField(_("ra vào từ ngày"), null=True, blank=True)
    scope_to = models.DateField(_("ra vào đến ngày"), null=True, blank=True)
    scope_units = models.ManyToManyField(
        Unit, verbose_name=_("tại các đơn vị"), blank=True, related_name="+"
    )
    status = models.CharField(
        _("trạng thái"), max_length=10, choices=Status.choices, default=Status.OPEN
    )
    notified_at = models.DateTimeField(_("đã thông báo lúc"), null=True, blank=True)
    # The notification (Decree 30 format).
    number = models.PositiveIntegerField(_("số văn bản"), null=True, blank=True)
    symbol = models.CharField(_("ký hiệu"), max_length=60, default="SLĐTBXH-VP")
    addressee = models.CharField(_("kính gửi"), max_length=300, default=DEFAULT_ADDRESSEE)
    signer_authority = models.CharField(_("thẩm quyền ký"), max_length=20, blank=True, default="")
    signer_title = models.CharField(_("chức vụ người ký"), max_length=100, default="GIÁM ĐỐC")
    signer_name = models.CharField(_("người ký"), max_length=200)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-discovered_at", "-pk"]
        verbose_name = _("sự cố dữ liệu cá nhân")
        verbose_name_plural = _("sự cố dữ liệu cá nhân")

    def __str__(self) -> str:
        return f"{self.discovered_at:%d/%m/%Y} {self.title}"

    @property
    def notify_due(self) -> datetime:
        return self.discovered_at + timedelta(hours=conf.breach_notify_hours())

    def countdown(self, now: datetime | None = None) -> Countdown:
        """Time left until the notification is due (at ``notified_at`` once notified)."""
        moment = self.notified_at or now or timezone.now()
        return Countdown(due=self.notify_due, now=moment)

    @property
    def notified_late(self) -> bool:
        return self.notified_at is not None and self.notified_at > self.notify_due

    def data_kind_labels(self) -> list[str]:
        labels = dict(DataKind.choices)
        return [str(labels.get(kind, kind)) for kind in self.data_kinds]
