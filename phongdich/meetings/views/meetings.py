from __future__ import annotations

from typing import cast

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import (
    FileResponse,
    HttpRequest,
    HttpResponse,
    HttpResponseRedirect,
)
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from phongdich.core.audit import client_ip
from phongdich.core.names import person_name
from phongdich.core.paging import paginate
from phongdich.core.permissions import role_required
from phongdich.core.xlsx import build_workbook, xlsx_response
from phongdich.meetings import ical
from phongdich.meetings.exports import meeting_list_sheet
from phongdich.meetings.forms.meetings import CancelForm, DocumentForm, MeetingForm, ReplyForm
from phongdich.meetings.roles import ORGANISERS
from phongdich.meetings.selectors import meetings as selectors
from phongdich.meetings.selectors.figures import attendance_by_unit
from phongdich.meetings.selectors.minutes import minutes_of
from phongdich.meetings.services import attendance as attendance_services
from phongdich.meetings.services import meetings as services
from phongdich.meetings.services.participants import invitation_reply
from phongdich.meetings.views.common import add_errors, get_or_404


@require_GET
@role_required()
def meeting_list(request: HttpRequest) -> HttpResponse:
    past = request.GET.get("da-hop") == "1"
    page = paginate(selectors.meeting_list(user=request.user, past=past), request.GET)
    return render(
        request,
        "meetings/list.html",
        {
            "meetings": page.object_list,
            "page": page,
            "past": past,
            "can_create": selectors.organiser_units(request.user).exists(),
        },
    )


@require_GET
@role_required()
def meeting_list_export(request: HttpRequest) -> HttpResponse:
    """The list as .xlsx, upcoming or past (``da-hop=1``) as on the page; every row."""
    past = request.GET.get("da-hop") == "1"
    meetings = selectors.meeting_list(user=request.user, past=past)
    data = build_workbook(
        sheets=[meeting_list_sheet(meetings=meetings, past=past)],
        exported_by=person_name(request.user),
        exported_at=timezone.now(),
    )
    name = "lich-hop-da-dien-ra.xlsx" if past else "lich-hop-sap-toi.xlsx"
    return xlsx_response(data, filename=name)


def _form(
    request: HttpRequest, *, editing: bool = False, initial: dict | None = None
) -> MeetingForm:  # type: ignore[type-arg]
    return MeetingForm(
        request.POST or None,
        units=selectors.organiser_units(request.user),
        people=selectors.invitable_people(user=request.user),
        editing=editing,
        initial=initial,
    )


@require_http_methods(["GET", "POST"])
@role_required(*ORGANISERS)
def meeting_create(request: HttpRequest) -> HttpResponse:
    form = _form(request, initial={"chair": request.user.pk})
    if request.method == "POST" and form.is_valid():
        try:
            meeting = services.meeting_create(
                data=form.to_input(),
                repeat=form.to_repeat(),
                by=request.user,
                ip=client_ip(request),
            )
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, _("Đã lên lịch họp. Hãy mời các đơn vị, người dự họp."))
            return redirect("meetings:invite", pk=meeting.pk)
    return render(request, "meetings/form.html", {"form": form, "meeting": None})


@require_GET
@role_required()
def meeting_detail(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = get_or_404(selectors.meeting_get, user=request.user, pk=pk)
    mine = selectors.invitation_of(user=request.user, meeting=meeting)
    reply_form = None
    if mine is not None and mine.reply != mine.Reply.DELEGATED and not meeting.is_cancelled:
        reply_form = ReplyForm(
            initial={"reply": mine.reply if mine.reply != mine.Reply.PENDING else ""},
            delegates=selectors.delegate_choices(invitation=mine),
        )
    manage = selectors.can_manage(user=request.user, meeting=meeting)
    return render(
        request,
        "meetings/detail.html",
        {
            "meeting": meeting,
            "mine": mine,
            "reply_form": reply_form,
            "can_manage": manage,
            "can_record": selectors.can_record(user=request.user, meeting=meeting),
            "invitations": selectors.meeting_invitations(meeting=meeting),
            "documents": selectors.documents_of(meeting=meeting),
            "document_form": DocumentForm() if manage else None,
            "cancel_form": CancelForm() if manage and not meeting.is_cancelled else None,
            "rates": attendance_by_unit(meeting=meeting) if meeting.attendance_confirmed_at else [],
            "minutes": minutes_of(meeting=meeting),
        },
    )


def _managed(request: HttpRequest, pk: int):  # type: ignore[no-untyped-def]
    meeting = get_or_404(selectors.meeting_get, user=request.user, pk=pk)
    if not selectors.can_manage(user=request.user, meeting=meeting):
        raise PermissionDenied
    return meeting


@require_http_methods(["GET", "POST"])
@role_required()
def meeting_edit(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _managed(request, pk)
    form = _form(request, editing=True, initial=MeetingForm.initial_of(meeting))
    if request.method == "POST" and form.is_valid():
        try:
            services.meeting_update(
                meeting=meeting, data=form.to_input(), by=request.user, ip=client_ip(request)
            )
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, _("Đã lưu thay đổi; người dự họp nhận lịch mới."))
            return redirect("meetings:detail", pk=meeting.pk)
    return render(request, "meetings/form.html", {"form": form, "meeting": meeting})


@require_POST
@role_required()
def meeting_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _managed(request, pk)
    form = CancelForm(request.POST)
    if form.is_valid():
        try:
            services.meeting_cancel(
                meeting=meeting,
                reason=form.cleaned_data["reason"],
                by=request.user,
                ip=client_ip(request),
            )
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("Đã hủy cuộc họp và báo cho người dự họp."))
    else:
        messages.error(request, _("Hãy ghi lý do hủy cuộc họp."))
    return redirect("meetings:detail", pk=meeting.pk)


@require_POST
@role_required()
def document_upload(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _managed(request, pk)
    form = DocumentForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.document_add(
                meeting=meeting,
                upload=form.cleaned_data["file"],
                by=request.user,
                ip=client_ip(request),
            )
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("Đã đính kèm tài liệu."))
    else:
        messages.error(request, _("Hãy chọn một tệp tài liệu."))
    return redirect("meetings:detail", pk=meeting.pk)


@require_GET
@role_required()
def document_download(request: HttpRequest, pk: int, doc_pk: int) -> HttpResponse:
    document = get_or_404(selectors.document_get, user=request.user, meeting_pk=pk, pk=doc_pk)
    response = FileResponse(
        document.file.open("rb"),
        as_attachment=True,
        filename=document.original_name,
        content_type=document.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    return cast(HttpResponse, response)  # a streaming response, served the same way


@require_GET
@role_required()
def meeting_ics(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = get_or_404(selectors.meeting_get, user=request.user, pk=pk)
    method = "CANCEL" if meeting.is_cancelled else "PUBLISH"
    response = HttpResponse(
        ical.invitation_ics(meeting, method=method), content_type="text/calendar; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="cuoc-hop-{meeting.pk}.ics"'
    return response


@require_GET
@role_required()
def meeting_join(request: HttpRequest, pk: int) -> HttpResponse:
    """The app's join link: record who joined and when, then go to the platform."""
    meeting = get_or_404(selectors.meeting_get, user=request.user, pk=pk)
    try:
        url = attendance_services.meeting_join(
            meeting=meeting, user=request.user, ip=client_ip(request)
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("meetings:detail", pk=meeting.pk)
    return HttpResponseRedirect(url)


@require_POST
@role_required()
def meeting_reply(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = get_or_404(selectors.meeting_get, user=request.user, pk=pk)
    mine = get_or_404(selectors.invitation_get_for, user=request.user, meeting=meeting)
    form = ReplyForm(request.POST, delegates=selectors.delegate_choices(invitation=mine))
    if form.is_valid():
        try:
            invitation_reply(
                invitation=mine,
                reply=form.cleaned_data["reply"],
                reason=form.cleaned_data.get("reason", ""),
                delegate=form.cleaned_data.get("delegate"),
                by=request.user,
                ip=client_ip(request),
            )
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, _("Đã ghi nhận trả lời của bạn."))
            return redirect("meetings:detail", pk=meeting.pk)
    return render(
        request, "meetings/reply.html", {"meeting": meeting, "mine": mine, "reply_form": form}
    )
