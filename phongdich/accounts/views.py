"""Log-in with the second factor: enrolment, verification, recovery codes."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import REDIRECT_FIELD_NAME
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from phongdich.accounts import services, two_factor
from phongdich.accounts.forms import CodeForm, LoginForm, VerifyForm
from phongdich.accounts.models import RecoveryCode, TrustedBrowser
from phongdich.core.audit import client_ip


def _next_url(request: HttpRequest) -> str:
    target = request.POST.get(REDIRECT_FIELD_NAME) or request.GET.get(REDIRECT_FIELD_NAME, "")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return reverse(settings.LOGIN_REDIRECT_URL)


class LoginView(auth_views.LoginView):
    """The password step; a user with (or needing) a second factor goes on to it."""

    template_name = "accounts/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True

    def get_success_url(self) -> str:
        next_url = super().get_success_url()
        return two_factor.step_url(self.request, next_url) or next_url


@login_required
@require_http_methods(["GET", "POST"])
def two_factor_enrol(request: HttpRequest) -> HttpResponse:
    """Scan the QR code, type the app's code: the authenticator is enrolled and the
    recovery codes are shown once."""
    next_url = _next_url(request)
    if two_factor.device_of(request.user) is not None:
        return redirect("accounts:two_factor")
    key = request.session.get(two_factor.PENDING_KEY)
    if not isinstance(key, str) or len(key) != 40:
        key = two_factor.new_secret()
        request.session[two_factor.PENDING_KEY] = key
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            device, codes = services.totp_enrol(
                user=request.user, key=key, code=form.cleaned_data["code"], ip=client_ip(request)
            )
        except ValidationError as error:
            form.add_error("code", error)
        else:
            request.session.pop(two_factor.PENDING_KEY, None)
            two_factor.mark_verified(request, device)
            request.session[two_factor.NEW_CODES] = codes
            return HttpResponseRedirect(two_factor.with_next("accounts:two_factor_codes", next_url))
    url = two_factor.config_url(key, request.user.get_username())
    return render(
        request,
        "accounts/two_factor_enrol.html",
        {
            "form": form,
            "qr_svg": two_factor.qr_svg(url),
            "secret": two_factor.secret_for_typing(key),
            "next": next_url,
            "required": two_factor.required_for(request.user),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def two_factor_verify(request: HttpRequest) -> HttpResponse:
    """The second step of the log-in: a code of the app, or a recovery code."""
    next_url = _next_url(request)
    current = two_factor.state(request)
    if current == two_factor.State.OK:
        return HttpResponseRedirect(next_url)
    if current == two_factor.State.ENROL:
        return HttpResponseRedirect(two_factor.with_next("accounts:two_factor_enrol", next_url))
    days = settings.TWO_FACTOR_REMEMBER_DAYS
    form = VerifyForm(request.POST or None, remember_days=days)
    if request.method == "POST" and form.is_valid():
        try:
            verified = services.two_factor_verify(
                user=request.user,
                code=form.cleaned_data["code"],
                remember=form.cleaned_data["remember"],
                user_agent=request.headers.get("User-Agent", ""),
                ip=client_ip(request),
            )
        except ValidationError as error:
            form.add_error("code", error)
        else:
            two_factor.mark_verified(request, verified.device)
            if verified.by_recovery_code:
                messages.warning(
                    request,
                    _(
                        "Bạn vừa dùng một mã khôi phục; mã đó không dùng lại được. "
                        "Hãy tạo mã mới trong trang Xác thực hai lớp nếu sắp hết."
                    ),
                )
            response = HttpResponseRedirect(next_url)
            if verified.browser_key:
                two_factor.set_browser_cookie(response, user=request.user, key=verified.browser_key)
            return response
    return render(request, "accounts/two_factor_verify.html", {"form": form, "next": next_url})


@login_required
@require_http_methods(["GET", "POST"])
def two_factor_codes(request: HttpRequest) -> HttpResponse:
    """GET: the recovery codes just made, shown once. POST: make new ones."""
    next_url = _next_url(request)
    if request.method == "POST":
        try:
            codes = services.recovery_codes_regenerate(user=request.user, ip=client_ip(request))
        except ValidationError as error:
            messages.error(request, error.messages[0])
            return redirect("accounts:two_factor")
        request.session[two_factor.NEW_CODES] = codes
        return HttpResponseRedirect(two_factor.with_next("accounts:two_factor_codes", next_url))
    codes = request.session.pop(two_factor.NEW_CODES, None)
    if not codes:
        return redirect("accounts:two_factor")
    return render(request, "accounts/two_factor_codes.html", {"codes": codes, "next": next_url})


@login_required
def two_factor_home(request: HttpRequest) -> HttpResponse:
    """The user's own second-factor page: status, recovery codes left, browsers."""
    user: Any = request.user
    device = two_factor.device_of(user)
    context: dict[str, Any] = {
        "device": device,
        "required": two_factor.required_for(user),
        "codes_left": RecoveryCode.objects.filter(user=user, used_at__isnull=True).count(),
        "browsers": TrustedBrowser.objects.filter(user=user).order_by("-created_at"),
        "remember_days": settings.TWO_FACTOR_REMEMBER_DAYS,
    }
    return render(request, "accounts/two_factor.html", context)


@login_required
@require_POST
def two_factor_browsers_forget(request: HttpRequest) -> HttpResponse:
    n = services.trusted_browsers_forget(user=request.user, ip=client_ip(request))
    messages.success(request, _("Đã quên %(n)s trình duyệt được ghi nhớ.") % {"n": n})
    response = redirect("accounts:two_factor")
    response.delete_cookie(two_factor.BROWSER_COOKIE)
    return response


@login_required
@require_POST
def two_factor_disable(request: HttpRequest) -> HttpResponse:
    try:
        services.two_factor_disable(user=request.user, ip=client_ip(request))
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(request, _("Đã tắt xác thực hai lớp."))
    return redirect("accounts:two_factor")
