"""The visitor log: who came through which gate, per unit and date range; Excel export."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from phongdich.checkin.exports import log_filter_lines, visit_log_xlsx
from phongdich.checkin.forms.log import LogFilterForm
from phongdich.checkin.selectors.log import (
    LOG_ROLES,
    LogFilter,
    log_gates,
    log_units,
    visit_log_export,
    visit_log_page,
)
from phongdich.core.audit import client_ip
from phongdich.core.export_reason import ExportReasonForm, export_reason_refused
from phongdich.core.names import person_name
from phongdich.core.permissions import role_required
from phongdich.core.xlsx import xlsx_response

ROLES = tuple(LOG_ROLES)


def _filter(request: HttpRequest) -> tuple[LogFilterForm, LogFilter | None]:
    form = LogFilterForm(
        request.GET,
        units=log_units(user=request.user),
        gates=log_gates(user=request.user).order_by("unit__path", "code"),
    )
    if not form.is_valid():
        return form, None
    flt = form.to_filter()
    if form.errors:
        return form, None
    return form, flt


@require_GET
@role_required(*ROLES)
def index(request: HttpRequest) -> HttpResponse:
    form, flt = _filter(request)
    page = None
    if flt is not None:
        page = visit_log_page(user=request.user, flt=flt, params=request.GET, ip=client_ip(request))
    params = request.GET.copy()
    params.pop("page", None)
    return render(
        request,
        "checkin/log/index.html",
        {
            "form": form,
            "page": page,
            "flt": flt,
            "querystring": params.urlencode(),
            "start": (page.start_index() if page else 1),
            "carried": [(k, v) for k, values in params.lists() for v in values],
            "reason_form": ExportReasonForm(),
        },
    )


@require_GET
@role_required(*ROLES)
def export(request: HttpRequest) -> HttpResponse:
    form, flt = _filter(request)
    if flt is None:
        return render(
            request,
            "checkin/log/index.html",
            {"form": form, "page": None, "flt": None, "querystring": ""},
            status=400,
        )
    reason_form = ExportReasonForm(request.GET)
    if not reason_form.is_valid():
        return export_reason_refused(
            request,
            reason_form,
            action=reverse("checkin:log_export"),
            title=_("Nhật ký ra vào"),
        )
    visits = visit_log_export(
        user=request.user, flt=flt, reason=reason_form.reason_text(), ip=client_ip(request)
    )
    span = flt.date_from.strftime("%d/%m/%Y")
    if flt.date_to != flt.date_from:
        span += " – " + flt.date_to.strftime("%d/%m/%Y")
    content = visit_log_xlsx(
        visits,
        title=_("NHẬT KÝ RA VÀO %(span)s") % {"span": span},
        filters=log_filter_lines(flt),
        exported_by=person_name(request.user),
        exported_at=timezone.now(),
    )
    name = f"nhat-ky-ra-vao-{flt.date_from:%Y%m%d}-{flt.date_to:%Y%m%d}.xlsx"
    response = xlsx_response(content, filename=name)
    response["Cache-Control"] = "private, no-store"
    return response
