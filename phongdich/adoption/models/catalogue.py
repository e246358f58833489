"""The apps staff are asked to install and use: data, so the next epidemic's apps are a row."""

from __future__ import annotations

import re

from django.db import models
from django.utils.translation import gettext_lazy as _

from phongdich.core.text import fold


def app_key(text: str) -> str:
    """ "PC-Covid", "pc covid", "PCCOVID" → "pccovid": the spelling-blind key of an app name."""
    return re.sub(r"[^a-z0-9]", "", fold(text))


class RequiredApp(models.Model):
    class Audience(models.TextChoices):
        ALL = "all", _("Toàn thể cán bộ")
        UNION_MEMBERS = "union_members", _("Đoàn viên, hội viên các tổ chức đoàn thể")
        SIGNERS = "signers", _("Người ký văn bản (lãnh đạo)")

    code = models.SlugField(_("mã"), max_length=40, unique=True)
    name = models.CharField(_("tên ứng dụng"), max_length=120)
    purpose = models.TextField(_("dùng để làm gì"), blank=True, default="")
    android_url = models.URLField(_("liên kết cài trên Android"), blank=True, default="")
    ios_url = models.URLField(_("liên kết cài trên iOS"), blank=True, default="")
    web_url = models.URLField(_("địa chỉ trang web"), blank=True, default="")
    required_since = models.DateField(_("bắt buộc từ ngày"), null=True, blank=True)
    is_required = models.BooleanField(_("bắt buộc"), default=True)
    audience = models.CharField(
        _("áp dụng cho"), max_length=16, choices=Audience.choices, default=Audience.ALL
    )
    aliases = models.CharField(
        _("cách viết khác"),
        max_length=300,
        blank=True,
        default="",
        help_text=_("Các tên khác trong danh sách của đơn vị, cách nhau bằng dấu chấm phẩy."),
    )
    sort_order = models.PositiveIntegerField(_("thứ tự"), default=0)
    is_active = models.BooleanField(_("đang áp dụng"), default=True)

    class Meta:
        ordering = ["sort_order", "name"]
        verbose_name = _("ứng dụng cần cài")
        verbose_name_plural = _("ứng dụng cần cài")

    def __str__(self) -> str:
        return self.name

    def keys(self) -> set[str]:
        spellings = [self.name, self.code, *self.aliases.split(";")]
        return {app_key(s) for s in spellings if app_key(s)}
