"""Attendance: the join link's click log and the confirmation after the meeting."""

from __future__ import annotations

from collections.abc import Collection
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from phongdich.core.audit import audit
from phongdich.meetings.models import Invitation, JoinEvent, Meeting
from phongdich.meetings.services.meetings import safe_url


def meeting_join(*, meeting: Meeting, user: Any, ip: str | None = None) -> str:
    """Record that ``user`` clicked the join link (and, the first time, on their
    invitation); the platform's URL to redirect to (http/https only)."""
    if meeting.is_cancelled:
        raise ValidationError(_("Cuộc họp đã hủy."))
    if not meeting.online_url or not safe_url(meeting.online_url):
        raise ValidationError(_("Cuộc họp này không có đường liên kết họp trực tuyến."))
    with transaction.atomic():
        JoinEvent.objects.create(meeting=meeting, user=user)
        Invitation.objects.filter(meeting=meeting, user=user, joined_at__isnull=True).update(
            joined_at=timezone.now()
        )
        audit(None, "meetings.meeting.join", actor=user, ip=ip, obj=meeting)
    return meeting.online_url


def attendance_confirm(
    *, meeting: Meeting, present: Collection[int], by: Any, ip: str | None = None
) -> int:
    """After the meeting, the chair or secretary ticks who attended (invitation ids);
    everyone else invited (and not delegated away) is recorded absent."""
    if meeting.start > timezone.now():
        raise ValidationError(_("Cuộc họp chưa diễn ra: chưa xác nhận được người dự."))
    with transaction.atomic():
        invitations = meeting.invitations.exclude(reply=Invitation.Reply.DELEGATED)
        ids = set(invitations.values_list("pk", flat=True))
        chosen = ids & set(present)
        invitations.filter(pk__in=chosen).update(attended=True)
        invitations.exclude(pk__in=chosen).update(attended=False)
        meeting.attendance_confirmed_at = timezone.now()
        meeting.attendance_confirmed_by = by
        meeting.save(
            update_fields=["attendance_confirmed_at", "attendance_confirmed_by", "updated_at"]
        )
        audit(
            None,
            "meetings.attendance.confirm",
            actor=by,
            ip=ip,
            obj=meeting,
            present=len(chosen),
            absent=len(ids - chosen),
        )
    return len(chosen)
