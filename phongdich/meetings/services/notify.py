"""What leaves the app about meetings: invitations with their .ics, updates and
cancellations, reminders 1 day and 30 minutes before (each once, by the reminder log).

Services call ``queue_*`` inside their transaction: the task is enqueued on commit.
The tasks (``meetings.tasks``) call the ``*_send`` functions here.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable, Iterable
from typing import Any

from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from phongdich.meetings import ical
from phongdich.meetings.models import Invitation, Meeting, ReminderSent
from phongdich.notifications.services import absolute_url, notification_send

logger = logging.getLogger(__name__)

DAY_BEFORE = dt.timedelta(days=1)
SOON_BEFORE = dt.timedelta(minutes=30)
# Who gets reminders and updates: not those who delegated or said they cannot come.
ACTIVE_REPLIES = (Invitation.Reply.PENDING, Invitation.Reply.ATTEND)


def queue_invitations(invitation_ids: Iterable[int]) -> None:
    from phongdich.meetings.tasks import send_invitations

    ids = list(invitation_ids)
    if ids:
        transaction.on_commit(lambda: send_invitations.enqueue(ids))


def queue_update(meeting: Meeting) -> None:
    from phongdich.meetings.tasks import send_meeting_change

    pk = meeting.pk
    transaction.on_commit(lambda: send_meeting_change.enqueue(pk, "REQUEST"))


def queue_cancel(meeting: Meeting) -> None:
    from phongdich.meetings.tasks import send_meeting_change

    pk = meeting.pk
    transaction.on_commit(lambda: send_meeting_change.enqueue(pk, "CANCEL"))


def when_text(meeting: Meeting) -> str:
    start = timezone.localtime(meeting.start)
    end = timezone.localtime(meeting.end)
    return f"{start:%H:%M}–{end:%H:%M} {formats.date_format(start.date(), 'SHORT_DATE_FORMAT')}"


def _body(meeting: Meeting) -> str:
    lines = [
        _("Thời gian: %(when)s") % {"when": when_text(meeting)},
        _("Chủ trì: %(unit)s") % {"unit": meeting.host_unit.name},
    ]
    if meeting.room:
        lines.append(_("Địa điểm: %(room)s") % {"room": meeting.room})
    if meeting.is_online:
        lines.append(_("Vào họp trực tuyến: %(url)s") % {"url": ical.join_url(meeting)})
    if meeting.series_id:
        lines.append(_("Cuộc họp định kỳ hằng tuần; tệp .ics kèm theo có cả lịch lặp lại."))
    lines.append(
        _("Trả lời (tham dự, cử người dự thay, không tham dự được): %(url)s")
        % {"url": absolute_url(reverse("meetings:detail", args=[meeting.pk]))}
    )
    return "\n".join(lines)


def _mail(address: str, subject: str, body: str, ics: bytes, method: str) -> None:
    message = EmailMessage(subject, body, None, [address])
    message.attach("cuoc-hop.ics", ics, f"text/calendar; method={method}; charset=utf-8")
    try:
        message.send()
    except Exception:  # an unreachable mail server loses no in-app notification
        logger.exception("could not e-mail a meeting invitation to %s", address)


def _mailer(address: str, subject: str, body: str, ics: bytes, method: str) -> Callable[[], None]:
    return lambda: _mail(address, subject, body, ics, method)


def invitations_send(*, invitation_ids: list[int]) -> int:
    """In-app notifications and e-mails with the .ics for new invitations; a person invited
    to every occurrence of a series gets one e-mail (the .ics holds the series)."""
    invitations = list(
        Invitation.objects.filter(pk__in=invitation_ids, notified_at__isnull=True)
        .select_related("meeting__host_unit", "meeting__series", "meeting__chair", "user")
        .order_by("meeting__start")
    )
    sent: set[tuple[int, str]] = set()
    count = 0
    for invitation in invitations:
        meeting = invitation.meeting
        key = (invitation.user_id, str(meeting.series_id or f"m{meeting.pk}"))
        if key in sent:
            continue
        sent.add(key)
        subject = _("Giấy mời họp: %(title)s") % {"title": meeting.title}
        body = _body(meeting)
        notification_send(
            users=[invitation.user],
            title=subject,
            body=body,
            url=reverse("meetings:detail", args=[meeting.pk]),
            email=False,
        )
        if invitation.user.email:
            ics = ical.invitation_ics(meeting, method="REQUEST")
            address = invitation.user.email
            transaction.on_commit(_mailer(address, subject, body, ics, "REQUEST"))
        count += 1
    Invitation.objects.filter(pk__in=[i.pk for i in invitations]).update(notified_at=timezone.now())
    return count


def meeting_change_send(*, meeting_id: int, method: str) -> int:
    """The new .ics (``REQUEST``, a higher SEQUENCE) or ``CANCEL`` to everyone still coming."""
    meeting = Meeting.objects.select_related("host_unit", "series", "chair").get(pk=meeting_id)
    people = [
        i.user
        for i in meeting.invitations.filter(reply__in=ACTIVE_REPLIES).select_related("user")
        if i.user_id != meeting.chair_id
    ]
    if method == "CANCEL":
        subject = _("Hủy cuộc họp: %(title)s") % {"title": meeting.title}
        body = _("Cuộc họp %(when)s đã hủy. Lý do: %(reason)s") % {
            "when": when_text(meeting),
            "reason": meeting.cancel_reason,
        }
    else:
        subject = _("Thay đổi lịch họp: %(title)s") % {"title": meeting.title}
        body = _body(meeting)
    notification_send(
        users=people,
        title=subject,
        body=body,
        url=reverse("meetings:detail", args=[meeting.pk]),
        email=False,
    )
    ics = ical.invitation_ics(meeting, method=method)
    for person in people:
        if person.email:
            transaction.on_commit(_mailer(person.email, subject, body, ics, method))
    return len(people)


def reminders_send_due(*, now: dt.datetime | None = None) -> dict[str, int]:
    """Send the reminders that are due: 1 day before (until 30 minutes before) and 30
    minutes before (until the start). The log (one row per meeting, person and kind,
    unique in the database) makes a second run — or a second worker — send nothing."""
    now = now or timezone.now()
    counts = {ReminderSent.Kind.DAY: 0, ReminderSent.Kind.SOON: 0}
    meetings = Meeting.objects.filter(
        status=Meeting.Status.SCHEDULED, start__gt=now, start__lte=now + DAY_BEFORE
    ).select_related("host_unit")
    for meeting in meetings:
        kind = (
            ReminderSent.Kind.SOON if meeting.start - now <= SOON_BEFORE else ReminderSent.Kind.DAY
        )
        invitations = meeting.invitations.filter(reply__in=ACTIVE_REPLIES).select_related("user")
        fresh: list[Any] = []
        for invitation in invitations:
            try:
                with transaction.atomic():
                    _row, created = ReminderSent.objects.get_or_create(
                        meeting=meeting, user=invitation.user, kind=kind
                    )
            except IntegrityError:  # another worker logged it first
                created = False
            if created:
                fresh.append(invitation.user)
        if not fresh:
            continue
        if kind == ReminderSent.Kind.SOON:
            title = _("Sắp họp (30 phút nữa): %(title)s") % {"title": meeting.title}
        else:
            title = _("Nhắc lịch họp ngày mai: %(title)s") % {"title": meeting.title}
        notification_send(
            users=fresh,
            title=title,
            body=_body(meeting),
            url=reverse("meetings:detail", args=[meeting.pk]),
        )
        counts[kind] += len(fresh)
    return {"day": counts[ReminderSent.Kind.DAY], "soon": counts[ReminderSent.Kind.SOON]}
