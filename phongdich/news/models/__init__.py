"""The news models, by area; imported in dependency order."""

from phongdich.news.models.articles import (
    Article,
    ArticleEvent,
    ArticleImage,
    ArticleVersion,
    Topic,
)
from phongdich.news.models.bulletins import Acknowledgement, Bulletin, BulletinReminder
from phongdich.news.models.falsenews import FalseNewsReport

__all__ = [
    "Acknowledgement",
    "Article",
    "ArticleEvent",
    "ArticleImage",
    "ArticleVersion",
    "Bulletin",
    "BulletinReminder",
    "FalseNewsReport",
    "Topic",
]
