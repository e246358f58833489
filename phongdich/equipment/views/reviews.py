from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from phongdich.core.audit import client_ip
from phongdich.core.paging import paginate
from phongdich.core.permissions import has_role, role_required
from phongdich.equipment.forms.reviews import CampaignForm, SelfReviewForm
from phongdich.equipment.roles import MANAGERS, OFFICE, READERS
from phongdich.equipment.selectors import reviews as selectors
from phongdich.equipment.services import reviews as services
from phongdich.equipment.views.common import add_errors, get_or_404
from phongdich.org.models import Unit


@require_http_methods(["GET", "POST"])
@role_required()
def my_review(request: HttpRequest) -> HttpResponse:
    staff = selectors.staff_of(user=request.user)
    if staff is None:
        return render(request, "equipment/my_review.html", {"staff": None})
    campaign = selectors.campaign_current(staff=staff)
    equipment = list(selectors.held_by(staff=staff))
    form = SelfReviewForm(request.POST or None, equipment=equipment)
    if request.method == "POST" and form.is_valid():
        try:
            services.review_submit(
                staff=staff,
                campaign=campaign,
                items=form.items(),
                has_home_device=form.answer("has_home_device"),
                has_home_internet=form.answer("has_home_internet"),
                has_signature=form.answer("has_signature"),
                can_use_eoffice=form.answer("can_use_eoffice"),
                comment=form.cleaned_data["comment"],
                actor=request.user,
                ip=client_ip(request),
            )
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, _("Cảm ơn bạn: đã ghi nhận phiếu rà soát."))
            return redirect("equipment:my_review")
    review = selectors.review_of(staff=staff, campaign=campaign)
    return render(
        request,
        "equipment/my_review.html",
        {
            "staff": staff,
            "campaign": campaign,
            "closed": campaign is not None and campaign.deadline < timezone.localdate(),
            "form": form,
            "review": review,
        },
    )


@require_GET
@role_required(*READERS)
def campaign_list(request: HttpRequest) -> HttpResponse:
    page = paginate(selectors.campaign_list(user=request.user), request.GET)
    return render(
        request,
        "equipment/campaign_list.html",
        {"campaigns": page.object_list, "page": page, "can_open": has_role(request.user, *OFFICE)},
    )


@require_http_methods(["GET", "POST"])
@role_required(*OFFICE)
def campaign_create(request: HttpRequest) -> HttpResponse:
    form = CampaignForm(request.POST or None, units=Unit.objects.filter(is_active=True))
    if request.method == "POST" and form.is_valid():
        try:
            campaign = services.campaign_create(
                title=form.cleaned_data["title"],
                deadline=form.cleaned_data["deadline"],
                units=form.cleaned_data["units"],
                actor=request.user,
                ip=client_ip(request),
            )
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, _("Đã mở đợt rà soát và thông báo cho các trưởng đơn vị."))
            return redirect("equipment:campaign_detail", pk=campaign.pk)
    return render(request, "equipment/campaign_form.html", {"form": form})


@require_GET
@role_required(*READERS)
def campaign_detail(request: HttpRequest, pk: int) -> HttpResponse:
    campaign = get_or_404(selectors.campaign_get, user=request.user, pk=pk)
    answers = selectors.campaign_answers(user=request.user, campaign=campaign)
    pending = [a for a in answers if a.review is None]
    return render(
        request,
        "equipment/campaign_detail.html",
        {"campaign": campaign, "answers": answers, "pending": pending},
    )


@require_POST
@role_required(*MANAGERS)
def campaign_remind(request: HttpRequest, pk: int) -> HttpResponse:
    campaign = get_or_404(selectors.campaign_get, user=request.user, pk=pk)
    answers = selectors.campaign_answers(user=request.user, campaign=campaign)
    count = services.review_remind(
        campaign=campaign,
        staff=[a.staff for a in answers if a.review is None],
        actor=request.user,
        ip=client_ip(request),
    )
    messages.success(request, _("Đã gửi nhắc nhở tới %(n)s cán bộ chưa trả lời.") % {"n": count})
    return redirect("equipment:campaign_detail", pk=campaign.pk)
