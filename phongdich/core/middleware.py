"""Request and response rules that hold for every page."""

from __future__ import annotations

from collections.abc import Callable
from functools import cache

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils.cache import patch_cache_control

from phongdich.core.audit import PEER_ADDR, client_ip


class ClientAddressMiddleware:
    """Put the client address (``client_ip``: REMOTE_ADDR, or behind a proxy of
    TRUSTED_PROXIES the address that proxy received from) in ``REMOTE_ADDR``, so that
    code reading REMOTE_ADDR directly sees the client too. The direct peer stays in
    ``request.META[PEER_ADDR]``."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        peer = request.META.get("REMOTE_ADDR")
        address = client_ip(request)
        if address and address != peer:
            request.META[PEER_ADDR] = peer
            request.META["REMOTE_ADDR"] = address
        return self.get_response(request)


@cache
def _public_prefixes() -> tuple[str, ...]:
    """The public check-in pages (the form, the result with a name, the check-out)."""
    return (reverse("public:manual_code"),)


def carries_personal_data(request: HttpRequest, response: HttpResponse) -> bool:
    """A response that may show personal data: any response to a signed-in session
    (or one that opens it), and every public check-in page. Static files are served
    by WhiteNoise before this runs."""
    if request.path.startswith(settings.STATIC_URL):
        return False
    cookie = settings.SESSION_COOKIE_NAME
    if cookie in request.COOKIES or cookie in response.cookies:
        return True
    return request.path.startswith(_public_prefixes())


class PrivateCacheMiddleware:
    """``Cache-Control: private, no-store`` on every response that may carry personal
    data, so that neither a shared cache nor the browser's history keeps it."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if carries_personal_data(request, response):
            patch_cache_control(response, private=True, no_store=True)
        return response


class DebugErrorPagesMiddleware:
    """Under DEBUG (``make run``), the Vietnamese 404 and 500 pages instead of Django's
    English technical pages: a demo shows what a user will see. The traceback of a
    500 still goes to the console (the ``django.request`` log). Installed by settings
    only when DEBUG=1 and DEBUG_TECHNICAL_PAGES is off; last in MIDDLEWARE, so the
    page renders with the signed-in user like any other."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if response.status_code == 404 and getattr(request, "resolver_match", None) is None:
            # No URL matched: Django answered with its technical "Page not found".
            from django.urls import Resolver404
            from django.views.defaults import page_not_found

            return page_not_found(request, Resolver404({"path": request.path}))
        return response

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        import logging

        from django.core.exceptions import BadRequest, PermissionDenied, SuspiciousOperation
        from django.http import Http404
        from django.views.defaults import page_not_found, server_error

        if isinstance(exception, Http404):
            return page_not_found(request, exception)
        if isinstance(exception, (PermissionDenied, BadRequest, SuspiciousOperation)):
            return None  # 403 is rendered by Django whatever DEBUG says; 400 left as it is
        logging.getLogger("django.request").error(
            "Internal Server Error: %s", request.path, exc_info=exception
        )
        return server_error(request)
