"""Builders shared by the meetings tests and access rows."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from phongdich.meetings.models import Meeting
from phongdich.meetings.services.meetings import MeetingInput, RepeatInput, meeting_create
from phongdich.meetings.services.participants import invitations_add

LINK = "https://meet.example.vn/giao-ban"


def at(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, minute)))


def meeting_input(cast: Any, *, start: dt.datetime, minutes: int = 90, **kw: Any) -> MeetingInput:
    values: dict[str, Any] = {
        "title": "Giao ban trực tuyến",
        "kind": "giao_ban",
        "chair": cast.office,
        "host_unit": cast.office_unit,
        "start": start,
        "end": start + dt.timedelta(minutes=minutes),
        "platform": "link",
        "online_url": LINK,
        "room": "Phòng họp tầng 2",
        "agenda": "Tình hình tuần\nNhiệm vụ tuần tới",
    }
    values.update(kw)
    return MeetingInput(**values)


def make_meeting(
    cast: Any,
    *,
    start: dt.datetime | None = None,
    repeat: RepeatInput | None = None,
    invite: bool = True,
    **kw: Any,
) -> Meeting:
    """Hosted by the Office (chair: the Office member), unit A invited (its head) and the
    plain staff member by name."""
    start = start or at(timezone.localdate() + dt.timedelta(days=3), 8)
    meeting = meeting_create(
        data=meeting_input(cast, start=start, **kw), repeat=repeat, by=cast.office
    )
    if invite:
        invitations_add(
            meeting=meeting, units=[cast.unit_a], people=[cast.staff_user], by=cast.office
        )
    return meeting
