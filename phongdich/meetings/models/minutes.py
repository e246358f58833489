"""Minutes (biên bản) of a meeting and their conclusions, which become directive tasks."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from phongdich.meetings.models.meetings import Meeting
from phongdich.org.models import Unit


class Minutes(models.Model):
    meeting = models.OneToOneField(Meeting, on_delete=models.CASCADE, related_name="minutes")
    started_at = models.DateTimeField(_("bắt đầu lúc"))
    ended_at = models.DateTimeField(_("kết thúc lúc"))
    place = models.CharField(_("địa điểm"), max_length=300)
    contents = models.TextField(_("nội dung cuộc họp"))
    absent_note = models.TextField(_("vắng mặt, lý do"), blank=True, default="")
    # The "Thông báo kết luận" directive made from the conclusions, once.
    directive = models.ForeignKey(
        "directives.Directive", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    written_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("biên bản cuộc họp")
        verbose_name_plural = _("biên bản cuộc họp")

    def __str__(self) -> str:
        return f"{self.meeting}"


class Conclusion(models.Model):
    minutes = models.ForeignKey(Minutes, on_delete=models.CASCADE, related_name="conclusions")
    order = models.PositiveIntegerField(default=0)
    text = models.TextField(_("kết luận"))
    lead_unit = models.ForeignKey(
        Unit, verbose_name=_("đơn vị chủ trì"), null=True, blank=True, on_delete=models.PROTECT
    )
    deadline = models.DateField(_("thời hạn"), null=True, blank=True)
    task = models.ForeignKey(
        "directives.Task", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["minutes_id", "order", "pk"]
        verbose_name = _("kết luận")
        verbose_name_plural = _("kết luận")

    def __str__(self) -> str:
        return self.text[:80]
