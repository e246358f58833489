"""The notifications the news module sends (always from a background task)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _

from phongdich.core.roles import Role
from phongdich.news.models import Article, ArticleEvent
from phongdich.notifications.services import notification_send

A = ArticleEvent.Action


def board_members() -> list[Any]:
    User = get_user_model()
    return list(User.objects.filter(is_active=True, role_assignments__role=Role.EDITOR).distinct())


def article_notify(*, article_id: int, action: str) -> int:
    """Submitted: the board is told. Returned, approved, scheduled, published or taken
    down: the author is told (with the board's comment when returned)."""
    article = Article.objects.select_related("author").filter(pk=article_id).first()
    if article is None:
        return 0
    url = reverse("news:article_detail", args=[article.pk])
    if action == A.SUBMIT:
        users = board_members()
        title = _("Bài mới chờ duyệt: %(title)s") % {"title": article.title}
        body = ""
    else:
        users = [article.author]
        title = _("Bài “%(title)s”: %(status)s") % {
            "title": article.title,
            "status": article.get_status_display(),
        }
        last = article.events.filter(action=action).order_by("-at", "-pk").first()
        body = last.comment if last and last.comment else ""
    with transaction.atomic():
        notification_send(users=users, title=title, body=body, url=url)
    return len(users)
