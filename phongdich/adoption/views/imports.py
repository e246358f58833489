from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from phongdich.adoption.forms.imports import AdoptionImportForm
from phongdich.adoption.roles import EDITORS, OFFICE
from phongdich.adoption.selectors.imports import import_get
from phongdich.adoption.selectors.scope import editor_units, is_union_leader, led_unions
from phongdich.adoption.services.imports import adoption_import_create
from phongdich.adoption.views.common import get_or_404
from phongdich.core.audit import client_ip
from phongdich.core.permissions import has_role, role_required
from phongdich.org.models import Unit


@require_http_methods(["GET", "POST"])
@role_required()
def import_upload(request: HttpRequest) -> HttpResponse:
    user = request.user
    editor = has_role(user, *EDITORS)
    if not editor and not is_union_leader(user):
        raise PermissionDenied
    units = editor_units(user) if editor else Unit.objects.none()
    unions = led_unions(user)
    whole = has_role(user, *OFFICE)
    if request.method == "POST":
        form = AdoptionImportForm(
            request.POST, request.FILES, units=units, unions=unions, whole=whole
        )
    else:
        form = AdoptionImportForm(units=units, unions=unions, whole=whole)
    if form.is_bound and form.is_valid():
        job = adoption_import_create(
            user=user,
            ip=client_ip(request),
            unit=form.cleaned_data["unit"],
            union=form.cleaned_data["union"],
            upload=form.cleaned_data["file"],
            skip_invalid=form.cleaned_data["skip_invalid"],
        )
        return redirect("adoption:import_status", pk=job.pk)
    return render(request, "adoption/import.html", {"form": form})


@require_GET
@role_required()
def import_status(request: HttpRequest, pk: str) -> HttpResponse:
    job = get_or_404(import_get, user=request.user, pk=pk)
    htmx = bool(getattr(request, "htmx", False))
    template = "adoption/_import_progress.html" if htmx else "adoption/import_status.html"
    return render(request, template, {"job": job})
