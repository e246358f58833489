"""Knowledge-base articles: written and published by the IT team."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from phongdich.core.audit import audit
from phongdich.core.text import nfc
from phongdich.support.models import Article
from phongdich.support.search import fold


@dataclass(frozen=True)
class ArticleInput:
    title: str
    body: str
    summary: str = ""
    keywords: str = ""
    publish: bool = False
    topic: str = ""  # Article.Topic: the page that links the article once published


def _slug_for(title: str, *, exclude: int | None) -> str:
    base = slugify(fold(title))[:70] or "bai-viet"
    slug, n = base, 1
    taken = Article.objects.filter(slug__startswith=base)
    if exclude is not None:
        taken = taken.exclude(pk=exclude)
    used = set(taken.values_list("slug", flat=True))
    while slug in used:
        n += 1
        slug = f"{base}-{n}"
    return slug


def article_save(
    *,
    data: ArticleInput,
    actor: Any,
    ip: str | None,
    article: Article | None = None,
    now: dt.datetime | None = None,
) -> Article:
    title, body = nfc(data.title), nfc(data.body)
    errors: dict[str, list[str]] = {}
    if not title:
        errors["title"] = [_("Hãy nhập tiêu đề.")]
    if not body:
        errors["body"] = [_("Hãy nhập nội dung hướng dẫn.")]
    if data.topic not in Article.Topic.values:
        errors["topic"] = [_("Hãy chọn một trang trong danh sách.")]
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        creating = article is None
        article = article or Article(author=actor)
        article.title, article.body = title, body
        article.summary, article.keywords = nfc(data.summary), nfc(data.keywords)
        article.topic = data.topic
        if creating:
            article.slug = _slug_for(title, exclude=None)
        if data.publish and article.status != Article.Status.PUBLISHED:
            article.status, article.published_at = Article.Status.PUBLISHED, now or timezone.now()
        elif not data.publish:
            article.status = Article.Status.DRAFT
        article.save()
        audit(
            None,
            "support.article.create" if creating else "support.article.update",
            actor=actor,
            ip=ip,
            obj=article,
            status=article.status,
            topic=article.topic,
        )
    return article
