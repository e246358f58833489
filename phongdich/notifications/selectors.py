"""Reads: a user's own notifications only."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from phongdich.notifications.models import Notification

LIST_LIMIT = 100


def notifications_for(*, user: Any) -> QuerySet[Notification]:
    if not getattr(user, "is_authenticated", False):
        return Notification.objects.none()
    return Notification.objects.filter(user=user)


def unread_count(*, user: Any) -> int:
    """One cheap query (the (user, read_at) index)."""
    if not getattr(user, "is_authenticated", False):
        return 0
    return Notification.objects.filter(user=user, read_at__isnull=True).count()


def latest(*, user: Any, limit: int = LIST_LIMIT) -> list[Notification]:
    return list(notifications_for(user=user).order_by("-created_at", "-pk")[:limit])
