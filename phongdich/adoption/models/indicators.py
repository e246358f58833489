"""Digital-work indicators each unit reports monthly (letter item 2)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from phongdich.org.models import Unit


class DigitalIndicator(models.Model):
    unit = models.ForeignKey(Unit, verbose_name=_("đơn vị"), on_delete=models.CASCADE)
    month = models.DateField(_("tháng"))  # always the first day of the month
    documents_total = models.PositiveIntegerField(_("tổng số văn bản xử lý"))
    documents_electronic = models.PositiveIntegerField(_("số văn bản xử lý trên môi trường mạng"))
    dossiers_total = models.PositiveIntegerField(_("tổng số hồ sơ thủ tục hành chính"))
    dossiers_level3 = models.PositiveIntegerField(_("số hồ sơ trực tuyến mức độ 3"))
    dossiers_level4 = models.PositiveIntegerField(_("số hồ sơ trực tuyến mức độ 4"))
    online_meetings = models.PositiveIntegerField(_("số cuộc họp trực tuyến"), default=0)
    note = models.TextField(_("ghi chú"), blank=True, default="")
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["unit__path", "-month"]
        verbose_name = _("chỉ số chuyển đổi số")
        verbose_name_plural = _("chỉ số chuyển đổi số")
        constraints = [
            models.UniqueConstraint(fields=["unit", "month"], name="adoption_indicator_month"),
            models.CheckConstraint(
                condition=Q(documents_electronic__lte=F("documents_total")),
                name="adoption_indicator_documents",
            ),
            models.CheckConstraint(
                condition=Q(dossiers_total__gte=F("dossiers_level3") + F("dossiers_level4")),
                name="adoption_indicator_dossiers",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.unit_id} {self.month:%m/%Y}"

    @staticmethod
    def _share(part: int, total: int) -> float | None:
        return part / total if total else None

    @property
    def documents_share(self) -> float | None:
        return self._share(self.documents_electronic, self.documents_total)

    @property
    def dossiers_online(self) -> int:
        return self.dossiers_level3 + self.dossiers_level4

    @property
    def dossiers_share(self) -> float | None:
        return self._share(self.dossiers_online, self.dossiers_total)
