"""Articles, their versions, their history and their images."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from phongdich.org.models import Unit


class Topic(models.TextChoices):
    PREVENTION = "prevention", _("Phòng, chống dịch")
    TECHNOLOGY = "technology", _("Công nghệ chống dịch")
    VACCINATION = "vaccination", _("Tiêm chủng")
    UNITS = "units", _("Hoạt động đơn vị, đoàn thể")
    GUIDANCE = "guidance", _("Hướng dẫn, chỉ đạo")


class Article(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Bản nháp")
        SUBMITTED = "submitted", _("Đã gửi, chờ duyệt")
        RETURNED = "returned", _("Bị trả lại để sửa")
        APPROVED = "approved", _("Đã duyệt")
        SCHEDULED = "scheduled", _("Hẹn giờ đăng")
        PUBLISHED = "published", _("Đã đăng")
        UNPUBLISHED = "unpublished", _("Đã gỡ")

    title = models.CharField(_("tiêu đề"), max_length=250)
    summary = models.TextField(_("tóm tắt"), max_length=1000)
    body = models.TextField(_("nội dung"))  # sanitised HTML (news.richtext), never raw input
    cover = models.ForeignKey(
        "news.ArticleImage",
        verbose_name=_("ảnh đại diện"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="news_articles"
    )
    unit = models.ForeignKey(
        Unit, verbose_name=_("đơn vị, đoàn thể"), on_delete=models.PROTECT, related_name="+"
    )
    topic = models.CharField(_("chủ đề"), max_length=20, choices=Topic.choices)
    directive_item = models.CharField(
        _("mục của văn bản chỉ đạo"), max_length=40, blank=True, default=""
    )
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.DRAFT)
    version = models.PositiveIntegerField(default=1)
    publish_at = models.DateTimeField(_("giờ đăng"), null=True, blank=True)
    published_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-updated_at", "-pk"]
        verbose_name = _("bài viết")
        verbose_name_plural = _("bài viết")
        indexes = [models.Index(fields=["status", "published_at"], name="news_article_public_idx")]

    def __str__(self) -> str:
        return self.title

    @staticmethod
    def public_q(now: object | None = None) -> Q:
        """Published, or scheduled and due (a scheduled article is public from its time on,
        even before the background task has flipped its status)."""
        moment = now or timezone.now()
        return Q(status=Article.Status.PUBLISHED) | Q(
            status=Article.Status.SCHEDULED, publish_at__lte=moment
        )

    @property
    def shown_at(self) -> object:
        return self.published_at or self.publish_at


class ArticleVersion(models.Model):
    """Every saved state of an article's text; the board's comments hang on the version
    they are about."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    title = models.CharField(max_length=250)
    summary = models.TextField()
    body = models.TextField()
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    comment = models.TextField(_("nhận xét của Ban biên tập"), blank=True, default="")

    class Meta:
        ordering = ["article_id", "number"]
        constraints = [
            models.UniqueConstraint(fields=["article", "number"], name="news_one_version_number")
        ]

    def __str__(self) -> str:
        return f"{self.article_id} v{self.number}"


class ArticleEvent(models.Model):
    """Who did what to an article, and when."""

    class Action(models.TextChoices):
        CREATE = "create", _("Tạo bài")
        EDIT = "edit", _("Sửa bài")
        SUBMIT = "submit", _("Gửi duyệt")
        RETURN = "return", _("Trả lại")
        APPROVE = "approve", _("Duyệt")
        SCHEDULE = "schedule", _("Hẹn giờ đăng")
        PUBLISH = "publish", _("Đăng")
        UNPUBLISH = "unpublish", _("Gỡ bài")

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="events")
    action = models.CharField(max_length=16, choices=Action.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    from_status = models.CharField(max_length=16, blank=True, default="")
    to_status = models.CharField(max_length=16, blank=True, default="")
    version = models.PositiveIntegerField(default=1)
    comment = models.TextField(blank=True, default="")
    # The unit the article came from at the time (the counts of item 7 read it).
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["at", "pk"]
        indexes = [models.Index(fields=["action", "at"], name="news_event_action_at_idx")]

    def __str__(self) -> str:
        return f"{self.article_id} {self.action}"


class ArticleImage(models.Model):
    """An uploaded image, re-encoded (EXIF and every other metadata dropped) and stored
    under MEDIA_ROOT with a random name; served through a permission check."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    article = models.ForeignKey(
        Article, null=True, blank=True, on_delete=models.CASCADE, related_name="images"
    )
    stored_path = models.CharField(max_length=300)
    content_type = models.CharField(max_length=40)
    width = models.PositiveIntegerField()
    height = models.PositiveIntegerField()
    size = models.PositiveIntegerField()
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at"]

    def __str__(self) -> str:
        return str(self.id)
