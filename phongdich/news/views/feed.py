"""The Atom feed of published articles (django.contrib.syndication)."""

from __future__ import annotations

import datetime as dt

from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext_lazy as _

from phongdich.news.models import Article
from phongdich.news.selectors import articles as selectors


class ArticleFeed(Feed):  # type: ignore[type-arg]
    feed_type = Atom1Feed
    title = _("Tin phòng, chống dịch")
    subtitle = _("Bài viết đã được Ban biên tập duyệt đăng.")

    def link(self) -> str:
        return reverse("news:index")

    def items(self) -> list[Article]:
        return list(selectors.public_articles()[:30])

    def item_title(self, item: Article) -> str:
        return item.title

    def item_description(self, item: Article) -> str:
        return item.summary

    def item_link(self, item: Article) -> str:
        return reverse("news:detail", args=[item.pk])

    def item_pubdate(self, item: Article) -> dt.datetime | None:
        return item.published_at or item.publish_at

    def item_updateddate(self, item: Article) -> dt.datetime | None:
        return item.updated_at

    def item_author_name(self, item: Article) -> str:
        return item.unit.name

    def item_categories(self, item: Article) -> list[str]:
        return [str(item.get_topic_display())]


article_feed = ArticleFeed()
