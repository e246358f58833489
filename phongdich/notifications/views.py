"""The signed-in user's notifications; opening the list marks them read."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from phongdich.core.permissions import role_required
from phongdich.notifications import selectors, services


@require_GET
@never_cache
@role_required()
def index(request: HttpRequest) -> HttpResponse:
    items = selectors.latest(user=request.user)
    unread_ids = [n.pk for n in items if not n.is_read]
    response = render(request, "notifications/index.html", {"items": items})
    if unread_ids:  # shown once as new, then read
        services.notification_mark_read(user=request.user, ids=unread_ids)
    return response
