from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from phongdich.core.navigation import items_for
from phongdich.core.permissions import role_required, roles_of
from phongdich.core.roles import Role
from phongdich.core.selectors import daily_jobs_state


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


@require_GET
@role_required(Role.ADMIN, Role.IT)
def jobs(request: HttpRequest) -> HttpResponse:
    """The last run of each daily background job, with a warning when one has stopped."""
    states = daily_jobs_state(user=request.user)
    return render(
        request,
        "core/jobs.html",
        {"jobs": states, "troubled": sum(1 for state in states if state.warnings)},
    )


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    return render(request, "core/csrf_failure.html", status=403)
