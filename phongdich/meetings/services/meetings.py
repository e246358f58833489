"""Writes of meetings: schedule (once or weekly), move or cancel one occurrence, attach
documents. Each audits in its transaction; invitations and updates leave by task on commit."""

from __future__ import annotations

import datetime as dt
import secrets
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from phongdich.core.audit import audit
from phongdich.core.text import clean_name, nfc
from phongdich.meetings import recurrence, uploads
from phongdich.meetings.models import Invitation, Meeting, MeetingDocument, Series
from phongdich.org.models import Unit


@dataclass(frozen=True)
class MeetingInput:
    title: str
    kind: str
    chair: Any
    host_unit: Unit
    start: dt.datetime
    end: dt.datetime
    secretary: Any = None
    platform: str = ""  # "", "jitsi", "link"
    online_url: str = ""
    room: str = ""
    agenda: str = ""


@dataclass(frozen=True)
class RepeatInput:
    """Weekly, on the first start's weekday: ``count`` occurrences or ``until`` a date."""

    count: int | None = None
    until: dt.date | None = None


def safe_url(url: str) -> bool:
    """Only http(s) links with a host (never ``javascript:`` or ``data:``)."""
    parts = urlsplit(url.strip())
    return parts.scheme in {"http", "https"} and bool(parts.netloc)


def jitsi_room_url() -> str:
    base = settings.JITSI_BASE_URL
    if not base:
        raise ValidationError(
            {
                "platform": _(
                    "Chưa cấu hình máy chủ Jitsi của Sở (JITSI_BASE_URL): "
                    "hãy dán đường liên kết họp."
                )
            }
        )
    return f"{base}/PhongDich-{secrets.token_urlsafe(12)}"


def _validate(data: MeetingInput) -> None:
    errors: dict[str, str] = {}
    if timezone.is_naive(data.start) or timezone.is_naive(data.end):
        raise ValueError("meeting times must be aware")
    if data.end <= data.start:
        errors["end"] = _("Giờ kết thúc phải sau giờ bắt đầu.")
    elif data.end - data.start > dt.timedelta(hours=12):
        errors["end"] = _("Một cuộc họp không dài quá 12 giờ; hãy kiểm tra lại ngày kết thúc.")
    if data.platform == Meeting.Platform.LINK and not safe_url(data.online_url):
        errors["online_url"] = _("Đường liên kết họp phải bắt đầu bằng https:// hoặc http://.")
    if not data.platform and not data.room.strip():
        errors["room"] = _("Hãy chọn họp trực tuyến, ghi phòng họp, hoặc cả hai.")
    if errors:
        raise ValidationError(errors)


def _write(meeting: Meeting, data: MeetingInput, *, keep_room_url: bool = False) -> None:
    meeting.title = clean_name(data.title)
    meeting.kind = data.kind
    meeting.chair = data.chair
    meeting.secretary = data.secretary
    meeting.host_unit = data.host_unit
    meeting.start, meeting.end = data.start, data.end
    meeting.room = clean_name(data.room)
    meeting.agenda = "\n".join(nfc(line) for line in data.agenda.splitlines()).strip()
    if data.platform == Meeting.Platform.JITSI:
        if not (
            keep_room_url and meeting.platform == Meeting.Platform.JITSI and meeting.online_url
        ):
            meeting.online_url = jitsi_room_url()
    elif data.platform == Meeting.Platform.LINK:
        meeting.online_url = data.online_url.strip()
    else:
        meeting.online_url = ""
    meeting.platform = data.platform


def _organisers(meeting: Meeting) -> list[Invitation]:
    """The chair and secretary are on the list (they attend, the feed shows it)."""
    from phongdich.meetings.selectors.meetings import staff_unit_of

    rows = []
    for user in (meeting.chair, meeting.secretary):
        if user is None:
            continue
        unit = staff_unit_of(user) or meeting.host_unit
        rows.append(
            Invitation(
                meeting=meeting,
                user=user,
                unit=unit,
                reply=Invitation.Reply.ATTEND,
                replied_at=timezone.now(),
            )
        )
    return rows


def meeting_create(
    *, data: MeetingInput, repeat: RepeatInput | None = None, by: Any, ip: str | None = None
) -> Meeting:
    """A meeting, or every occurrence of a weekly series (the first is returned)."""
    _validate(data)
    with transaction.atomic():
        series = None
        starts = [data.start]
        if repeat is not None:
            rule = recurrence.weekly_rule(
                first_start=data.start, count=repeat.count, until=repeat.until
            )
            starts = recurrence.expand(rule, data.start)
            if len(starts) < 2:
                raise ValidationError(
                    {
                        "until": _(
                            "Lịch lặp lại phải có ít nhất hai buổi; hãy chọn ngày kết thúc xa hơn."
                        )
                    }
                )
            series = Series.objects.create(rule=rule, first_start=data.start, created_by=by)
        duration = data.end - data.start
        first: Meeting | None = None
        room_url = ""
        for start in starts:
            meeting = Meeting(series=series, created_by=by)
            _write(meeting, data)
            if series is not None:
                meeting.original_start = start
                meeting.start, meeting.end = start, start + duration
                if data.platform == Meeting.Platform.JITSI:
                    # One room for the whole series (the same link every week).
                    room_url = room_url or meeting.online_url
                    meeting.online_url = room_url
            meeting.save()
            Invitation.objects.bulk_create(_organisers(meeting), ignore_conflicts=True)
            first = first or meeting
        assert first is not None
        audit(
            None,
            "meetings.meeting.create",
            actor=by,
            ip=ip,
            obj=first,
            occurrences=len(starts),
            series=str(series.uid) if series else "",
        )
    return first


def _next_sequence(meeting: Meeting) -> int:
    """SEQUENCE after a change: one more than the meeting's, or — for an occurrence — than
    its series' (the series' own goes up too, as the invitation's master event changes)."""
    if not meeting.series_id:
        return meeting.sequence + 1
    series = Series.objects.select_for_update().get(pk=meeting.series_id)
    series.sequence += 1
    series.save(update_fields=["sequence"])
    return series.sequence


def meeting_update(
    *, meeting: Meeting, data: MeetingInput, by: Any, ip: str | None = None
) -> Meeting:
    """Change one meeting or one occurrence (a moved occurrence becomes an exception of
    its series); SEQUENCE goes up and the invitees get the new .ics."""
    _validate(data)
    from phongdich.meetings.services.notify import queue_update

    with transaction.atomic():
        meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
        if meeting.is_cancelled:
            raise ValidationError(_("Cuộc họp đã hủy: không sửa được."))
        moved = (meeting.start, meeting.end) != (data.start, data.end)
        _write(meeting, data, keep_room_url=True)
        meeting.sequence = _next_sequence(meeting)
        if meeting.series_id:
            meeting.is_exception = True
        meeting.save()
        audit(None, "meetings.meeting.update", actor=by, ip=ip, obj=meeting, moved=moved)
        queue_update(meeting)
    return meeting


def meeting_cancel(*, meeting: Meeting, reason: str, by: Any, ip: str | None = None) -> Meeting:
    """Cancel one meeting (one occurrence of a series); invitees get METHOD:CANCEL."""
    from phongdich.meetings.services.notify import queue_cancel

    reason = clean_name(reason)
    if not reason:
        raise ValidationError({"reason": _("Hãy ghi lý do hủy cuộc họp.")})
    with transaction.atomic():
        meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
        if meeting.is_cancelled:
            raise ValidationError(_("Cuộc họp này đã hủy trước đó."))
        meeting.status = Meeting.Status.CANCELLED
        meeting.cancel_reason = reason[:300]
        meeting.sequence = _next_sequence(meeting)
        meeting.save(update_fields=["status", "cancel_reason", "sequence", "updated_at"])
        audit(None, "meetings.meeting.cancel", actor=by, ip=ip, obj=meeting, reason=reason[:300])
        queue_cancel(meeting)
    return meeting


def document_add(
    *, meeting: Meeting, upload: Any, by: Any, ip: str | None = None
) -> MeetingDocument:
    content_type = uploads.validate_upload(upload)
    with transaction.atomic():
        document = MeetingDocument(
            meeting=meeting,
            original_name=clean_name(upload.name)[:255],
            content_type=content_type,
            size=upload.size,
            uploaded_by=by,
        )
        document.file.save(upload.name, upload, save=False)
        document.save()
        audit(
            None,
            "meetings.document.add",
            actor=by,
            ip=ip,
            obj=meeting,
            document=document.pk,
            name=document.original_name,
        )
    return document
