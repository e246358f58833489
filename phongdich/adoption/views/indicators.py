from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from phongdich.adoption.forms.indicators import IndicatorForm
from phongdich.adoption.roles import EDITORS, READERS
from phongdich.adoption.selectors.indicators import indicator_table, indicator_units
from phongdich.adoption.services.indicators import indicator_save
from phongdich.adoption.views.common import add_errors
from phongdich.core.audit import client_ip
from phongdich.core.permissions import has_role, role_required


@require_GET
@role_required(*READERS)
def indicator_list(request: HttpRequest) -> HttpResponse:
    table = indicator_table(user=request.user)
    return render(
        request,
        "adoption/indicators.html",
        {"table": table, "may_edit": has_role(request.user, *EDITORS)},
    )


@require_http_methods(["GET", "POST"])
@role_required(*EDITORS)
def indicator_edit(request: HttpRequest) -> HttpResponse:
    units = indicator_units(user=request.user)
    initial = {"month": timezone.localdate().strftime("%m/%Y")}
    form = IndicatorForm(request.POST or None, units=units, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            indicator_save(
                user=request.user,
                ip=client_ip(request),
                unit=form.cleaned_data["unit"],
                month=form.cleaned_data["month"],
                figures=form.figures(),
            )
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, _("Đã lưu chỉ số của đơn vị."))
            return redirect("adoption:indicator_list")
    return render(request, "adoption/indicator_form.html", {"form": form})
