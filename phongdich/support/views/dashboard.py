from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from phongdich.core.audit import client_ip
from phongdich.core.permissions import has_role, role_required
from phongdich.support.forms.team import HolidayForm, ServiceLevelForm
from phongdich.support.roles import IT_TEAM, TEAM_READERS
from phongdich.support.selectors import dashboard as selectors
from phongdich.support.selectors import sla as sla_selectors
from phongdich.support.services import sla as services
from phongdich.support.views.common import add_errors, get_or_404


@require_GET
@role_required(*TEAM_READERS)
def dashboard(request: HttpRequest) -> HttpResponse:
    return render(
        request, "support/dashboard.html", {"board": selectors.dashboard(user=request.user)}
    )


@require_http_methods(["GET", "POST"])
@role_required(*TEAM_READERS)
def sla(request: HttpRequest) -> HttpResponse:
    levels = list(sla_selectors.levels())
    can_edit = has_role(request.user, *IT_TEAM)
    forms = {
        level.pk: ServiceLevelForm(
            request.POST if request.POST.get("level") == str(level.pk) else None,
            prefix=f"l{level.pk}",
            initial={
                "take_minutes": level.take_minutes,
                "resolve_minutes": level.resolve_minutes,
                "remind_before_minutes": level.remind_before_minutes,
            },
        )
        for level in levels
    }
    holiday_form = HolidayForm(request.POST if request.POST.get("holiday") else None)
    if request.method == "POST":
        if not can_edit:
            return HttpResponse(status=403)
        level = next((lv for lv in levels if str(lv.pk) == request.POST.get("level")), None)
        form = forms.get(level.pk) if level else None
        try:
            if level is not None and form is not None and form.is_valid():
                services.service_level_update(
                    level=level, actor=request.user, ip=client_ip(request), **form.cleaned_data
                )
                messages.success(request, _("Đã lưu mức dịch vụ %(u)s.") % {"u": level})
                return redirect("support:sla")
            if holiday_form.is_bound and holiday_form.is_valid():
                services.holiday_add(
                    date=holiday_form.cleaned_data["date"],
                    name=holiday_form.cleaned_data["name"],
                    actor=request.user,
                    ip=client_ip(request),
                )
                messages.success(request, _("Đã thêm ngày nghỉ."))
                return redirect("support:sla")
        except ValidationError as exc:
            add_errors(holiday_form if holiday_form.is_bound else form, exc)  # type: ignore[arg-type]
    return render(
        request,
        "support/sla.html",
        {
            "rows": [(level, forms[level.pk]) for level in levels],
            "holiday_form": holiday_form,
            "holidays": sla_selectors.holidays_upcoming(),
            "can_edit": can_edit,
        },
    )


@require_POST
@role_required(*IT_TEAM)
def holiday_delete(request: HttpRequest, pk: int) -> HttpResponse:
    holiday = get_or_404(sla_selectors.holiday_get, pk=pk)
    services.holiday_delete(holiday=holiday, actor=request.user, ip=client_ip(request))
    messages.success(request, _("Đã xoá ngày nghỉ %(d)s.") % {"d": f"{holiday.date:%d/%m/%Y}"})
    return redirect("support:sla")
