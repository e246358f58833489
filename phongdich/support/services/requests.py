"""The life of a support request: open (routed), take, ask the requester, reply,
escalate to a partner, resolve, confirm and rate, reopen, close.

Every action checks the state it starts from (``TRANSITIONS``), writes the request
and its event, records the audit entry in the same transaction, and queues the
notifications for after the commit.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from phongdich.core.audit import audit
from phongdich.core.permissions import has_role
from phongdich.core.text import nfc
from phongdich.org.models import Staff, Unit
from phongdich.support import clock, images
from phongdich.support.models import (
    Partner,
    RequestEvent,
    State,
    SupportRequest,
    TeamMember,
    Urgency,
)
from phongdich.support.roles import IT_TEAM
from phongdich.support.services import routing
from phongdich.support.services.common import (
    holidays,
    notify_later,
    request_url,
    service_level,
)

# action: (states it may start from, state it leads to)
TRANSITIONS: dict[str, tuple[frozenset[str], str]] = {
    "take": (frozenset({State.NEW}), State.TAKEN),
    "ask": (frozenset({State.TAKEN, State.ESCALATED}), State.WAITING),
    "reply": (frozenset({State.WAITING}), State.TAKEN),
    "escalate": (frozenset({State.TAKEN, State.WAITING}), State.ESCALATED),
    "resolve": (frozenset({State.TAKEN, State.WAITING, State.ESCALATED}), State.RESOLVED),
    "confirm": (frozenset({State.RESOLVED}), State.CLOSED),
    "reopen": (frozenset({State.RESOLVED}), State.TAKEN),
    "close": (frozenset({State.RESOLVED}), State.CLOSED),
    "assign": (frozenset({State.NEW, State.TAKEN}), ""),  # "" keeps the state
}
REQUESTER_ACTIONS = frozenset({"reply", "confirm", "reopen"})
TEAM_ACTIONS = frozenset({"take", "ask", "escalate", "resolve", "close", "assign"})


@dataclass(frozen=True)
class RequestInput:
    title: str
    unit: Unit
    urgency: str = Urgency.NORMAL
    description: str = ""
    equipment: Any = None  # an equipment.Equipment of ``unit``, or None
    image: Any = None  # an uploaded file, checked and re-encoded here


def _now(now: dt.datetime | None) -> dt.datetime:
    return now or timezone.now()


def _event(
    request: SupportRequest, kind: str, *, actor: Any, at: dt.datetime, note: str = ""
) -> RequestEvent:
    return RequestEvent.objects.create(
        request=request, kind=kind, actor=actor, at=at, state=request.state, note=nfc(note)
    )


def _user_of(member: TeamMember | None) -> Any:
    return member.staff.user if member is not None else None


def set_deadlines(
    request: SupportRequest, *, start: dt.datetime, resolve_only: bool = False
) -> None:
    """Deadlines of ``request`` counted on the business clock from ``start``."""
    level = service_level(request.urgency)
    days_off = holidays()
    if not resolve_only:
        request.take_due_at = clock.add_business_minutes(start, level.take_minutes, days_off)
        request.take_remind_at = clock.subtract_business_minutes(
            request.take_due_at, min(level.remind_before_minutes, level.take_minutes), days_off
        )
    request.resolve_due_at = clock.add_business_minutes(start, level.resolve_minutes, days_off)
    request.resolve_remind_at = clock.subtract_business_minutes(
        request.resolve_due_at, min(level.remind_before_minutes, level.resolve_minutes), days_off
    )


def request_open(
    *,
    requester: Staff,
    data: RequestInput,
    actor: Any,
    ip: str | None,
    now: dt.datetime | None = None,
) -> SupportRequest:
    """Open a request and route it to the unit's primary member (or the backup)."""
    now = _now(now)
    title, description = nfc(data.title), nfc(data.description)
    errors: dict[str, list[str]] = {}
    if not title:
        errors["title"] = [_("Hãy ghi ngắn gọn việc cần hỗ trợ.")]
    if data.urgency not in Urgency.values:
        errors["urgency"] = [_("Mức khẩn không hợp lệ.")]
    if data.equipment is not None and data.equipment.unit_id != data.unit.pk:
        errors["equipment"] = [_("Thiết bị này không thuộc đơn vị đã chọn.")]
    if errors:
        raise ValidationError(errors)
    image_data: tuple[bytes, str] | None = None
    if data.image is not None:
        try:
            image_data = images.clean_image(data.image)
        except ValidationError as exc:
            raise ValidationError({"image": exc.messages}) from None
    route = routing.route_for(data.unit, today=timezone.localdate(now))
    with transaction.atomic():
        request = SupportRequest(
            requester=requester,
            opened_by=actor,
            unit=data.unit,
            equipment=data.equipment,
            title=title,
            description=description,
            urgency=data.urgency,
            assignee=route.member,
            created_at=now,
        )
        set_deadlines(request, start=now)
        if image_data is not None:
            request.image_path = images.store_image(*image_data)
            request.image_type = images.CONTENT_TYPES[image_data[1]]
        request.save()
        _event(request, RequestEvent.Kind.OPENED, actor=actor, at=now)
        if route.member is not None:
            note = (
                _("Người phụ trách chính vắng: chuyển cho %(name)s (dự phòng).")
                if route.is_backup
                else _("Chuyển cho %(name)s (phụ trách chính).")
            ) % {"name": route.member.staff.full_name}
            _event(request, RequestEvent.Kind.ROUTED, actor=None, at=now, note=note)
        audit(
            None,
            "support.request.open",
            actor=actor,
            ip=ip,
            obj=request,
            unit=data.unit.code,
            urgency=data.urgency,
            routed=route.reason,
        )
        url = request_url(request)
        if route.member is not None:
            notify_later(
                [_user_of(route.member)],
                title=_("Yêu cầu hỗ trợ mới %(code)s: %(title)s")
                % {"code": request.code, "title": title},
                body=_("%(unit)s. Hạn tiếp nhận: %(due)s.")
                % {
                    "unit": data.unit.name,
                    "due": timezone.localtime(request.take_due_at).strftime("%H:%M %d/%m/%Y"),
                },
                url=url,
            )
        else:
            notify_later(
                [_user_of(m) for m in routing.leaders(today=timezone.localdate(now))],
                title=_("Yêu cầu %(code)s chưa có người phụ trách") % {"code": request.code},
                body=_("%(unit)s chưa được phân công ai (hoặc cả hai người đều vắng).")
                % {"unit": data.unit.name},
                url=url,
            )
    return request


def _check(request: SupportRequest, action: str) -> str:
    sources, target = TRANSITIONS[action]
    if request.state not in sources:
        raise ValidationError(
            _("Không thể “%(action)s” một yêu cầu đang ở trạng thái “%(state)s”.")
            % {"action": action_label(action), "state": request.get_state_display()},
            code="illegal_transition",
        )
    return target or request.state


def action_label(action: str) -> str:
    labels = {
        "take": _("tiếp nhận"),
        "ask": _("hỏi thêm người yêu cầu"),
        "reply": _("trả lời"),
        "escalate": _("chuyển đối tác"),
        "resolve": _("báo đã xử lý xong"),
        "confirm": _("xác nhận đã xong"),
        "reopen": _("mở lại"),
        "close": _("đóng"),
        "assign": _("giao người xử lý"),
    }
    return labels.get(action, action)


def may_act(*, user: Any, request: SupportRequest, action: str) -> bool:
    """Requesters reply, confirm and reopen their own requests; the IT team does the rest."""
    if action in REQUESTER_ACTIONS:
        return request.requester.user_id == user.pk or request.opened_by_id == user.pk
    return action in TEAM_ACTIONS and has_role(user, *IT_TEAM)


def _member_of(user: Any) -> TeamMember | None:
    return TeamMember.objects.filter(staff__user=user, is_active=True).first()


def _locked(request: SupportRequest) -> SupportRequest:
    return SupportRequest.objects.select_for_update().get(pk=request.pk)


def request_act(
    *,
    request: SupportRequest,
    action: str,
    actor: Any,
    ip: str | None,
    note: str = "",
    partner: Partner | None = None,
    member: TeamMember | None = None,
    rating: int | None = None,
    now: dt.datetime | None = None,
) -> SupportRequest:
    """Apply ``action`` to ``request`` (see ``TRANSITIONS``); ValidationError in
    Vietnamese for an action the state or the user does not allow."""
    now = _now(now)
    note = nfc(note)
    if action not in TRANSITIONS:
        raise ValidationError(_("Thao tác không hợp lệ."), code="bad_action")
    with transaction.atomic():
        request = _locked(request)
        if not may_act(user=actor, request=request, action=action):
            raise ValidationError(_("Bạn không được làm thao tác này."), code="forbidden")
        target = _check(request, action)
        url = request_url(request)
        requester_user = request.requester.user or request.opened_by
        kind = RequestEvent.Kind.COMMENT
        recipients: list[Any] = []
        title = ""
        if action == "take":
            own = _member_of(actor)
            if own is not None:
                request.assignee = own
            request.taken_at = now
            kind = RequestEvent.Kind.TAKEN
            recipients, title = [requester_user], _("Yêu cầu %(code)s đã được tiếp nhận")
        elif action == "ask":
            if not note:
                raise ValidationError({"note": [_("Hãy ghi điều cần hỏi người yêu cầu.")]})
            request.waiting_since = now
            kind = RequestEvent.Kind.ASKED
            recipients, title = [requester_user], _("Tổ CNTT hỏi thêm về yêu cầu %(code)s")
        elif action == "reply":
            if not note:
                raise ValidationError({"note": [_("Hãy ghi câu trả lời.")]})
            _resume_clock(request, now=now)
            target = State.ESCALATED if request.partner_id else State.TAKEN
            kind = RequestEvent.Kind.REPLIED
            recipients, title = [_user_of(request.assignee)], _("Người yêu cầu đã trả lời %(code)s")
        elif action == "escalate":
            if partner is None:
                raise ValidationError({"partner": [_("Hãy chọn đối tác nhận chuyển.")]})
            _resume_clock(request, now=now)
            request.partner = partner
            kind = RequestEvent.Kind.ESCALATED
            note = f"{partner.name}. {note}".strip()
            recipients, title = [requester_user], _("Yêu cầu %(code)s đã chuyển đối tác xử lý")
        elif action == "resolve":
            if not note:
                raise ValidationError({"note": [_("Hãy ghi đã xử lý thế nào.")]})
            _resume_clock(request, now=now)
            request.resolved_at = now
            if request.taken_at is None:
                request.taken_at = now
            kind = RequestEvent.Kind.RESOLVED
            recipients, title = (
                [requester_user],
                _("Yêu cầu %(code)s đã xử lý xong: mời bạn xác nhận"),
            )
        elif action == "confirm":
            if rating is None or not 1 <= rating <= 5:
                raise ValidationError({"rating": [_("Hãy chấm từ 1 đến 5 sao.")]})
            request.rating, request.rating_comment = rating, note
            request.closed_at = now
            kind = RequestEvent.Kind.CONFIRMED
            recipients, title = [_user_of(request.assignee)], _("Yêu cầu %(code)s đã được xác nhận")
        elif action == "reopen":
            if not note:
                raise ValidationError({"note": [_("Hãy ghi vì sao chưa được.")]})
            request.reopen_count += 1
            request.resolved_at = None
            request.resolve_reminded_at = request.resolve_escalated_at = None
            set_deadlines(request, start=now, resolve_only=True)
            if request.assignee is None:
                target = State.NEW
            kind = RequestEvent.Kind.REOPENED
            recipients, title = [_user_of(request.assignee)], _("Yêu cầu %(code)s bị mở lại")
        elif action == "close":
            request.closed_at = now
            kind = RequestEvent.Kind.CLOSED
        elif action == "assign":
            if member is None or not member.is_active:
                raise ValidationError({"member": [_("Hãy chọn thành viên Tổ CNTT.")]})
            request.assignee = member
            kind = RequestEvent.Kind.ROUTED
            note = _("Giao cho %(name)s.") % {"name": member.staff.full_name} + (
                f" {note}" if note else ""
            )
            recipients, title = [_user_of(member)], _("Bạn được giao yêu cầu %(code)s")
        request.state = target
        request.save()
        _event(request, kind, actor=actor, at=now, note=note)
        audit(
            None,
            f"support.request.{action}",
            actor=actor,
            ip=ip,
            obj=request,
            state=request.state,
            partner=partner.pk if partner else None,
        )
        if title:
            notify_later(
                [u for u in recipients if u is not None and u != actor],
                title=title % {"code": request.code},
                body=request.title,
                url=url,
            )
    return request


def _resume_clock(request: SupportRequest, *, now: dt.datetime) -> None:
    """Leaving "waiting for the requester": the resolve deadline moves on by the
    working time spent waiting."""
    if request.waiting_since is None:
        return
    days_off = holidays()
    paused = clock.business_minutes_between(request.waiting_since, now, days_off)
    if paused:
        request.resolve_due_at = clock.add_business_minutes(
            request.resolve_due_at, paused, days_off
        )
        request.resolve_remind_at = clock.add_business_minutes(
            request.resolve_remind_at, paused, days_off
        )
    request.waiting_since = None
