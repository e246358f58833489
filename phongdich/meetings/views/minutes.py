from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from phongdich.core.audit import client_ip
from phongdich.core.permissions import role_required
from phongdich.meetings import printing
from phongdich.meetings.forms.minutes import (
    MinutesForm,
    conclusion_formset,
    conclusion_inputs,
)
from phongdich.meetings.selectors import meetings as selectors
from phongdich.meetings.selectors import minutes as minutes_selectors
from phongdich.meetings.services import minutes as services
from phongdich.meetings.views.common import add_errors, get_or_404
from phongdich.org.models import Unit

FORMATS = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pdf": "application/pdf",
}


@require_http_methods(["GET", "POST"])
@role_required()
def minutes_edit(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = get_or_404(selectors.meeting_get, user=request.user, pk=pk)
    if not selectors.can_record(user=request.user, meeting=meeting):
        raise PermissionDenied
    minutes = minutes_selectors.minutes_of(meeting=meeting)
    existing = minutes_selectors.conclusions_of(minutes=minutes)
    units = Unit.objects.filter(is_active=True)
    form = MinutesForm(request.POST or None, initial=MinutesForm.initial_of(meeting, minutes))
    formset = conclusion_formset(request.POST or None, units=units, existing=existing)
    frozen = bool(minutes and minutes.directive_id)
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        try:
            services.minutes_save(
                meeting=meeting,
                data=form.to_input(),
                conclusions=conclusion_inputs(formset),
                by=request.user,
                ip=client_ip(request),
            )
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, _("Đã lưu biên bản."))
            return redirect("meetings:minutes", pk=meeting.pk)
    return render(
        request,
        "meetings/minutes.html",
        {
            "meeting": meeting,
            "minutes": minutes,
            "form": form,
            "formset": formset,
            "frozen": frozen,
            "conclusions": existing,
        },
    )


@require_GET
@role_required()
def minutes_export(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    meeting = get_or_404(selectors.meeting_get, user=request.user, pk=pk)
    if fmt not in FORMATS:
        raise Http404
    try:
        minutes = minutes_selectors.minutes_for_export(meeting=meeting)
    except ObjectDoesNotExist:
        raise Http404 from None
    content = printing.minutes_docx(minutes) if fmt == "docx" else printing.minutes_pdf(minutes)
    day = timezone.localtime(minutes.started_at).strftime("%Y-%m-%d")
    response = HttpResponse(content, content_type=FORMATS[fmt])
    response["Content-Disposition"] = f'attachment; filename="bien-ban-{day}.{fmt}"'
    return response


@require_POST
@role_required()
def conclusions_to_tasks(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = get_or_404(selectors.meeting_get, user=request.user, pk=pk)
    if not selectors.can_record(user=request.user, meeting=meeting):
        raise PermissionDenied
    minutes = minutes_selectors.minutes_of(meeting=meeting)
    if minutes is None:
        raise Http404
    try:
        directive = services.conclusions_to_tasks(
            minutes=minutes, by=request.user, ip=client_ip(request)
        )
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(
            request,
            _("Đã ban hành Thông báo kết luận số %(ref)s: mỗi kết luận là một nhiệm vụ.")
            % {"ref": directive.reference},
        )
    return redirect("meetings:minutes", pk=meeting.pk)
