from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from phongdich.core.navigation import items_for
from phongdich.core.permissions import role_required, roles_of


@require_GET
@role_required()
def home(request: HttpRequest) -> HttpResponse:
    """The home page of each role: links to what that role can do, nothing invented."""
    staff = getattr(request.user, "staff", None)
    return render(
        request,
        "core/home.html",
        {"items": items_for(roles_of(request.user)), "staff": staff},
    )


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    return render(request, "core/csrf_failure.html", status=403)
