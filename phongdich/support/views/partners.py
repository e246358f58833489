from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from phongdich.core.audit import client_ip
from phongdich.core.permissions import has_role, role_required
from phongdich.support.forms.team import PartnerForm
from phongdich.support.roles import IT_TEAM, TEAM_READERS
from phongdich.support.selectors import team as selectors
from phongdich.support.services import partners as services
from phongdich.support.views.common import add_errors, get_or_404


@require_GET
@role_required(*TEAM_READERS)
def partner_list(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "support/partner_list.html",
        {
            "partners": selectors.partner_list(user=request.user),
            "can_edit": has_role(request.user, *IT_TEAM),
        },
    )


@require_GET
@role_required(*TEAM_READERS)
def partner_detail(request: HttpRequest, pk: int) -> HttpResponse:
    partner = get_or_404(selectors.partner_read, user=request.user, pk=pk, ip=client_ip(request))
    return render(
        request,
        "support/partner_detail.html",
        {
            "partner": partner,
            "requests": selectors.partner_requests(partner=partner),
            "can_edit": has_role(request.user, *IT_TEAM),
        },
    )


@require_http_methods(["GET", "POST"])
@role_required(*IT_TEAM)
def partner_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    partner = get_or_404(selectors.partner_get, user=request.user, pk=pk) if pk else None
    initial = None
    if partner is not None:
        initial = {
            f: getattr(partner, f)
            for f in ("name", "kind", "purpose", "contact_name", "phone", "email", "note")
        }
        initial["is_active"] = partner.is_active
    form = PartnerForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            saved = services.partner_save(
                partner=partner,
                data=services.PartnerInput(
                    name=data["name"],
                    kind=data["kind"],
                    purpose=data["purpose"],
                    contact_name=data["contact_name"],
                    phone=data["phone"],
                    email=data["email"],
                    note=data["note"],
                    is_active=data["is_active"],
                ),
                actor=request.user,
                ip=client_ip(request),
            )
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, _("Đã lưu đối tác %(name)s.") % {"name": saved.name})
            return redirect("support:partner_detail", pk=saved.pk)
    return render(request, "support/partner_form.html", {"form": form, "partner": partner})
