"""Writes of articles: create, edit (a new version when the text changes), the workflow
transitions, scheduled publishing, image uploads. Each audited in its transaction."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from phongdich.core.audit import audit
from phongdich.core.text import nfc
from phongdich.news import images, richtext
from phongdich.news.models import Article, ArticleEvent, ArticleImage, ArticleVersion, Topic
from phongdich.news.workflow import TRANSITIONS, may_edit, may_take
from phongdich.org.models import Unit

S = Article.Status
A = ArticleEvent.Action


@dataclass(frozen=True)
class ArticleFields:
    title: str
    summary: str
    body: str
    topic: str
    unit: Unit
    directive_item: str = ""


def _clean(fields: ArticleFields) -> dict[str, Any]:
    title, summary = nfc(fields.title), nfc(fields.summary)
    body = richtext.sanitise(fields.body)
    errors: dict[str, list[str]] = {}
    if not title:
        errors["title"] = [_("Hãy nhập tiêu đề bài viết.")]
    if not summary:
        errors["summary"] = [_("Hãy nhập tóm tắt bài viết.")]
    if not richtext.plain_text(body) and not richtext.image_ids(body):
        errors["body"] = [_("Nội dung bài viết trống (sau khi bỏ các thẻ không được phép).")]
    if fields.topic not in Topic.values:
        errors["topic"] = [_("Hãy chọn chủ đề.")]
    if errors:
        raise ValidationError(errors)
    return {
        "title": title,
        "summary": summary,
        "body": body,
        "topic": fields.topic,
        "unit": fields.unit,
        "directive_item": nfc(fields.directive_item)[:40],
    }


def _event(article: Article, action: str, actor: Any, before: str, comment: str = "") -> None:
    ArticleEvent.objects.create(
        article=article,
        action=action,
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        from_status=before,
        to_status=article.status,
        version=article.version,
        comment=comment,
        unit_id=article.unit_id,
    )


def _attach_images(article: Article, actor: Any) -> None:
    """Images the body shows become the article's (only images this user uploaded and
    not yet attached elsewhere)."""
    ids = richtext.image_ids(article.body)
    if ids:
        ArticleImage.objects.filter(pk__in=ids, article__isnull=True, uploaded_by=actor).update(
            article=article
        )


def _image_create(upload: Any, actor: Any, article: Article | None) -> ArticleImage:
    clean = images.clean_image(upload)
    return ArticleImage.objects.create(
        article=article,
        stored_path=images.store(clean),
        content_type=clean.content_type,
        width=clean.width,
        height=clean.height,
        size=len(clean.data),
        uploaded_by=actor,
    )


def article_create(
    *, fields: ArticleFields, cover: Any = None, actor: Any, ip: str | None
) -> Article:
    """Any staff member writes an article (a draft of their own)."""
    values = _clean(fields)
    with transaction.atomic():
        article = Article.objects.create(author=actor, **values)
        if cover is not None:
            article.cover = _image_create(cover, actor, article)
            article.save(update_fields=["cover"])
        ArticleVersion.objects.create(
            article=article,
            number=1,
            title=article.title,
            summary=article.summary,
            body=article.body,
            created_by=actor,
        )
        _attach_images(article, actor)
        _event(article, A.CREATE, actor, "")
        audit(None, "news.article.create", actor=actor, ip=ip, obj=article)
    return article


def article_update(
    *, article: Article, fields: ArticleFields, cover: Any = None, actor: Any, ip: str | None
) -> Article:
    """The author edits a draft or a returned article; the board edits one under review.
    A change of title, summary or body makes a new version."""
    values = _clean(fields)
    with transaction.atomic():
        article = Article.objects.select_for_update().get(pk=article.pk)
        if not may_edit(actor, article):
            raise ValidationError(
                _("Không sửa được bài ở trạng thái “%(status)s”.")
                % {"status": article.get_status_display()}
            )
        changed = any(getattr(article, k) != values[k] for k in ("title", "summary", "body"))
        for key, value in values.items():
            setattr(article, key, value)
        if changed:
            article.version += 1
            ArticleVersion.objects.create(
                article=article,
                number=article.version,
                title=article.title,
                summary=article.summary,
                body=article.body,
                created_by=actor,
            )
        if cover is not None:
            article.cover = _image_create(cover, actor, article)
        article.save()
        _attach_images(article, actor)
        _event(article, A.EDIT, actor, article.status)
        audit(None, "news.article.edit", actor=actor, ip=ip, obj=article, version=article.version)
    return article


def article_transition(
    *,
    article: Article,
    action: str,
    actor: Any,
    ip: str | None,
    comment: str = "",
    publish_at: dt.datetime | None = None,
    now: dt.datetime | None = None,
) -> Article:
    """Move ``article`` by ``action`` (see news.workflow); anything else is refused with a
    message that says why."""
    now = now or timezone.now()
    comment = nfc(comment)
    transition = TRANSITIONS.get(action)
    if transition is None:
        raise ValidationError(_("Thao tác không hợp lệ."))
    with transaction.atomic():
        article = Article.objects.select_for_update().get(pk=article.pk)
        if article.status not in transition.sources:
            raise ValidationError(
                _("Không thể “%(action)s” một bài ở trạng thái “%(status)s”.")
                % {"action": transition.label, "status": article.get_status_display()}
            )
        if not may_take(actor, article, action):
            raise PermissionDenied(
                _("Chỉ Ban biên tập được “%(action)s”.") % {"action": transition.label}
                if transition.by_board
                else _("Chỉ tác giả được gửi duyệt bài của mình.")
            )
        if action == A.RETURN and not comment:
            raise ValidationError({"comment": [_("Hãy ghi nhận xét khi trả lại bài.")]})
        if action == A.SCHEDULE:
            if publish_at is None or publish_at <= now:
                raise ValidationError({"publish_at": [_("Giờ đăng phải sau thời điểm hiện tại.")]})
            article.publish_at = publish_at
        before = article.status
        article.status = transition.target
        if action == A.PUBLISH:
            article.published_at = now
            article.publish_at = None
        if action == A.UNPUBLISH:
            article.publish_at = None
        article.save()
        if comment:
            version = article.versions.get(number=article.version)
            version.comment = f"{version.comment}\n\n{comment}".strip()
            version.save(update_fields=["comment"])
        _event(article, action, actor, before, comment)
        audit(
            None,
            f"news.article.{action}",
            actor=actor,
            ip=ip,
            obj=article,
            before=before,
            after=article.status,
        )
        from phongdich.news import tasks

        pk = article.pk
        transaction.on_commit(lambda: tasks.notify_article.enqueue(pk, action))
        if action == A.SCHEDULE and article.publish_at is not None:
            when = article.publish_at
            transaction.on_commit(lambda: tasks.schedule_publish(when))
    return article


def articles_publish_due(*, now: dt.datetime | None = None) -> int:
    """Scheduled articles whose time has come become published (the background task; the
    public pages already show them from their time on)."""
    now = now or timezone.now()
    count = 0
    with transaction.atomic():
        due = Article.objects.select_for_update().filter(status=S.SCHEDULED, publish_at__lte=now)
        for article in due:
            article.status = S.PUBLISHED
            article.published_at = article.publish_at
            article.publish_at = None
            article.save(update_fields=["status", "published_at", "publish_at", "updated_at"])
            _event(article, A.PUBLISH, None, S.SCHEDULED)
            audit(None, "news.article.publish", actor=None, ip=None, obj=article, scheduled=True)
            count += 1
    return count


def article_image_upload(
    *, article: Article, upload: Any, actor: Any, ip: str | None
) -> ArticleImage:
    """An inline image for ``article`` (by whoever may edit it)."""
    if not may_edit(actor, article):
        raise ValidationError(_("Bạn không sửa được bài này, nên không tải ảnh lên được."))
    with transaction.atomic():
        image = _image_create(upload, actor, article)
        audit(None, "news.image.upload", actor=actor, ip=ip, obj=article, image=str(image.pk))
    return image
