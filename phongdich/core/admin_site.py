from __future__ import annotations

from functools import update_wrapper
from typing import Any

from django.contrib import admin
from django.contrib.auth import REDIRECT_FIELD_NAME
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect


class AdminSite(admin.AdminSite):
    """The Django admin, open only to holders of the Admin role.

    There is one login page for everyone (the site's, with lockout and phone
    log-in): an anonymous visitor is sent there, and a signed-in user without
    the Admin role gets 403 instead of the admin's own login form.
    """

    site_header = _("Phòng dịch số · Quản trị")
    site_title = _("Phòng dịch số")
    index_title = _("Quản trị hệ thống")

    def has_permission(self, request: HttpRequest) -> bool:
        from phongdich.core.permissions import has_role
        from phongdich.core.roles import Role

        user = request.user
        return bool(user.is_active and user.is_staff and has_role(user, Role.ADMIN))

    def _refuse(self, request: HttpRequest, next_url: str) -> HttpResponse:
        if request.user.is_authenticated:
            raise PermissionDenied
        return redirect_to_login(next_url)

    def admin_view(self, view: Any, cacheable: bool = False) -> Any:
        def inner(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if not self.has_permission(request):
                return self._refuse(request, request.get_full_path())
            response: HttpResponse = view(request, *args, **kwargs)
            return response

        if not cacheable:
            inner = never_cache(inner)
        if not getattr(view, "csrf_exempt", False):
            inner = csrf_protect(inner)
        return update_wrapper(inner, view)

    def login(self, request: HttpRequest, extra_context: dict[str, Any] | None = None) -> Any:
        next_url = request.GET.get(REDIRECT_FIELD_NAME, "")
        if not url_has_allowed_host_and_scheme(
            next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        ):
            next_url = reverse("admin:index", current_app=self.name)
        if self.has_permission(request):
            return HttpResponseRedirect(next_url)
        return self._refuse(request, next_url)
