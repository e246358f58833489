from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from phongdich.core.audit import client_ip
from phongdich.core.permissions import role_required
from phongdich.equipment.forms.imports import EquipmentImportForm
from phongdich.equipment.roles import MANAGERS
from phongdich.equipment.selectors.equipment import manager_units
from phongdich.equipment.selectors.imports import import_get
from phongdich.equipment.services.imports import equipment_import_create
from phongdich.equipment.views.common import get_or_404


@require_http_methods(["GET", "POST"])
@role_required(*MANAGERS)
def import_upload(request: HttpRequest) -> HttpResponse:
    units = manager_units(request.user)
    if request.method == "POST":
        form = EquipmentImportForm(request.POST, request.FILES, units=units)
    else:
        form = EquipmentImportForm(units=units)
    if form.is_bound and form.is_valid():
        job = equipment_import_create(
            user=request.user,
            ip=client_ip(request),
            unit=form.cleaned_data["unit"],
            upload=form.cleaned_data["file"],
            skip_invalid=form.cleaned_data["skip_invalid"],
        )
        return redirect("equipment:import_status", pk=job.pk)
    return render(request, "equipment/import.html", {"form": form})


@require_GET
@role_required(*MANAGERS)
def import_status(request: HttpRequest, pk: str) -> HttpResponse:
    job = get_or_404(import_get, user=request.user, pk=pk)
    htmx = bool(getattr(request, "htmx", False))
    template = "equipment/_import_progress.html" if htmx else "equipment/import_status.html"
    return render(request, template, {"job": job})
