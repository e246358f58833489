"""The tracer's dashboard."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from phongdich.core.permissions import role_required
from phongdich.tracing import selectors
from phongdich.tracing.selectors.dashboard import DASHBOARD_ROLES

# Counts only: the Director and the Office read it too (their home's tile links here).
ROLES = DASHBOARD_ROLES


@require_GET
@role_required(*ROLES)
def dashboard(request: HttpRequest) -> HttpResponse:
    data = selectors.dashboard(user=request.user, today=timezone.localdate())
    data["can_trace"] = selectors.can_trace(user=request.user)
    return render(request, "tracing/dashboard.html", data)
