"""The news models, by area; imported in dependency order."""

from phongdich.news.models.articles import (
    Article,
    ArticleEvent,
    ArticleImage,
    ArticleVersion,
    Topic,
)

__all__ = ["Article", "ArticleEvent", "ArticleImage", "ArticleVersion", "Topic"]
