"""The second factor gate: a session that has not passed it reaches only the pages
that lead through it (two_factor.OPEN_URL_NAMES), the public check-in, and static."""

from __future__ import annotations

from collections.abc import Callable
from functools import cache

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse

from phongdich.accounts import two_factor


@cache
def _open_paths() -> frozenset[str]:
    return frozenset(reverse(name) for name in two_factor.OPEN_URL_NAMES)


@cache
def _open_prefixes() -> tuple[str, ...]:
    return (settings.STATIC_URL, reverse("public:manual_code"))


class SecondFactorMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if (
            not request.user.is_authenticated
            or request.path in _open_paths()
            or request.path.startswith(_open_prefixes())
        ):
            return self.get_response(request)
        target = two_factor.step_url(request, request.get_full_path())
        if target is None:
            return self.get_response(request)
        if request.headers.get("HX-Request"):
            response = HttpResponse(status=204)
            response["HX-Redirect"] = target
            return response
        return HttpResponseRedirect(target)
