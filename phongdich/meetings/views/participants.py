from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from phongdich.core.audit import client_ip
from phongdich.core.permissions import role_required
from phongdich.meetings import ical
from phongdich.meetings.forms.meetings import AttendanceForm, InviteForm
from phongdich.meetings.models import CalendarFeed, Invitation
from phongdich.meetings.selectors import meetings as selectors
from phongdich.meetings.services import attendance as attendance_services
from phongdich.meetings.services import participants as services
from phongdich.meetings.views.common import add_errors, get_or_404
from phongdich.notifications.services import absolute_url
from phongdich.org.models import Unit


@require_http_methods(["GET", "POST"])
@role_required()
def meeting_invite(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = get_or_404(selectors.meeting_get, user=request.user, pk=pk)
    if not selectors.can_manage(user=request.user, meeting=meeting):
        raise PermissionDenied
    form = InviteForm(
        request.POST or None,
        units=Unit.objects.filter(is_active=True),
        people=selectors.invitable_people(user=request.user),
        series=bool(meeting.series_id),
    )
    if request.method == "POST" and form.is_valid():
        try:
            created = services.invitations_add(
                meeting=meeting,
                units=list(form.cleaned_data.get("units") or []),
                people=list(form.cleaned_data.get("people") or []),
                whole_series=bool(form.cleaned_data.get("whole_series")),
                by=request.user,
                ip=client_ip(request),
            )
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(
                request,
                _("Đã gửi %(n)s giấy mời (trong ứng dụng và qua e-mail).") % {"n": len(created)},
            )
            return redirect("meetings:detail", pk=meeting.pk)
    return render(
        request,
        "meetings/invite.html",
        {
            "meeting": meeting,
            "form": form,
            "invitations": selectors.meeting_invitations(meeting=meeting),
        },
    )


@require_http_methods(["GET", "POST"])
@role_required()
def meeting_attendance(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = get_or_404(selectors.meeting_get, user=request.user, pk=pk)
    if not selectors.can_record(user=request.user, meeting=meeting):
        raise PermissionDenied
    invitations = [i for i in selectors.meeting_invitations(meeting=meeting) if i.expected]
    initial = [
        str(i.pk)
        for i in invitations
        if i.attended
        or (i.attended is None and (i.joined_at or i.reply == Invitation.Reply.ATTEND))
    ]
    form = AttendanceForm(
        request.POST or None, invitations=invitations, initial={"present": initial}
    )
    if request.method == "POST" and form.is_valid():
        try:
            count = attendance_services.attendance_confirm(
                meeting=meeting, present=form.present_ids(), by=request.user, ip=client_ip(request)
            )
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, _("Đã xác nhận %(n)s người dự họp.") % {"n": count})
            return redirect("meetings:detail", pk=meeting.pk)
    joined = {i.pk: i.joined_at for i in invitations}
    return render(
        request,
        "meetings/attendance.html",
        {"meeting": meeting, "form": form, "invitations": invitations, "joined": joined},
    )


@require_GET
@role_required()
def calendar(request: HttpRequest) -> HttpResponse:
    """The personal calendar: this week (or ``?tuan=dd/mm/yyyy``), and the feed URL."""
    today = timezone.localdate()
    try:
        d, m, y = (int(x) for x in request.GET.get("tuan", "").split("/"))
        anchor = dt.date(y, m, d)
    except (TypeError, ValueError):
        anchor = today
    monday = anchor - dt.timedelta(days=anchor.weekday())
    meetings = selectors.calendar_meetings(user=request.user, start=monday, days=7)
    days = []
    for offset in range(7):
        day = monday + dt.timedelta(days=offset)
        days.append((day, [m for m in meetings if timezone.localtime(m.start).date() == day]))
    feed = selectors.feed_live(user=request.user)
    return render(
        request,
        "meetings/calendar.html",
        {
            "days": days,
            "today": today,
            "previous": (monday - dt.timedelta(days=7)).strftime("%d/%m/%Y"),
            "next": (monday + dt.timedelta(days=7)).strftime("%d/%m/%Y"),
            "feed": feed,
            "feed_url": absolute_url(reverse("meetings:feed", args=[feed.token])) if feed else "",
        },
    )


@require_POST
@role_required()
def feed_create(request: HttpRequest) -> HttpResponse:
    services.feed_create(user=request.user, ip=client_ip(request))
    messages.success(
        request, _("Đã tạo đường dẫn lịch mới; đường dẫn cũ (nếu có) không còn dùng được.")
    )
    return redirect("meetings:calendar")


@require_POST
@role_required()
def feed_revoke(request: HttpRequest) -> HttpResponse:
    services.feed_revoke(user=request.user, ip=client_ip(request))
    messages.success(request, _("Đã thu hồi đường dẫn lịch."))
    return redirect("meetings:calendar")


@require_GET
def feed(request: HttpRequest, token: str) -> HttpResponse:
    """The private iCal feed: no log-in (calendar apps cannot), the token is the key;
    an unknown or revoked token is a 404."""
    try:
        owner, meetings = selectors.feed_meetings(token=token)
    except CalendarFeed.DoesNotExist:
        raise Http404 from None
    name = _("Lịch họp — %(name)s") % {"name": owner.get_full_name() or owner.username}
    response = HttpResponse(
        ical.feed_ics(meetings, name=name), content_type="text/calendar; charset=utf-8"
    )
    response["Cache-Control"] = "private, max-age=300"
    return response
