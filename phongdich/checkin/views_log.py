"""The visitor log: who came through which gate, per unit and date range; Excel export."""

from __future__ import annotations

from typing import Any

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from phongdich.checkin import selectors
from phongdich.checkin.exports import visit_log_xlsx
from phongdich.checkin.forms_log import LogFilterForm
from phongdich.checkin.selectors import LogFilter
from phongdich.core.audit import audit
from phongdich.core.permissions import role_required
from phongdich.core.text import mask_phone

ROLES = tuple(selectors.LOG_ROLES)
PAGE_SIZE = 50
EXPORT_MAX_ROWS = 50_000


def _filter(request: HttpRequest) -> tuple[LogFilterForm, LogFilter | None]:
    form = LogFilterForm(
        request.GET,
        units=selectors.log_units(request.user),
        gates=selectors.log_gates(request.user).order_by("unit__path", "code"),
    )
    if not form.is_valid():
        return form, None
    flt = form.to_filter()
    if form.errors:
        return form, None
    return form, flt


def _audit_detail(flt: LogFilter) -> dict[str, Any]:
    """What was asked, with personal values masked."""
    detail: dict[str, Any] = {
        "date_from": flt.date_from.isoformat(),
        "date_to": flt.date_to.isoformat(),
        "unit": flt.unit.pk if flt.unit else None,
        "gate": flt.gate.pk if flt.gate else None,
        "kind": flt.kind,
        "status": flt.status,
    }
    if flt.phone:
        detail["phone"] = mask_phone(flt.phone)
    if flt.cccd:
        detail["cccd"] = flt.cccd[:3] + "*" * 6 + flt.cccd[-3:]
    if flt.name:
        detail["name"] = "*" * len(flt.name)
    return detail


@require_GET
@role_required(*ROLES)
def index(request: HttpRequest) -> HttpResponse:
    form, flt = _filter(request)
    page = None
    if flt is not None:
        visits = selectors.visit_log(request.user, flt)
        page = Paginator(visits, PAGE_SIZE).get_page(request.GET.get("page"))
        if page.object_list:
            audit(
                request,
                "checkin.log.view",
                object_type="checkin.visit",
                page=page.number,
                rows=len(page.object_list),
                **_audit_detail(flt),
            )
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
    visits = list(selectors.visit_log(request.user, flt)[:EXPORT_MAX_ROWS])
    span = flt.date_from.strftime("%d/%m/%Y")
    if flt.date_to != flt.date_from:
        span += " – " + flt.date_to.strftime("%d/%m/%Y")
    title = _("Nhật ký ra vào %(span)s") % {"span": span}
    if flt.unit:
        title += f" · {flt.unit.name}"
    content = visit_log_xlsx(visits, title=title)
    audit(
        request,
        "checkin.log.export",
        object_type="checkin.visit",
        rows=len(visits),
        **_audit_detail(flt),
    )
    name = f"nhat-ky-ra-vao-{flt.date_from:%Y%m%d}-{flt.date_to:%Y%m%d}.xlsx"
    response = HttpResponse(
        content,
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["Cache-Control"] = "no-store"
    return response
