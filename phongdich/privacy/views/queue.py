"""The Office's queue of data subjects' requests: deadlines, verification in person,
the answer, the person's data as .xlsx."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from phongdich.core.audit import client_ip
from phongdich.core.paging import paginate
from phongdich.core.permissions import role_required
from phongdich.core.xlsx import xlsx_response
from phongdich.privacy.forms.subject_requests import (
    AnswerForm,
    QueueFilterForm,
    RefuseForm,
    VerifyForm,
)
from phongdich.privacy.models import SubjectRequest
from phongdich.privacy.roles import QUEUE_ROLES
from phongdich.privacy.selectors import subject_requests as selectors
from phongdich.privacy.services import subject_requests as services

ROLES = tuple(QUEUE_ROLES)


def _request_or_404(request: HttpRequest, pk: int) -> SubjectRequest:
    try:
        return selectors.request_get(user=request.user, pk=pk)
    except SubjectRequest.DoesNotExist:
        raise Http404 from None


@require_GET
@role_required(*ROLES)
def request_list(request: HttpRequest) -> HttpResponse:
    form = QueueFilterForm(request.GET)
    status = form.cleaned_data.get("status", "") if form.is_valid() else ""
    requests = selectors.request_list(user=request.user, status=status)
    page = paginate(requests, request.GET, default_size=selectors.QUEUE_PAGE_SIZE)
    now = timezone.now()
    rows = [(r, r.ack_countdown(now), r.answer_countdown(now)) for r in page]
    return render(
        request,
        "privacy/requests/list.html",
        {
            "form": form,
            "page": page,
            "rows": rows,
            "querystring": f"status={status}" if status else "",
        },
    )


def _render_detail(
    request: HttpRequest,
    subject: SubjectRequest,
    *,
    status: int = 200,
    verify_form: VerifyForm | None = None,
    answer_form: AnswerForm | None = None,
    refuse_form: RefuseForm | None = None,
) -> HttpResponse:
    now = timezone.now()
    return render(
        request,
        "privacy/requests/detail.html",
        {
            "req": subject,
            "ack": subject.ack_countdown(now),
            "due": subject.answer_countdown(now),
            "verify_form": verify_form or VerifyForm(),
            "answer_form": answer_form or AnswerForm(),
            "refuse_form": refuse_form or RefuseForm(),
        },
        status=status,
    )


@require_GET
@role_required(*ROLES)
def request_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _render_detail(request, _request_or_404(request, pk))


@require_POST
@role_required(*ROLES)
def request_acknowledge(request: HttpRequest, pk: int) -> HttpResponse:
    subject = _request_or_404(request, pk)
    try:
        services.request_acknowledge(request=subject, by=request.user, ip=client_ip(request))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Đã tiếp nhận yêu cầu."))
    return redirect("privacy:request_detail", pk=subject.pk)


@require_POST
@role_required(*ROLES)
def request_verify(request: HttpRequest, pk: int) -> HttpResponse:
    subject = _request_or_404(request, pk)
    form = VerifyForm(request.POST)
    if not form.is_valid():
        return _render_detail(request, subject, status=400, verify_form=form)
    try:
        services.request_verify(
            request=subject, cccd=form.cleaned_data["cccd"], by=request.user, ip=client_ip(request)
        )
    except ValidationError as error:
        form.add_error("cccd", error)
        return _render_detail(request, subject, status=400, verify_form=form)
    messages.success(request, _("Đã xác minh danh tính người yêu cầu."))
    return redirect("privacy:request_detail", pk=subject.pk)


@require_POST
@role_required(*ROLES)
def request_answer(request: HttpRequest, pk: int) -> HttpResponse:
    subject = _request_or_404(request, pk)
    form = AnswerForm(request.POST)
    if not form.is_valid():
        return _render_detail(request, subject, status=400, answer_form=form)
    try:
        done = services.request_carry_out(
            request=subject,
            by=request.user,
            answer=form.cleaned_data.get("answer", ""),
            corrected_name=form.cleaned_data.get("corrected_name", ""),
            ip=client_ip(request),
        )
    except ValidationError as error:
        form.add_error(None, error)
        return _render_detail(request, subject, status=400, answer_form=form)
    if done.status == SubjectRequest.Status.WAITING_CASE:
        messages.warning(
            request, _("Dữ liệu liên quan đến ca bệnh đang điều tra: sẽ xoá khi ca bệnh kết thúc.")
        )
    else:
        messages.success(request, _("Đã thực hiện và ghi nhận trả lời."))
    return redirect("privacy:request_detail", pk=subject.pk)


@require_POST
@role_required(*ROLES)
def request_refuse(request: HttpRequest, pk: int) -> HttpResponse:
    subject = _request_or_404(request, pk)
    form = RefuseForm(request.POST)
    if not form.is_valid():
        return _render_detail(request, subject, status=400, refuse_form=form)
    try:
        services.request_refuse(
            request=subject,
            by=request.user,
            answer=form.cleaned_data["answer"],
            ip=client_ip(request),
        )
    except ValidationError as error:
        form.add_error(None, error)
        return _render_detail(request, subject, status=400, refuse_form=form)
    messages.success(request, _("Đã ghi nhận trả lời."))
    return redirect("privacy:request_detail", pk=subject.pk)


@require_GET
@role_required(*ROLES)
def request_export(request: HttpRequest, pk: int) -> HttpResponse:
    subject = _request_or_404(request, pk)
    try:
        content = selectors.person_data_export(
            user=request.user, request=subject, ip=client_ip(request)
        )
    except SubjectRequest.DoesNotExist:
        raise Http404 from None
    return xlsx_response(content, filename=f"du-lieu-ca-nhan-{subject.code}.xlsx")
