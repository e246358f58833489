"""False-news reports: staff report a suspicious post, the board gives a verdict and
publishes a short “Cảnh báo tin giả” item."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class FalseNewsReport(models.Model):
    class Platform(models.TextChoices):
        FACEBOOK = "facebook", _("Facebook")
        ZALO = "zalo", _("Zalo")
        TIKTOK = "tiktok", _("TikTok")
        YOUTUBE = "youtube", _("YouTube")
        WEBSITE = "website", _("Trang web, báo điện tử")
        OTHER = "other", _("Nơi khác")

    class Verdict(models.TextChoices):
        TRUE = "true", _("Đúng sự thật")
        FALSE = "false", _("Tin giả")
        MISLEADING = "misleading", _("Sai lệch, gây hiểu nhầm")
        UNVERIFIABLE = "unverifiable", _("Chưa thể kiểm chứng")

    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    link = models.URLField(_("đường dẫn bài đăng"), max_length=500, blank=True, default="")
    screenshot_path = models.CharField(max_length=300, blank=True, default="")
    screenshot_type = models.CharField(max_length=40, blank=True, default="")
    platform = models.CharField(_("thấy ở đâu"), max_length=16, choices=Platform.choices)
    seen_on = models.DateField(_("thấy ngày"))
    description = models.TextField(_("mô tả ngắn"), max_length=2000)
    created_at = models.DateTimeField(default=timezone.now)
    verdict = models.CharField(
        _("kết luận"), max_length=16, choices=Verdict.choices, blank=True, default=""
    )
    source = models.TextField(_("nguồn chính thức đối chiếu"), blank=True, default="")
    warning_title = models.CharField(_("tiêu đề cảnh báo"), max_length=200, blank=True, default="")
    warning_body = models.TextField(_("nội dung cảnh báo"), max_length=2000, blank=True, default="")
    public = models.BooleanField(_("đăng lên trang tin công khai"), default=False)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("báo tin giả")
        verbose_name_plural = _("báo tin giả")
        indexes = [models.Index(fields=["decided_at"], name="news_falsenews_decided_idx")]

    def __str__(self) -> str:
        return f"#{self.pk} {self.get_platform_display()}"

    @property
    def is_decided(self) -> bool:
        return bool(self.verdict)
