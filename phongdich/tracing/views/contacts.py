"""Contacts (F1, F2…): a case's follow-up list, a contact's page, what is recorded there."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from phongdich.core.audit import client_ip
from phongdich.core.permissions import role_required
from phongdich.tracing import selectors, services
from phongdich.tracing.forms import ContactStatusForm, FollowUpForm, PromoteForm
from phongdich.tracing.models import Contact
from phongdich.tracing.services import FollowUpDayError, TracingServiceError
from phongdich.tracing.views.cases import case_or_404

ROLES = selectors.TRACING_ROLES


def _contact_or_404(request: HttpRequest, pk: int) -> Contact:
    contact = selectors.contact_get(user=request.user, pk=pk)
    if contact is None:
        raise Http404
    return contact


@require_GET
@role_required(*ROLES)
def followup_list(request: HttpRequest, pk: int) -> HttpResponse:
    case = case_or_404(request, pk)
    rows = services.case_followup_view(case=case, user=request.user, ip=client_ip(request))
    return render(request, "tracing/followup_list.html", {"case": case, "rows": rows})


def _contact_page(
    request: HttpRequest,
    contact: Contact,
    *,
    status_form: ContactStatusForm | None = None,
    followup_form: FollowUpForm | None = None,
    promote_form: PromoteForm | None = None,
    status: int = 200,
) -> HttpResponse:
    followup = services.contact_view(contact=contact, user=request.user, ip=client_ip(request))
    if followup_form is None:
        followup_form = FollowUpForm(
            prefix="fu",
            first_day=followup.first_day,
            last_day=followup.last_day,
            initial={
                "day": request.GET.get("ngay") or followup.default_day,
                "status": contact.status,
            },
        )
    return render(
        request,
        "tracing/contact_detail.html",
        {
            "contact": contact,
            "case": contact.case,
            "days": followup.days,
            "entries": followup.entries,
            "first_day": followup.first_day,
            "last_day": followup.last_day,
            "status_form": status_form
            or ContactStatusForm(prefix="st", initial={"status": contact.status}),
            "followup_form": followup_form,
            "promote_form": promote_form or PromoteForm(prefix="pr"),
            "promoted": getattr(contact, "promoted_case", None),
        },
        status=status,
    )


@require_GET
@role_required(*ROLES)
def contact_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _contact_page(request, _contact_or_404(request, pk))


@require_POST
@role_required(*ROLES)
def contact_status(request: HttpRequest, pk: int) -> HttpResponse:
    contact = _contact_or_404(request, pk)
    form = ContactStatusForm(request.POST, prefix="st")
    if not form.is_valid():
        return _contact_page(request, contact, status_form=form, status=400)
    try:
        services.contact_set_status(
            contact=contact,
            status=form.cleaned_data["status"],
            user=request.user,
            ip=client_ip(request),
        )
    except TracingServiceError as error:
        form.add_error("status", str(error))
        return _contact_page(request, contact, status_form=form, status=400)
    messages.success(
        request,
        _("Đã cập nhật tình trạng: %(status)s.") % {"status": contact.get_status_display()},
    )
    return redirect("tracing:contact_detail", pk=contact.pk)


@require_POST
@role_required(*ROLES)
def followup_record(request: HttpRequest, pk: int) -> HttpResponse:
    contact = _contact_or_404(request, pk)
    first, last = selectors.followup_period(contact=contact)
    form = FollowUpForm(request.POST, prefix="fu", first_day=first, last_day=last)
    if not form.is_valid():
        return _contact_page(request, contact, followup_form=form, status=400)
    data = form.cleaned_data
    try:
        services.followup_record(
            contact=contact,
            day=data["day"],
            status=data["status"],
            has_symptoms=data["has_symptoms"],
            note=data["note"],
            user=request.user,
            ip=client_ip(request),
        )
    except TracingServiceError as error:
        field = "day" if isinstance(error, FollowUpDayError) else None
        form.add_error(field, str(error))
        return _contact_page(request, contact, followup_form=form, status=400)
    messages.success(
        request, _("Đã ghi theo dõi ngày %(day)s.") % {"day": data["day"].strftime("%d/%m/%Y")}
    )
    return redirect("tracing:contact_detail", pk=contact.pk)


@require_POST
@role_required(*ROLES)
def contact_promote(request: HttpRequest, pk: int) -> HttpResponse:
    contact = _contact_or_404(request, pk)
    form = PromoteForm(request.POST, prefix="pr")
    if not form.is_valid():
        return _contact_page(request, contact, promote_form=form, status=400)
    try:
        case = services.contact_promote(
            contact=contact,
            user=request.user,
            ip=client_ip(request),
            onset=form.cleaned_data["onset"],
            isolated_at=form.cleaned_data.get("isolated_at"),
        )
    except TracingServiceError as error:
        form.add_error(None, str(error))
        return _contact_page(request, contact, promote_form=form, status=400)
    messages.success(
        request,
        _("Đã chuyển %(name)s thành ca bệnh %(case)s. Bấm “Truy vết” để tìm người tiếp xúc.")
        % {"name": contact.person.full_name, "case": case},
    )
    return redirect("tracing:case_detail", pk=case.pk)
