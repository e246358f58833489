from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from phongdich.core.permissions import role_required
from phongdich.meetings.roles import READERS
from phongdich.meetings.selectors.figures import meeting_figures


@require_GET
@role_required(*READERS)
def figures(request: HttpRequest) -> HttpResponse:
    return render(request, "meetings/figures.html", {"figures": meeting_figures(user=request.user)})
