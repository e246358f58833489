from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from phongdich.notifications.selectors import unread_count


def unread(request: HttpRequest) -> dict[str, Any]:
    """``unread_notifications`` for the bell in the top bar: one COUNT query, and only
    when a template shows it (anonymous pages never query)."""
    user = getattr(request, "user", None)
    return {"unread_notifications": SimpleLazyObject(lambda: unread_count(user=user))}
