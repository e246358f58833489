"""Gate management: the list per unit, create/edit, the QR token, posters.

Office and Admin manage every gate; a unit head or IT manages the gates of the
units in their scope. A gate outside the user's scope is a 404, whatever the URL.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from phongdich.checkin import posters
from phongdich.checkin.forms.gates import LocationForm
from phongdich.checkin.models import Location
from phongdich.checkin.selectors.gates import (
    GATE_ROLES,
    gate_groups,
    gate_unit,
    gate_units,
    gate_visible,
)
from phongdich.checkin.services.gates import (
    GateError,
    gate_create,
    gate_update,
    location_regenerate_token,
    location_revoke_token,
)
from phongdich.core.audit import client_ip
from phongdich.core.permissions import role_required

ROLES = tuple(GATE_ROLES)


def _gate_or_404(request: HttpRequest, pk: int) -> Location:
    gate = gate_visible(user=request.user, pk=pk)
    if gate is None:
        raise Http404(_("Không tìm thấy cổng."))
    return gate


def _file_response(content: bytes, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


# List, create, edit -----------------------------------------------------------


@require_GET
@role_required(*ROLES)
def index(request: HttpRequest) -> HttpResponse:
    return render(request, "checkin/gates/index.html", {"groups": gate_groups(user=request.user)})


@require_http_methods(["GET", "POST"])
@role_required(*ROLES)
def create(request: HttpRequest) -> HttpResponse:
    units = gate_units(user=request.user).filter(is_active=True)
    form = LocationForm(request.POST or None, units=units)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            gate = gate_create(
                user=request.user,
                ip=client_ip(request),
                code=data["code"],
                name=data["name"],
                unit=data["unit"],
                address=data["address"],
                opens_at=data["opens_at"],
                closes_at=data["closes_at"],
                is_active=data["is_active"],
                require_cccd=data["require_cccd"],
            )
        except GateError as exc:
            form.add_error(exc.field, str(exc))
        else:
            messages.success(
                request,
                _("Đã tạo cổng “%(name)s”. Có thể in áp phích mã QR.") % {"name": gate.name},
            )
            return redirect("checkin:gates_detail", pk=gate.pk)
    return render(request, "checkin/gates/form.html", {"form": form, "gate": None})


@require_http_methods(["GET", "POST"])
@role_required(*ROLES)
def edit(request: HttpRequest, pk: int) -> HttpResponse:
    gate = _gate_or_404(request, pk)
    units = gate_units(user=request.user)
    form = LocationForm(request.POST or None, units=units, gate=gate)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            gate_update(
                location=gate,
                user=request.user,
                ip=client_ip(request),
                code=data["code"],
                name=data["name"],
                unit=data["unit"],
                address=data["address"],
                opens_at=data["opens_at"],
                closes_at=data["closes_at"],
                is_active=data["is_active"],
                require_cccd=data["require_cccd"],
            )
        except GateError as exc:
            form.add_error(exc.field, str(exc))
        else:
            messages.success(request, _("Đã lưu cổng “%(name)s”.") % {"name": gate.name})
            return redirect("checkin:gates_detail", pk=gate.pk)
    return render(request, "checkin/gates/form.html", {"form": form, "gate": gate})


@require_GET
@role_required(*ROLES)
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    gate = _gate_or_404(request, pk)
    context = {
        "gate": gate,
        "public_url": posters.public_url(gate),
        "manual_url": posters.manual_code_url(),
        "local_base": posters.is_local_base_url(),
        "public_base_url": settings.PUBLIC_BASE_URL,
        "debug": settings.DEBUG,
    }
    return render(request, "checkin/gates/detail.html", context)


# The QR token -------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@role_required(*ROLES)
def regenerate(request: HttpRequest, pk: int) -> HttpResponse:
    gate = _gate_or_404(request, pk)
    if request.method == "POST":
        location_regenerate_token(location=gate, user=request.user, ip=client_ip(request))
        messages.success(
            request,
            _(
                "Đã cấp mã QR mới cho cổng “%(name)s”. Áp phích cũ không còn dùng được: "
                "hãy in và dán áp phích mới."
            )
            % {"name": gate.name},
        )
        return redirect("checkin:gates_detail", pk=gate.pk)
    return render(request, "checkin/gates/confirm.html", {"gate": gate, "action": "regenerate"})


@require_http_methods(["GET", "POST"])
@role_required(*ROLES)
def revoke(request: HttpRequest, pk: int) -> HttpResponse:
    gate = _gate_or_404(request, pk)
    if request.method == "POST":
        if gate.token_revoked:
            messages.info(
                request,
                _("Mã QR của cổng “%(name)s” đã bị thu hồi từ trước.") % {"name": gate.name},
            )
        else:
            location_revoke_token(location=gate, user=request.user, ip=client_ip(request))
            messages.success(
                request,
                _(
                    "Đã thu hồi mã QR của cổng “%(name)s”: áp phích đang dán không còn "
                    "check-in được. Cấp lại mã khi cần dùng lại cổng."
                )
                % {"name": gate.name},
            )
        return redirect("checkin:gates_detail", pk=gate.pk)
    return render(request, "checkin/gates/confirm.html", {"gate": gate, "action": "revoke"})


# Posters and the QR code alone ---------------------------------------------


def _unavailable(request: HttpRequest, gate: Location, exc: Exception) -> HttpResponse:
    messages.error(request, str(exc))
    return redirect("checkin:gates_detail", pk=gate.pk)


def _local_refused(request: HttpRequest, exc: posters.LocalBaseUrl, back: str) -> HttpResponse:
    """PUBLIC_BASE_URL is local outside DEBUG: a page that says so, status 409."""
    context = {"message": str(exc), "back": back}
    return render(request, "checkin/gates/poster_local.html", context, status=409)


# A local PUBLIC_BASE_URL: refused in production; in DEBUG (the demo under `make run`)
# the poster is made with a red "Địa chỉ cục bộ – không in để dán" band on it.
def _allow_local() -> bool:
    return bool(settings.DEBUG)


@never_cache
@require_GET
@role_required(*ROLES)
def poster_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    gate = _gate_or_404(request, pk)
    try:
        pdf = posters.poster_pdf([gate], allow_local=_allow_local())
    except posters.LocalBaseUrl as exc:
        return _local_refused(request, exc, reverse("checkin:gates_detail", args=[gate.pk]))
    except posters.PosterUnavailable as exc:
        return _unavailable(request, gate, exc)
    return _file_response(pdf, "application/pdf", f"ap-phich-{gate.code}.pdf")


@never_cache
@require_GET
@role_required(*ROLES)
def unit_poster_pdf(request: HttpRequest, unit_id: int) -> HttpResponse:
    unit = gate_unit(user=request.user, pk=unit_id)
    if unit is None:
        raise Http404(_("Không tìm thấy đơn vị."))
    try:
        pdf, _gates = posters.unit_poster_pdf(unit, allow_local=_allow_local())
    except posters.LocalBaseUrl as exc:
        return _local_refused(request, exc, reverse("checkin:gates_index"))
    except posters.PosterUnavailable as exc:
        messages.error(request, str(exc))
        return redirect("checkin:gates_index")
    return _file_response(pdf, "application/pdf", f"ap-phich-{unit.code}.pdf")


@never_cache
@require_GET
@role_required(*ROLES)
def qr_png(request: HttpRequest, pk: int) -> HttpResponse:
    gate = _gate_or_404(request, pk)
    try:
        png = posters.qr_png(gate)
    except posters.PosterUnavailable as exc:
        return _unavailable(request, gate, exc)
    return _file_response(png, "image/png", f"qr-{gate.code}.png")


@never_cache
@require_GET
@role_required(*ROLES)
def qr_svg(request: HttpRequest, pk: int) -> HttpResponse:
    gate = _gate_or_404(request, pk)
    try:
        svg = posters.qr_svg(gate)
    except posters.PosterUnavailable as exc:
        return _unavailable(request, gate, exc)
    return _file_response(svg, "image/svg+xml", f"qr-{gate.code}.svg")
