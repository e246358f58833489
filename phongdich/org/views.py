"""The organisation pages: the staff directory, the organisation chart, the staff import.

Views parse, check the role, call one service or selector, and render."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from phongdich.core.audit import client_ip
from phongdich.core.export_reason import ExportReasonForm, export_reason_refused
from phongdich.core.names import person_name
from phongdich.core.paging import paginate
from phongdich.core.permissions import role_required
from phongdich.core.xlsx import xlsx_response
from phongdich.org import selectors, services
from phongdich.org.exports import staff_xlsx
from phongdich.org.forms import StaffFilterForm, StaffImportForm

PAGE_SIZE = 50


@require_GET
@role_required(*selectors.DIRECTORY_ROLES)
def staff_list(request: HttpRequest) -> HttpResponse:
    units = selectors.directory_units(user=request.user)  # the filter's choices
    form = StaffFilterForm(request.GET or None, units=units)
    query, unit = "", None
    if form.is_valid():
        query = form.cleaned_data["q"] or ""
        unit = form.cleaned_data["unit"]
    staff = selectors.staff_search(user=request.user, query=query, unit=unit, units=units)
    page = paginate(staff, request.GET, default_size=PAGE_SIZE)
    return render(
        request,
        "org/staff_list.html",
        {"form": form, "page": page, "reason_form": ExportReasonForm()},
    )


@require_GET
@role_required(*selectors.DIRECTORY_ROLES)
def staff_export(request: HttpRequest) -> HttpResponse:
    units = selectors.directory_units(user=request.user)
    form = StaffFilterForm(request.GET or None, units=units)
    query, unit = "", None
    if form.is_valid():
        query = form.cleaned_data["q"] or ""
        unit = form.cleaned_data["unit"]
    reason_form = ExportReasonForm(request.GET)
    if not reason_form.is_valid():
        return export_reason_refused(
            request, reason_form, action=reverse("org:staff_export"), title=_("Danh bạ cán bộ")
        )
    staff = selectors.staff_export(
        user=request.user,
        query=query,
        unit=unit,
        units=units,
        reason=reason_form.reason_text(),
        ip=client_ip(request),
    )
    filters = []
    if unit is not None:
        filters.append((_("Đơn vị"), unit.name))
    if query:
        filters.append((_("Tìm"), query))
    content = staff_xlsx(
        staff, filters=filters, exported_by=person_name(request.user), exported_at=timezone.now()
    )
    return xlsx_response(content, filename="danh-ba-can-bo.xlsx")


@require_GET
@role_required(*selectors.DIRECTORY_ROLES)
def staff_detail(request: HttpRequest, pk: int) -> HttpResponse:
    staff = selectors.staff_get(user=request.user, pk=pk)
    if staff is None:
        raise Http404
    return render(request, "org/staff_detail.html", {"staff": staff})


@require_GET
@role_required()
def unit_list(request: HttpRequest) -> HttpResponse:
    units = selectors.units_outline(user=request.user)
    return render(request, "org/unit_list.html", {"units": units})


@require_http_methods(["GET", "POST"])
@role_required(*selectors.IMPORT_ROLES)
def staff_import(request: HttpRequest) -> HttpResponse:
    # A POST is always bound, even when it carries nothing: "no file" is an error to show.
    if request.method == "POST":
        form = StaffImportForm(request.POST, request.FILES)
    else:
        form = StaffImportForm()
    if form.is_bound and form.is_valid():
        job = services.staff_import_create(
            user=request.user,
            ip=client_ip(request),
            upload=form.cleaned_data["file"],
            skip_invalid=form.cleaned_data["skip_invalid"],
        )
        return redirect("org:staff_import_status", job_id=job.pk)
    return render(request, "org/staff_import.html", {"form": form})


@require_GET
@role_required(*selectors.IMPORT_ROLES)
def staff_import_status(request: HttpRequest, job_id: str) -> HttpResponse:
    job = selectors.import_for(user=request.user, job_id=job_id)
    if job is None:
        raise Http404
    template = "org/_import_progress.html" if request.htmx else "org/staff_import_status.html"  # type: ignore[attr-defined]
    return render(request, template, {"job": job})
