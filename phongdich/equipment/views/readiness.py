from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from phongdich.core.audit import client_ip
from phongdich.core.permissions import has_role, role_required
from phongdich.core.xlsx import xlsx_response
from phongdich.equipment.forms.readiness import ReadinessFilterForm, ReadinessRuleForm
from phongdich.equipment.models import ReadinessRule
from phongdich.equipment.roles import IT_TEAM, READERS
from phongdich.equipment.selectors import readiness as selectors
from phongdich.equipment.services.readiness import readiness_export as export_service
from phongdich.equipment.services.readiness import readiness_rule_save
from phongdich.equipment.views.common import add_errors, get_or_404

BAR = 30  # pixels per unit row of the chart


def _unit(request: HttpRequest) -> tuple[ReadinessFilterForm, object]:
    form = ReadinessFilterForm(request.GET or None)
    form.fields["unit"].queryset = selectors.readiness_units(user=request.user)  # type: ignore[attr-defined]
    unit = form.cleaned_data.get("unit") if form.is_bound and form.is_valid() else None
    return form, unit


@require_GET
@role_required(*READERS)
def readiness(request: HttpRequest) -> HttpResponse:
    form, unit = _unit(request)
    report = selectors.readiness_report(user=request.user, unit=unit)  # type: ignore[arg-type]
    return render(
        request,
        "equipment/readiness.html",
        {
            "form": form,
            "report": report,
            "chart_height": BAR * len(report.units) + 10,
            "bar": BAR,
            "querystring": request.GET.urlencode(),
            "can_edit_rules": has_role(request.user, *IT_TEAM),
        },
    )


@require_GET
@role_required(*READERS)
def readiness_export(request: HttpRequest) -> HttpResponse:
    _form, unit = _unit(request)
    data = export_service(user=request.user, ip=client_ip(request), unit=unit)
    return xlsx_response(data, filename="san-sang-lam-viec-tu-xa.xlsx")


@require_http_methods(["GET", "POST"])
@role_required(*IT_TEAM)
def rule_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    rule = get_or_404(ReadinessRule.objects.get, pk=pk) if pk else None
    form = ReadinessRuleForm(request.POST or None, instance=rule)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            readiness_rule_save(
                rule=rule,
                name=data["name"],
                requirement=data["requirement"],
                applies_to=data["applies_to"],
                signer_positions=data["signer_positions"],
                is_active=data["is_active"],
                sort_order=data["sort_order"],
                actor=request.user,
                ip=client_ip(request),
            )
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, _("Đã lưu quy tắc."))
            return redirect("equipment:rules")
    return render(
        request,
        "equipment/rules.html",
        {"form": form, "rule": rule, "rules": selectors.rules_all()},
    )
