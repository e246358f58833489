"""iCalendar (RFC 5545/5546) files of meetings, written with the ``icalendar`` library.

- ``invitation_ics(meeting, method=...)``: what an e-mailed invitation carries. A single
  meeting is one VEVENT; an occurrence of a series is sent as the series (a master VEVENT
  with the RRULE and an EXDATE per cancelled occurrence, plus one VEVENT with a
  RECURRENCE-ID per moved occurrence), so a calendar shows the whole weekly giao ban
  from one invitation. ``METHOD:CANCEL`` of one occurrence carries only its RECURRENCE-ID.
- ``feed_ics(meetings)``: a subscribed calendar: each occurrence its own VEVENT (no
  RRULE), which every client reads the same way.

Times carry ``TZID=Asia/Ho_Chi_Minh`` with its VTIMEZONE.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ObjectDoesNotExist
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar, Event, vCalAddress, vText

from phongdich.meetings.models import Invitation, Meeting, Series

PRODID = "-//Phong dich so//Lich hop//VI"
PARTSTAT: dict[str, str] = {
    Invitation.Reply.PENDING: "NEEDS-ACTION",
    Invitation.Reply.ATTEND: "ACCEPTED",
    Invitation.Reply.DELEGATED: "DELEGATED",
    Invitation.Reply.DECLINED: "DECLINED",
}


def _host() -> str:
    return urlsplit(settings.PUBLIC_BASE_URL).hostname or "localhost"


def meeting_uid(meeting: Meeting) -> str:
    """The UID: the series' for an occurrence, the meeting's own otherwise."""
    own = meeting.series.uid if meeting.series_id and meeting.series else meeting.uid
    return f"{own}@{_host()}"


def join_url(meeting: Meeting) -> str:
    """The app's join link (a redirect that records who joined)."""
    return f"{settings.PUBLIC_BASE_URL}{reverse('meetings:join', args=[meeting.pk])}"


def _address(user: object, role: str | None = None, partstat: str | None = None) -> vCalAddress:
    email = getattr(user, "email", "") or f"user-{getattr(user, 'pk', 0)}@{_host()}"
    address = vCalAddress(f"mailto:{email}")
    try:
        name = user.staff.full_name  # type: ignore[attr-defined]
    except (AttributeError, ObjectDoesNotExist):
        name = ""
    name = name or getattr(user, "get_full_name", lambda: "")() or getattr(user, "username", "")
    address.params["cn"] = vText(name)
    if role:
        address.params["role"] = vText(role)
    if partstat:
        address.params["partstat"] = vText(partstat)
        address.params["rsvp"] = vText("TRUE" if partstat == "NEEDS-ACTION" else "FALSE")
    return address


def _local(moment: dt.datetime) -> dt.datetime:
    return timezone.localtime(moment)


def _event(
    meeting: Meeting,
    *,
    uid: str,
    invitations: Sequence[Invitation],
    recurrence_id: dt.datetime | None = None,
    rule: str | None = None,
    exdates: Sequence[dt.datetime] = (),
    sequence: int | None = None,
) -> Event:
    event = Event()
    event.add("uid", uid)
    event.add("dtstamp", timezone.now().astimezone(dt.UTC))
    event.add("dtstart", _local(meeting.start))
    event.add("dtend", _local(meeting.end))
    event.add("summary", meeting.title)
    event.add("sequence", meeting.sequence if sequence is None else sequence)
    event.add("status", "CANCELLED" if meeting.is_cancelled else "CONFIRMED")
    if recurrence_id is not None:
        event.add("recurrence-id", _local(recurrence_id))
    if rule:
        event.add("rrule", _rrule_dict(rule))
    for exdate in exdates:
        event.add("exdate", _local(exdate))
    location = meeting.room
    if meeting.is_online:
        event.add("url", join_url(meeting))
        location = f"{location} · {join_url(meeting)}" if location else join_url(meeting)
    if location:
        event.add("location", location)
    description = [meeting.agenda.strip()] if meeting.agenda.strip() else []
    if meeting.is_online:
        description.append(f"Vào họp trực tuyến: {join_url(meeting)}")
    if description:
        event.add("description", "\n\n".join(description))
    event.add("organizer", _address(meeting.chair))
    for invitation in invitations:
        if invitation.reply == Invitation.Reply.DELEGATED:
            continue
        role = "CHAIR" if invitation.user_id == meeting.chair_id else "REQ-PARTICIPANT"
        event.add(
            "attendee", _address(invitation.user, role=role, partstat=PARTSTAT[invitation.reply])
        )
    return event


def _rrule_dict(rule: str) -> dict[str, object]:
    values: dict[str, object] = {}
    for part in rule.split(";"):
        key, _, value = part.partition("=")
        if key == "UNTIL":
            values["until"] = dt.datetime.strptime(value, "%Y%m%dT%H%M%SZ").replace(tzinfo=dt.UTC)
        elif key == "COUNT":
            values["count"] = int(value)
        else:
            values[key.lower()] = value
    return values


def _calendar(method: str | None) -> Calendar:
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    if method:
        calendar.add("method", method)
    return calendar


def _finish(calendar: Calendar) -> bytes:
    calendar.add_missing_timezones()
    return calendar.to_ical()


def _invitations(meeting: Meeting) -> list[Invitation]:
    return list(meeting.invitations.select_related("user__staff").order_by("pk"))


def invitation_ics(meeting: Meeting, *, method: str = "REQUEST") -> bytes:
    """The invitation (``REQUEST``) or cancellation (``CANCEL``) of ``meeting``."""
    calendar = _calendar(method)
    uid = meeting_uid(meeting)
    series = Series.objects.filter(pk=meeting.series_id).first() if meeting.series_id else None
    if series is None:
        calendar.add_component(_event(meeting, uid=uid, invitations=_invitations(meeting)))
        return _finish(calendar)
    if method == "CANCEL":
        # One occurrence called off: its RECURRENCE-ID, the series' UID.
        calendar.add_component(
            _event(
                meeting,
                uid=uid,
                invitations=_invitations(meeting),
                recurrence_id=meeting.original_start,
            )
        )
        return _finish(calendar)
    occurrences = list(series.meetings.order_by("original_start"))
    first = occurrences[0]
    cancelled = [m.original_start for m in occurrences if m.is_cancelled and m.original_start]
    calendar.add_component(
        _event(
            _with_times(first, series.first_start),
            uid=uid,
            invitations=_invitations(meeting),
            rule=series.rule,
            exdates=cancelled,
            sequence=series.sequence,
        )
    )
    for occurrence in occurrences:
        if occurrence.is_exception and not occurrence.is_cancelled:
            calendar.add_component(
                _event(
                    occurrence,
                    uid=uid,
                    invitations=_invitations(meeting),
                    recurrence_id=occurrence.original_start,
                )
            )
    return _finish(calendar)


def _with_times(meeting: Meeting, start: dt.datetime) -> Meeting:
    """The series' master event: the first occurrence at its original time."""
    if meeting.start == start:
        return meeting
    copy = Meeting(
        **{f.attname: getattr(meeting, f.attname) for f in Meeting._meta.concrete_fields}
    )
    copy.start, copy.end = start, start + (meeting.end - meeting.start)
    copy.status = Meeting.Status.SCHEDULED
    return copy


def feed_ics(meetings: Iterable[Meeting], *, name: str) -> bytes:
    """A subscribed calendar: each meeting its own VEVENT with its own UID."""
    calendar = _calendar(None)
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", settings.TIME_ZONE)
    calendar.add("refresh-interval", dt.timedelta(hours=1), parameters={"VALUE": "DURATION"})
    for meeting in meetings:
        calendar.add_component(
            _event(
                meeting,
                uid=f"{meeting.uid}@{_host()}",
                invitations=list(meeting.invitations.all()),
            )
        )
    return _finish(calendar)
