"""The knowledge base: short how-to articles written and published by the IT team."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from phongdich.support.search import tokens


class Article(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Bản nháp")
        PUBLISHED = "published", _("Đã đăng")

    class Topic(models.TextChoices):
        """Where the app links the article (only once it is published): the IT team
        sets it on the article."""

        NONE = "", _("Không gắn với trang nào")
        CHECKIN = "checkin", _("Trang check-in và màn hình bảo vệ (quét mã QR)")
        MEETING = "meeting", _("Trang cuộc họp (họp trực tuyến)")

    title = models.CharField(_("tiêu đề"), max_length=200)
    slug = models.SlugField(_("đường dẫn"), max_length=80, unique=True)
    summary = models.CharField(_("tóm tắt"), max_length=300, blank=True, default="")
    body = models.TextField(_("nội dung"), help_text=_("Mỗi bước một dòng."))
    keywords = models.CharField(
        _("từ khóa"),
        max_length=300,
        blank=True,
        default="",
        help_text=_("Các từ người dùng hay gõ, cách nhau bằng dấu phẩy."),
    )
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.DRAFT)
    topic = models.CharField(
        _("hiện liên kết ở"),
        max_length=16,
        choices=Topic.choices,
        blank=True,
        default="",
        db_index=True,
        help_text=_(
            "Bài đã đăng được gợi ý trên trang này; bài gắn với trang check-in xem được "
            "không cần đăng nhập."
        ),
    )
    # The title, keywords and body lower-cased without diacritics: what search matches.
    search_text = models.TextField(editable=False, default="")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    published_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["title"]
        verbose_name = _("bài hướng dẫn")
        verbose_name_plural = _("bài hướng dẫn")

    def __str__(self) -> str:
        return self.title

    def save(self, *args, **kwargs) -> None:  # type: ignore[no-untyped-def]
        self.search_text = tokens(f"{self.title} {self.keywords} {self.summary} {self.body}")
        super().save(*args, **kwargs)

    @property
    def steps(self) -> list[str]:
        return [line.strip() for line in self.body.splitlines() if line.strip()]
