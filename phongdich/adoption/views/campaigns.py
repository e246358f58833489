from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from phongdich.adoption.forms.campaigns import CampaignForm
from phongdich.adoption.roles import OFFICE, READERS
from phongdich.adoption.selectors.campaigns import (
    campaign_get,
    campaign_page,
    campaigns_visible,
)
from phongdich.adoption.selectors.scope import is_union_leader, led_unions, reader_units
from phongdich.adoption.services.campaigns import campaign_close, campaign_create, campaign_remind
from phongdich.adoption.views.common import add_errors, get_or_404
from phongdich.core.audit import client_ip
from phongdich.core.paging import paginate
from phongdich.core.permissions import has_role, role_required
from phongdich.org.models import Unit


def _may_open(user: object) -> bool:
    return has_role(user, *OFFICE) or is_union_leader(user)


@require_GET
@role_required()
def campaign_list(request: HttpRequest) -> HttpResponse:
    if not (has_role(request.user, *READERS) or is_union_leader(request.user)):
        raise PermissionDenied
    page = paginate(campaigns_visible(user=request.user), request.GET)
    return render(
        request,
        "adoption/campaign_list.html",
        {"campaigns": page.object_list, "page": page, "may_open": _may_open(request.user)},
    )


@require_http_methods(["GET", "POST"])
@role_required()
def campaign_create_view(request: HttpRequest) -> HttpResponse:
    user = request.user
    if not _may_open(user):
        raise PermissionDenied
    office = has_role(user, *OFFICE)
    form = CampaignForm(
        request.POST or None,
        units=reader_units(user) if office else Unit.objects.none(),
        unions=led_unions(user),
        office=office,
    )
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            campaign = campaign_create(
                user=user,
                ip=client_ip(request),
                title=d["title"],
                apps=list(d["apps"]),
                union=d["union"],
                units=list(d["units"]),
                target_percent=d["target_percent"],
                denominator=d["denominator"],
                deadline=d["deadline"],
            )
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, _("Đã mở chiến dịch."))
            return redirect("adoption:campaign_detail", pk=campaign.pk)
    return render(request, "adoption/campaign_form.html", {"form": form})


@require_GET
@role_required()
def campaign_detail(request: HttpRequest, pk: int) -> HttpResponse:
    page = get_or_404(campaign_page, user=request.user, pk=pk)
    return render(
        request,
        "adoption/campaign_detail.html",
        {"page": page, "campaign": page.campaign, "may_manage": page.may_manage},
    )


@require_POST
@role_required()
def campaign_remind_view(request: HttpRequest, pk: int) -> HttpResponse:
    campaign = get_or_404(campaign_get, user=request.user, pk=pk)
    try:
        campaign_remind(campaign=campaign, user=request.user, ip=client_ip(request))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(
            request,
            _("Đã gửi nhắc nhở (mỗi người nhận nhiều nhất một lần mỗi ngày)."),
        )
    return redirect("adoption:campaign_detail", pk=campaign.pk)


@require_POST
@role_required()
def campaign_close_view(request: HttpRequest, pk: int) -> HttpResponse:
    campaign = get_or_404(campaign_get, user=request.user, pk=pk)
    try:
        campaign_close(campaign=campaign, user=request.user, ip=client_ip(request))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Đã kết thúc chiến dịch và lưu kết quả."))
    return redirect("adoption:campaign_detail", pk=campaign.pk)
