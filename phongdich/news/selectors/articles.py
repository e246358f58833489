"""Reads of articles. Staff: authors see their own, the board sees all, unit heads see
their units'. Public: published articles only (scheduled ones from their time on)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ObjectDoesNotExist
from django.db.models import Q, QuerySet

from phongdich.core.permissions import visible_units
from phongdich.news.diff import version_diff
from phongdich.news.models import Article, ArticleEvent, ArticleImage, ArticleVersion
from phongdich.news.roles import UNIT_READERS
from phongdich.news.workflow import is_board


def article_list(*, user: Any, status: str = "", mine: bool = False) -> QuerySet[Article]:
    qs = Article.objects.select_related("unit", "author")
    if mine:
        qs = qs.filter(author=user)
    elif not is_board(user):
        units = visible_units(user, roles=UNIT_READERS)
        qs = qs.filter(Q(author=user) | Q(unit__in=units))
    if status:
        qs = qs.filter(status=status)
    return qs.order_by("-updated_at", "-pk")


def article_get(*, user: Any, pk: int) -> Article:
    return article_list(user=user).get(pk=pk)


def article_history(*, article: Article) -> tuple[list[ArticleVersion], list[ArticleEvent]]:
    versions = list(article.versions.select_related("created_by").order_by("-number"))
    events = list(article.events.select_related("actor").order_by("-at", "-pk"))
    return versions, events


def version_compare(*, article: Article, number: int) -> dict[str, Any]:
    """Version ``number`` of ``article`` and its word diff against the one before."""
    version = article.versions.select_related("created_by").get(number=number)
    previous = article.versions.filter(number__lt=number).order_by("-number").first()
    return {
        "version": version,
        "previous": previous,
        "diff": version_diff(previous, version) if previous else None,
    }


def public_articles(
    *, topic: str = "", query: str = "", now: dt.datetime | None = None
) -> QuerySet[Article]:
    qs = Article.objects.filter(Article.public_q(now)).select_related("unit")
    if topic:
        qs = qs.filter(topic=topic)
    if query:
        qs = qs.filter(
            Q(title__icontains=query) | Q(summary__icontains=query) | Q(body__icontains=query)
        )
    return qs.order_by("-published_at", "-publish_at", "-pk")


def public_article(*, pk: int) -> Article:
    return public_articles().get(pk=pk)


def image_get(*, user: Any, pk: Any) -> ArticleImage:
    """An image of a public article for anyone; otherwise only for those who see the
    article (an image not yet attached: its uploader)."""
    image = ArticleImage.objects.select_related("article").get(pk=pk)
    if image.article_id is None:
        if image.uploaded_by_id and image.uploaded_by_id == getattr(user, "pk", None):
            return image
        raise ArticleImage.DoesNotExist
    if Article.objects.filter(Article.public_q(), pk=image.article_id).exists():
        return image
    if getattr(user, "is_authenticated", False):
        try:
            article_get(user=user, pk=image.article_id)
        except ObjectDoesNotExist:
            raise ArticleImage.DoesNotExist from None
        return image
    raise ArticleImage.DoesNotExist
