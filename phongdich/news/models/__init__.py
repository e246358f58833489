"""The news models, by area; imported in dependency order."""

from phongdich.news.models.articles import (
    Article,
    ArticleEvent,
    ArticleImage,
    ArticleVersion,
    Topic,
)
from phongdich.news.models.bulletins import Acknowledgement, Bulletin, BulletinReminder

__all__ = [
    "Acknowledgement",
    "Article",
    "ArticleEvent",
    "ArticleImage",
    "ArticleVersion",
    "Bulletin",
    "BulletinReminder",
    "Topic",
]
