"""Rates per unit, union and Sở; one unit's lists and chart; exports."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from phongdich.adoption.charts import line_chart
from phongdich.adoption.forms.rates import RatesFilterForm
from phongdich.adoption.roles import READERS
from phongdich.adoption.selectors.rates import (
    active_apps,
    rates_page,
    union_people,
    union_visible,
    unit_page,
    unit_visible,
)
from phongdich.adoption.selectors.scope import may_read_rates
from phongdich.adoption.services.exports import rates_export, unit_list_export
from phongdich.adoption.views.common import get_or_404
from phongdich.core.audit import client_ip
from phongdich.core.permissions import role_required
from phongdich.core.xlsx import xlsx_response


def _filters(request: HttpRequest) -> tuple[RatesFilterForm, dict]:
    form = RatesFilterForm(request.GET or None)
    return form, form.values(active_apps())


@require_GET
@role_required()
def rates(request: HttpRequest) -> HttpResponse:
    if not may_read_rates(request.user):
        raise PermissionDenied
    form, values = _filters(request)
    page = rates_page(user=request.user, **values)
    return render(
        request,
        "adoption/rates.html",
        {"form": form, "page": page, "report": page.report, "query": request.GET.urlencode()},
    )


@require_GET
@role_required()
def rates_xlsx(request: HttpRequest) -> HttpResponse:
    if not may_read_rates(request.user):
        raise PermissionDenied
    _form, values = _filters(request)
    data = rates_export(user=request.user, ip=client_ip(request), **values)
    return xlsx_response(data, filename="ty-le-cai-dat-ung-dung.xlsx")


@require_GET
@role_required(*READERS)
def unit_detail(request: HttpRequest, pk: int) -> HttpResponse:
    form, values = _filters(request)
    page = get_or_404(unit_page, user=request.user, pk=pk, **values)
    chart = line_chart([(p.week.label.split(" ")[0], p.percent) for p in page.history])
    return render(
        request,
        "adoption/unit.html",
        {"form": form, "page": page, "chart": chart, "query": request.GET.urlencode()},
    )


@require_GET
@role_required(*READERS)
def unit_xlsx(request: HttpRequest, pk: int) -> HttpResponse:
    _form, values = _filters(request)
    unit = get_or_404(unit_visible, user=request.user, pk=pk)
    data = unit_list_export(
        user=request.user, ip=client_ip(request), unit=unit, apps=values["apps"]
    )
    return xlsx_response(data, filename=f"danh-sach-ung-dung-{unit.code}.xlsx")


@require_GET
@role_required()
def union_detail(request: HttpRequest, pk: int) -> HttpResponse:
    union = get_or_404(union_visible, user=request.user, pk=pk)
    apps = active_apps()
    people = union_people(union=union, apps=apps)
    return render(
        request,
        "adoption/union.html",
        {"union": union, "apps": apps, "people": people, "title": _("Đoàn viên, hội viên")},
    )
