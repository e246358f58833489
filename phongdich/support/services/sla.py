"""Service levels (edited by the IT team), holidays, and the sweep that reminds before
a deadline, hands a request nobody took to the unit's backup, and escalates to the
team leaders after a deadline."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from phongdich.core.audit import audit
from phongdich.core.text import nfc
from phongdich.support import clock
from phongdich.support.models import (
    Holiday,
    RequestEvent,
    ServiceLevel,
    State,
    SupportRequest,
)
from phongdich.support.services import routing
from phongdich.support.services.common import holidays, notify_later, request_url

AUTO_CLOSE_MINUTES = 3 * clock.DAY_MINUTES  # resolved, not confirmed in 3 working days


def service_level_update(
    *,
    level: ServiceLevel,
    take_minutes: int,
    resolve_minutes: int,
    remind_before_minutes: int,
    actor: Any,
    ip: str | None,
) -> ServiceLevel:
    if take_minutes < 1 or resolve_minutes < 1:
        raise ValidationError(_("Thời hạn phải từ 1 phút trở lên."))
    if resolve_minutes < take_minutes:
        raise ValidationError(
            {"resolve_minutes": [_("Thời hạn xử lý xong không được ngắn hơn thời hạn tiếp nhận.")]}
        )
    with transaction.atomic():
        before = (level.take_minutes, level.resolve_minutes, level.remind_before_minutes)
        level.take_minutes, level.resolve_minutes = take_minutes, resolve_minutes
        level.remind_before_minutes = remind_before_minutes
        level.save()
        audit(
            None,
            "support.sla.update",
            actor=actor,
            ip=ip,
            obj=level,
            before=list(before),
            after=[take_minutes, resolve_minutes, remind_before_minutes],
        )
    return level


def holiday_add(*, date: dt.date, name: str, actor: Any, ip: str | None) -> Holiday:
    name = nfc(name)
    if not name:
        raise ValidationError({"name": [_("Hãy ghi tên ngày nghỉ.")]})
    with transaction.atomic():
        if Holiday.objects.filter(date=date).exists():
            raise ValidationError(
                {"date": [_("Ngày %(d)s đã có trong danh sách.") % {"d": f"{date:%d/%m/%Y}"}]}
            )
        holiday = Holiday.objects.create(date=date, name=name)
        audit(None, "support.holiday.add", actor=actor, ip=ip, obj=holiday)
    return holiday


def holiday_delete(*, holiday: Holiday, actor: Any, ip: str | None) -> None:
    with transaction.atomic():
        audit(None, "support.holiday.delete", actor=actor, ip=ip, obj=holiday)
        holiday.delete()


def _note(request: SupportRequest, kind: str, note: str, now: dt.datetime) -> None:
    RequestEvent.objects.create(request=request, kind=kind, at=now, state=request.state, note=note)


def sla_sweep(*, now: dt.datetime | None = None) -> dict[str, int]:
    """One pass over the open requests; counts of what it did. Idempotent: each
    reminder and escalation is sent once (its time is stored on the request)."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    counts = {"reminded": 0, "rerouted": 0, "escalated": 0, "closed": 0}
    leader_users = [m.staff.user for m in routing.leaders(today=today)]
    due = (
        SupportRequest.objects.filter(
            Q(state=State.NEW, take_remind_at__lte=now, take_reminded_at__isnull=True)
            | Q(state=State.NEW, take_due_at__lte=now, take_escalated_at__isnull=True)
            | Q(
                state__in=[State.TAKEN, State.ESCALATED],
                resolve_remind_at__lte=now,
                resolve_reminded_at__isnull=True,
            )
            | Q(
                state__in=[State.TAKEN, State.ESCALATED],
                resolve_due_at__lte=now,
                resolve_escalated_at__isnull=True,
            )
            | Q(state=State.RESOLVED)
        )
        .select_related("unit", "assignee__staff__user", "requester__user")
        .order_by("pk")
    )
    days_off: frozenset[dt.date] | None = None
    for request in due:
        with transaction.atomic():
            request = (
                SupportRequest.objects.select_for_update(of=("self",))
                .select_related("unit", "assignee__staff__user", "requester__user")
                .get(pk=request.pk)
            )
            url = request_url(request)
            assignee_user = request.assignee.staff.user if request.assignee else None
            if request.state == State.RESOLVED:
                if days_off is None:
                    days_off = holidays()
                if (
                    request.resolved_at is not None
                    and clock.business_minutes_between(request.resolved_at, now, days_off)
                    >= AUTO_CLOSE_MINUTES
                ):
                    request.state, request.closed_at = State.CLOSED, now
                    request.save(update_fields=["state", "closed_at"])
                    _note(
                        request,
                        RequestEvent.Kind.CLOSED,
                        _("Tự đóng: người yêu cầu không phản hồi sau 3 ngày làm việc."),
                        now,
                    )
                    audit(None, "support.request.auto_close", actor=None, obj=request)
                    counts["closed"] += 1
                continue
            if request.state == State.NEW:
                if request.take_due_at <= now and request.take_escalated_at is None:
                    backup = routing.backup_for(request.unit, current=request.assignee, today=today)
                    if backup is not None and request.rerouted_at is None:
                        request.assignee, request.rerouted_at = backup, now
                        _note(
                            request,
                            RequestEvent.Kind.ROUTED,
                            _("Quá hạn tiếp nhận: chuyển cho %(name)s (dự phòng).")
                            % {"name": backup.staff.full_name},
                            now,
                        )
                        notify_later(
                            [backup.staff.user],
                            title=_("Yêu cầu %(code)s chuyển sang bạn (dự phòng)")
                            % {"code": request.code},
                            body=request.title,
                            url=url,
                        )
                        counts["rerouted"] += 1
                    request.take_escalated_at = now
                    request.take_reminded_at = request.take_reminded_at or now
                    _note(request, RequestEvent.Kind.BREACHED, _("Quá hạn tiếp nhận."), now)
                    notify_later(
                        leader_users,
                        title=_("Quá hạn tiếp nhận: %(code)s") % {"code": request.code},
                        body=f"{request.unit.name}: {request.title}",
                        url=url,
                    )
                    counts["escalated"] += 1
                elif request.take_reminded_at is None:
                    request.take_reminded_at = now
                    _note(request, RequestEvent.Kind.REMINDED, _("Sắp hết hạn tiếp nhận."), now)
                    notify_later(
                        [assignee_user] if assignee_user else leader_users,
                        title=_("Sắp hết hạn tiếp nhận: %(code)s") % {"code": request.code},
                        body=request.title,
                        url=url,
                    )
                    counts["reminded"] += 1
            else:
                if request.resolve_due_at <= now and request.resolve_escalated_at is None:
                    request.resolve_escalated_at = now
                    request.resolve_reminded_at = request.resolve_reminded_at or now
                    _note(request, RequestEvent.Kind.BREACHED, _("Quá hạn xử lý."), now)
                    notify_later(
                        [*leader_users, assignee_user],
                        title=_("Quá hạn xử lý: %(code)s") % {"code": request.code},
                        body=f"{request.unit.name}: {request.title}",
                        url=url,
                    )
                    counts["escalated"] += 1
                elif request.resolve_reminded_at is None:
                    request.resolve_reminded_at = now
                    _note(request, RequestEvent.Kind.REMINDED, _("Sắp hết hạn xử lý."), now)
                    notify_later(
                        [assignee_user] if assignee_user else leader_users,
                        title=_("Sắp hết hạn xử lý: %(code)s") % {"code": request.code},
                        body=request.title,
                        url=url,
                    )
                    counts["reminded"] += 1
            request.save()
    return counts
