"""Reads of the knowledge base: published articles for everyone, drafts for the IT team;
search and the "this may help" suggestions of the request form."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from phongdich.core.permissions import has_role
from phongdich.support.models import Article
from phongdich.support.roles import IT_TEAM
from phongdich.support.search import fold, words


def articles_visible(*, user: Any) -> QuerySet[Article]:
    if has_role(user, *IT_TEAM):
        return Article.objects.all()
    return Article.objects.filter(status=Article.Status.PUBLISHED)


def article_search(*, user: Any, query: str = "") -> QuerySet[Article]:
    """Articles with every word of ``query`` (diacritics and case ignored)."""
    qs = articles_visible(user=user)
    for word in words(query, minimum=1):
        qs = qs.filter(search_text__contains=word)
    return qs.order_by("title")


def article_get(*, user: Any, slug: str) -> Article:
    return articles_visible(user=user).get(slug=slug)


def article_get_for_edit(*, user: Any, pk: int) -> Article:
    return Article.objects.get(pk=pk)


def suggestions(*, text: str, limit: int = 3) -> list[Article]:
    """Published articles sharing the most words with ``text`` (a request's title and
    description): one query, ranked in Python (the knowledge base is small).

    A word counts when the article has it as a whole word (folded); a word in the
    title counts double; words of one or two letters ("mã", "qr") count half. An
    article needs a score of at least 1."""
    terms = words(text, minimum=2)[:12]
    if not terms:
        return []
    condition = Q()
    for term in terms:
        condition |= Q(search_text__contains=term)
    candidates = list(
        Article.objects.filter(condition, status=Article.Status.PUBLISHED).only(
            "title", "slug", "summary", "search_text"
        )[:50]
    )
    scored = []
    for article in candidates:
        text_words = set(article.search_text.split())
        title_words = set(fold(article.title).split())
        score = 0.0
        for term in terms:
            weight = 1.0 if len(term) >= 3 else 0.5
            if term in title_words:
                score += 2 * weight
            elif term in text_words:
                score += weight
        scored.append((score, article.title, article))
    scored.sort(key=lambda item: (-item[0], item[1]))
    return [article for score, _title, article in scored[:limit] if score >= 1]


def help_articles(*, topic: str, limit: int = 3) -> list[Article]:
    """The published articles the IT team tied to ``topic`` (``Article.Topic``): the
    links of the check-in and meeting pages. One indexed query; never a draft."""
    if not topic:
        return []
    return list(
        Article.objects.filter(status=Article.Status.PUBLISHED, topic=topic)
        .only("title", "slug", "summary")
        .order_by("title")[:limit]
    )


def public_help_article(*, slug: str) -> Article:
    """An article the public check-in page may show without an account: published and
    tied to the check-in pages (anything else: DoesNotExist)."""
    return Article.objects.get(
        slug=slug, status=Article.Status.PUBLISHED, topic=Article.Topic.CHECKIN
    )
