"""Needs proposals: a unit proposes, its head approves, the IT team reviews, the Office
consolidates into the công văn to Sở TTTT and downloads it."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from phongdich.core.audit import client_ip
from phongdich.core.paging import paginate
from phongdich.core.permissions import has_role, role_required
from phongdich.equipment.forms.proposals import (
    BatchForm,
    HeadDecisionForm,
    ProposalForm,
    ReviewForm,
)
from phongdich.equipment.models import NeedsProposal
from phongdich.equipment.roles import IT_TEAM, OFFICE
from phongdich.equipment.selectors import proposals as selectors
from phongdich.equipment.services import proposal_letter
from phongdich.equipment.services import proposals as services
from phongdich.equipment.views.common import add_errors, get_or_404

PAGE_SIZE = 50


@require_GET
@role_required()
def proposal_list(request: HttpRequest) -> HttpResponse:
    status = request.GET.get("status", "")
    if status not in NeedsProposal.Status.values:
        status = ""
    qs = selectors.proposal_list(user=request.user, status=status)
    page = paginate(qs, request.GET, default_size=PAGE_SIZE)
    return render(
        request,
        "equipment/proposals/list.html",
        {
            "page": page,
            "status": status,
            "statuses": NeedsProposal.Status.choices,
            "querystring": f"status={status}" if status else "",
            "queues": selectors.queue_counts(user=request.user),
            "is_office": has_role(request.user, *OFFICE),
            "can_read_batches": has_role(request.user, *selectors.BATCH_READERS),
        },
    )


@require_http_methods(["GET", "POST"])
@role_required()
def proposal_create(request: HttpRequest) -> HttpResponse:
    units = selectors.proposer_units(user=request.user)
    if not units.exists():
        raise PermissionDenied
    form = ProposalForm(request.POST or None, units=units)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            proposal = services.proposal_create(
                unit=data["unit"],
                kind=data["kind"],
                quantity=data["quantity"],
                for_whom=data["for_whom"],
                justification=data["justification"],
                priority=data["priority"],
                actor=request.user,
                ip=client_ip(request),
            )
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, _("Đã gửi đề xuất; đề xuất chờ trưởng đơn vị duyệt."))
            return redirect("equipment:proposal_detail", pk=proposal.pk)
    return render(request, "equipment/proposals/form.html", {"form": form})


@require_GET
@role_required()
def proposal_detail(request: HttpRequest, pk: int) -> HttpResponse:
    proposal = get_or_404(selectors.proposal_get, user=request.user, pk=pk)
    status = NeedsProposal.Status
    can_decide = (
        proposal.status == status.SUBMITTED
        and selectors.head_units(user=request.user).filter(pk=proposal.unit_id).exists()
    )
    can_review = (
        proposal.status == status.APPROVED
        and has_role(request.user, *IT_TEAM)
        and selectors.reviewer_units(user=request.user).filter(pk=proposal.unit_id).exists()
    )
    return render(
        request,
        "equipment/proposals/detail.html",
        {
            "proposal": proposal,
            "steps": selectors.proposal_steps(proposal=proposal),
            "head_form": HeadDecisionForm() if can_decide else None,
            "review_form": ReviewForm(initial={"approved_quantity": proposal.quantity})
            if can_review
            else None,
        },
    )


@require_POST
@role_required(*selectors.HEADS)
def proposal_decide(request: HttpRequest, pk: int) -> HttpResponse:
    proposal = get_or_404(selectors.proposal_get_for_head, user=request.user, pk=pk)
    form = HeadDecisionForm(request.POST)
    if form.is_valid():
        try:
            services.proposal_head_decide(
                proposal=proposal,
                approve=form.cleaned_data["decision"] == "approve",
                reason=form.cleaned_data["reason"],
                actor=request.user,
                ip=client_ip(request),
            )
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            if proposal.status == NeedsProposal.Status.APPROVED:
                messages.success(request, _("Đã duyệt; đề xuất chuyển Tổ CNTT thẩm định."))
            else:
                messages.success(request, _("Đã từ chối đề xuất."))
            return redirect("equipment:proposal_detail", pk=proposal.pk)
    return _detail_with_errors(request, proposal, head_form=form)


@require_POST
@role_required(*IT_TEAM)
def proposal_review(request: HttpRequest, pk: int) -> HttpResponse:
    proposal = get_or_404(selectors.proposal_get_for_review, user=request.user, pk=pk)
    form = ReviewForm(request.POST)
    if form.is_valid():
        decision = form.cleaned_data["decision"]
        try:
            services.proposal_review(
                proposal=proposal,
                accept=decision != "reject",
                quantity=form.cleaned_data["approved_quantity"] if decision == "change" else None,
                reason=form.cleaned_data["reason"],
                actor=request.user,
                ip=client_ip(request),
            )
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, _("Đã ghi kết quả thẩm định."))
            return redirect("equipment:proposal_detail", pk=proposal.pk)
    return _detail_with_errors(request, proposal, review_form=form)


def _detail_with_errors(
    request: HttpRequest,
    proposal: NeedsProposal,
    *,
    head_form: HeadDecisionForm | None = None,
    review_form: ReviewForm | None = None,
) -> HttpResponse:
    proposal.refresh_from_db()
    return render(
        request,
        "equipment/proposals/detail.html",
        {
            "proposal": proposal,
            "steps": selectors.proposal_steps(proposal=proposal),
            "head_form": head_form,
            "review_form": review_form,
        },
        status=400,
    )


@require_http_methods(["GET", "POST"])
@role_required(*OFFICE)
def batch_create(request: HttpRequest) -> HttpResponse:
    candidates = selectors.to_consolidate()
    signer = selectors.batch_signer()
    initial = {
        "subject": proposal_letter.DEFAULT_SUBJECT,
        "issued_on": timezone.localdate(),
        "signer_authority": signer.authority,
        "signer_title": signer.title,
        "signer_name": signer.name,
    }
    form = BatchForm(request.POST or None, candidates=candidates, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            batch = services.batch_create(
                proposals=data["proposals"],
                subject=data["subject"],
                issued_on=data["issued_on"],
                number=data["number"],
                signer_authority=data["signer_authority"],
                signer_title=data["signer_title"],
                signer_name=data["signer_name"],
                actor=request.user,
                ip=client_ip(request),
            )
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, _("Đã tổng hợp các đề xuất vào công văn."))
            return redirect("equipment:batch_detail", pk=batch.pk)
    return render(
        request,
        "equipment/proposals/batch_form.html",
        {"form": form, "candidates": list(candidates)},
    )


@require_GET
@role_required(*selectors.BATCH_READERS)
def batch_list(request: HttpRequest) -> HttpResponse:
    page = paginate(selectors.batch_list(user=request.user), request.GET, default_size=PAGE_SIZE)
    return render(
        request,
        "equipment/proposals/batch_list.html",
        {"page": page, "querystring": "", "is_office": has_role(request.user, *OFFICE)},
    )


@require_GET
@role_required(*selectors.BATCH_READERS)
def batch_detail(request: HttpRequest, pk: int) -> HttpResponse:
    batch = get_or_404(selectors.batch_get, user=request.user, pk=pk)
    return render(
        request,
        "equipment/proposals/batch_detail.html",
        {"batch": batch, "proposals": selectors.batch_proposals(batch=batch)},
    )


@require_GET
@role_required(*selectors.BATCH_READERS)
def batch_download(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    if fmt not in proposal_letter.FORMATS:
        raise Http404
    batch = get_or_404(selectors.batch_get, user=request.user, pk=pk)
    data = services.batch_export(batch=batch, fmt=fmt, user=request.user, ip=client_ip(request))
    response = HttpResponse(data, content_type=proposal_letter.FORMATS[fmt])
    response["Content-Disposition"] = (
        content_disposition_header(True, proposal_letter.filename(batch, fmt)) or ""
    )
    return response
