"""Writes of participants: invite units and people, reply (attend, delegate, cannot
attend), the personal iCal feed token."""

from __future__ import annotations

import secrets
from collections.abc import Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from phongdich.core.audit import audit
from phongdich.core.text import nfc
from phongdich.meetings.models import CalendarFeed, Invitation, Meeting
from phongdich.meetings.selectors.meetings import staff_unit_of, unit_heads
from phongdich.meetings.services.notify import queue_invitations
from phongdich.org.models import Unit


def _targets(meeting: Meeting, whole_series: bool) -> list[Meeting]:
    if whole_series and meeting.series_id:
        return list(
            Meeting.objects.filter(
                series_id=meeting.series_id,
                start__gte=meeting.start,
                status=Meeting.Status.SCHEDULED,
            ).order_by("start")
        )
    return [meeting]


def invitations_add(
    *,
    meeting: Meeting,
    units: Sequence[Unit] = (),
    people: Sequence[Any] = (),
    whole_series: bool = True,
    by: Any,
    ip: str | None = None,
) -> list[Invitation]:
    """Invite ``units`` (their heads) and ``people`` (by name, for their own unit), to
    this meeting or — ``whole_series`` — to it and every later occurrence of its series.
    Someone already invited is left as they are. The invitations leave on commit."""
    if meeting.is_cancelled:
        raise ValidationError(_("Cuộc họp đã hủy: không mời thêm được."))
    if not units and not people:
        raise ValidationError(_("Hãy chọn ít nhất một đơn vị hoặc một người để mời."))
    heads = unit_heads(units=list(units))
    missing = [u.name for u in units if not heads.get(u.pk)]
    if missing:
        raise ValidationError(
            {
                "units": _(
                    "Đơn vị chưa có trưởng đơn vị có tài khoản: %(units)s. Hãy mời đích danh "
                    "người dự họp của đơn vị."
                )
                % {"units": ", ".join(missing)}
            }
        )
    wanted: dict[int, tuple[Any, Unit, bool]] = {}
    for unit in units:
        for head in heads[unit.pk]:
            wanted[head.pk] = (head, unit, True)
    for person in people:
        own = staff_unit_of(person)
        if own is None:
            raise ValidationError(
                {"people": _("%(name)s không có hồ sơ cán bộ.") % {"name": person}}
            )
        wanted.setdefault(person.pk, (person, own, False))
    created: list[Invitation] = []
    with transaction.atomic():
        for target in _targets(meeting, whole_series):
            taken = set(target.invitations.values_list("user_id", flat=True))
            rows = [
                Invitation(meeting=target, user=user, unit=unit, via_unit=via)
                for pk, (user, unit, via) in wanted.items()
                if pk not in taken
            ]
            created.extend(Invitation.objects.bulk_create(rows))
        if not all(i.pk for i in created):  # backends without RETURNING on bulk insert
            created = list(
                Invitation.objects.filter(
                    meeting__in=_targets(meeting, whole_series),
                    user_id__in=list(wanted),
                    notified_at__isnull=True,
                )
            )
        audit(
            None,
            "meetings.invitation.add",
            actor=by,
            ip=ip,
            obj=meeting,
            units=[u.pk for u in units],
            people=len(people),
            invitations=len(created),
            whole_series=whole_series,
        )
        queue_invitations(i.pk for i in created)
    return created


def invitation_reply(
    *,
    invitation: Invitation,
    reply: str,
    reason: str = "",
    delegate: Any = None,
    by: Any,
    ip: str | None = None,
) -> Invitation:
    """Attend; delegate to someone else of the same unit (who gets the invitation); or
    cannot attend, with the reason. A delegated invitation cannot be answered again."""
    reason = nfc(reason)
    with transaction.atomic():
        invitation = (
            Invitation.objects.select_for_update().select_related("meeting").get(pk=invitation.pk)
        )
        meeting = invitation.meeting
        if meeting.is_cancelled:
            raise ValidationError(_("Cuộc họp đã hủy."))
        if meeting.end <= timezone.now():
            raise ValidationError(_("Cuộc họp đã kết thúc: không trả lời được nữa."))
        if invitation.reply == Invitation.Reply.DELEGATED:
            raise ValidationError(_("Bạn đã cử người khác dự thay cho cuộc họp này."))
        new_invitation: Invitation | None = None
        if reply == Invitation.Reply.ATTEND:
            invitation.reason = ""
        elif reply == Invitation.Reply.DECLINED:
            if not reason:
                raise ValidationError({"reason": _("Hãy ghi lý do không tham dự được.")})
            invitation.reason = reason[:500]
        elif reply == Invitation.Reply.DELEGATED:
            if delegate is None:
                raise ValidationError({"delegate": _("Hãy chọn người dự thay.")})
            if not _in_unit(delegate, invitation.unit):
                raise ValidationError(
                    {
                        "delegate": _("Người dự thay phải là cán bộ của %(unit)s.")
                        % {"unit": invitation.unit}
                    }
                )
            if Invitation.objects.filter(meeting=meeting, user=delegate).exists():
                raise ValidationError({"delegate": _("Người này đã có giấy mời dự cuộc họp.")})
            invitation.reason = reason[:500]
            new_invitation = Invitation.objects.create(
                meeting=meeting,
                user=delegate,
                unit=invitation.unit,
                via_unit=invitation.via_unit,
                delegated_from=invitation,
            )
        else:
            raise ValidationError({"reply": _("Hãy chọn một câu trả lời.")})
        invitation.reply = reply
        invitation.replied_at = timezone.now()
        invitation.save(update_fields=["reply", "reason", "replied_at"])
        audit(
            None,
            "meetings.invitation.reply",
            actor=by,
            ip=ip,
            obj=invitation,
            reply=reply,
            delegate=getattr(delegate, "pk", None),
        )
        if new_invitation is not None:
            queue_invitations([new_invitation.pk])
    return invitation


def _in_unit(user: Any, unit: Unit) -> bool:
    staff_unit = staff_unit_of(user)
    return staff_unit is not None and staff_unit.path.startswith(unit.path)


def feed_create(*, user: Any, ip: str | None = None) -> CalendarFeed:
    """A new private feed URL; the previous one (if any) stops working."""
    with transaction.atomic():
        now = timezone.now()
        CalendarFeed.objects.filter(user=user, revoked_at__isnull=True).update(revoked_at=now)
        feed = CalendarFeed.objects.create(user=user, token=secrets.token_urlsafe(32))
        audit(None, "meetings.feed.create", actor=user, ip=ip, obj=feed)
    return feed


def feed_revoke(*, user: Any, ip: str | None = None) -> int:
    with transaction.atomic():
        count = CalendarFeed.objects.filter(user=user, revoked_at__isnull=True).update(
            revoked_at=timezone.now()
        )
        audit(
            None,
            "meetings.feed.revoke",
            actor=user,
            ip=ip,
            object_type="meetings.calendarfeed",
            revoked=count,
        )
    return count
