"""The breach register (the Admin): the list with each 72-hour countdown, recording an
incident, its page, the notification (.docx, .pdf) and the affected people (.xlsx)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from phongdich.core.audit import client_ip
from phongdich.core.paging import paginate
from phongdich.core.permissions import role_required, visible_units
from phongdich.core.xlsx import xlsx_response
from phongdich.documents import DocumentError
from phongdich.privacy import exports, notification
from phongdich.privacy.forms.incidents import IncidentForm
from phongdich.privacy.inputs import IncidentInput
from phongdich.privacy.models import Incident
from phongdich.privacy.models.incidents import DEFAULT_ADDRESSEE
from phongdich.privacy.roles import BREACH_ROLES
from phongdich.privacy.selectors import incidents as selectors
from phongdich.privacy.services import incidents as services

ROLES = tuple(BREACH_ROLES)


def _incident_or_404(request: HttpRequest, pk: int) -> Incident:
    try:
        return selectors.incident_get(user=request.user, pk=pk)
    except Incident.DoesNotExist:
        raise Http404 from None


def _form(request: HttpRequest, **kwargs: Any) -> IncidentForm:
    return IncidentForm(
        request.POST if request.method == "POST" else None,
        units=visible_units(request.user).order_by("path"),
        **kwargs,
    )


@require_GET
@role_required(*ROLES)
def incident_list(request: HttpRequest) -> HttpResponse:
    now = timezone.now()
    page = paginate(selectors.incident_list(user=request.user), request.GET)
    incidents = [(i, i.countdown(now)) for i in page.object_list]
    return render(request, "privacy/incidents/list.html", {"incidents": incidents, "page": page})


@require_GET
@role_required(*ROLES)
def incident_register_export(request: HttpRequest) -> HttpResponse:
    """The breach register as .xlsx: every incident, not one page."""
    content = exports.register_xlsx(selectors.incident_list(user=request.user), user=request.user)
    return xlsx_response(content, filename="so-su-co-du-lieu-ca-nhan.xlsx")


@require_http_methods(["GET", "POST"])
@role_required(*ROLES)
def incident_create(request: HttpRequest) -> HttpResponse:
    form = _form(
        request,
        initial={
            "discovered_at": timezone.localtime().replace(second=0, microsecond=0),
            "addressee": DEFAULT_ADDRESSEE,
            "symbol": "SLĐTBXH-VP",
            "signer_title": "GIÁM ĐỐC",
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            incident = services.incident_create(
                data=IncidentInput.of(form.cleaned_data), by=request.user, ip=client_ip(request)
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request, _("Đã ghi nhận sự cố. Hạn thông báo là 72 giờ kể từ lúc phát hiện.")
            )
            return redirect("privacy:incident_detail", pk=incident.pk)
    status = 400 if request.method == "POST" else 200
    return render(request, "privacy/incidents/form.html", {"form": form}, status=status)


@require_http_methods(["GET", "POST"])
@role_required(*ROLES)
def incident_edit(request: HttpRequest, pk: int) -> HttpResponse:
    incident = _incident_or_404(request, pk)
    initial = {
        name: getattr(incident, name)
        for name in IncidentForm.base_fields
        if name not in {"scope_units", "discovered_at", "occurred_at"}
    }
    initial["scope_units"] = list(incident.scope_units.all())
    initial["discovered_at"] = timezone.localtime(incident.discovered_at)
    if incident.occurred_at:
        initial["occurred_at"] = timezone.localtime(incident.occurred_at)
    form = _form(request, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.incident_update(
                incident=incident,
                data=IncidentInput.of(form.cleaned_data),
                by=request.user,
                ip=client_ip(request),
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Đã lưu sự cố."))
            return redirect("privacy:incident_detail", pk=incident.pk)
    status = 400 if request.method == "POST" else 200
    return render(
        request, "privacy/incidents/form.html", {"form": form, "incident": incident}, status=status
    )


@require_GET
@role_required(*ROLES)
def incident_detail(request: HttpRequest, pk: int) -> HttpResponse:
    incident = _incident_or_404(request, pk)
    return render(
        request,
        "privacy/incidents/detail.html",
        {
            "incident": incident,
            "countdown": incident.countdown(),
            "units": list(incident.scope_units.all()),
        },
    )


@require_POST
@role_required(*ROLES)
def incident_notified(request: HttpRequest, pk: int) -> HttpResponse:
    incident = _incident_or_404(request, pk)
    try:
        incident = services.incident_mark_notified(
            incident=incident, by=request.user, ip=client_ip(request)
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        if incident.notified_late:
            messages.warning(request, _("Đã ghi nhận: thông báo sau hạn 72 giờ."))
        else:
            messages.success(request, _("Đã ghi nhận: đã thông báo trong hạn."))
    return redirect("privacy:incident_detail", pk=incident.pk)


@require_POST
@role_required(*ROLES)
def incident_close(request: HttpRequest, pk: int) -> HttpResponse:
    incident = _incident_or_404(request, pk)
    try:
        services.incident_close(incident=incident, by=request.user, ip=client_ip(request))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Đã đóng sự cố."))
    return redirect("privacy:incident_detail", pk=incident.pk)


@require_GET
@role_required(*ROLES)
def incident_notification(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    incident = _incident_or_404(request, pk)
    if fmt not in notification.FORMATS:
        raise Http404
    try:
        content = selectors.incident_notification(
            user=request.user, incident=incident, fmt=fmt, ip=client_ip(request)
        )
    except DocumentError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("privacy:incident_detail", pk=incident.pk)
    response = HttpResponse(content, content_type=notification.FORMATS[fmt])
    response["Content-Disposition"] = content_disposition_header(
        True, notification.filename(incident, fmt)
    )
    return response


@require_GET
@role_required(*ROLES)
def incident_affected(request: HttpRequest, pk: int) -> HttpResponse:
    incident = _incident_or_404(request, pk)
    content = selectors.incident_affected_export(
        user=request.user, incident=incident, ip=client_ip(request)
    )
    return xlsx_response(content, filename=f"nguoi-bi-anh-huong-su-co-{incident.pk}.xlsx")
