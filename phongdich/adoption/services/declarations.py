"""Writes of declarations: a person's own answer (with optional evidence), and the
record that the check-in page asked."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from phongdich.adoption import evidence
from phongdich.adoption.models import (
    Declaration,
    DeclarationEvent,
    ReminderLog,
    RequiredApp,
    Source,
    Status,
)
from phongdich.core.audit import audit
from phongdich.core.text import nfc
from phongdich.org.models import Staff

MAX_REASON = 500
SELF_STATUSES = frozenset(
    {Status.INSTALLED, Status.USING, Status.NO_SMARTPHONE, Status.CANNOT_INSTALL}
)


def record_change(
    *,
    staff_id: int,
    app_id: int,
    status: str,
    source: str,
    at: dt.datetime,
    current: Declaration | None,
) -> DeclarationEvent | None:
    """The history entry of a change (None when the status did not change)."""
    if current is not None and current.status == status:
        return None
    return DeclarationEvent(staff_id=staff_id, app_id=app_id, status=status, source=source, at=at)


def declaration_submit(
    *,
    staff: Staff,
    app: RequiredApp,
    status: str,
    reason: str = "",
    image: evidence.CleanImage | None = None,
    actor: Any,
    ip: str | None,
    at: dt.datetime | None = None,
    statuses: frozenset[str] | None = None,
) -> Declaration:
    """A person's own answer for one app (the app must be active; "cannot install" needs
    a reason). Evidence, already cleaned by ``evidence.clean_image``, replaces any earlier."""
    reason = nfc(reason)[:MAX_REASON]
    if status not in (statuses if statuses is not None else SELF_STATUSES):
        raise ValidationError({"status": _("Hãy chọn một câu trả lời.")})
    if status == Status.CANNOT_INSTALL and not reason:
        raise ValidationError({"reason": _("Hãy ghi vì sao không cài được ứng dụng.")})
    if not app.is_active:
        raise ValidationError(_("Ứng dụng này không còn phải khai báo."))
    at = at or timezone.now()
    stored = evidence.store(image) if image is not None else ""
    old_path = ""
    try:
        with transaction.atomic():
            current = Declaration.objects.select_for_update().filter(staff=staff, app=app).first()
            event = record_change(
                staff_id=staff.pk,
                app_id=app.pk,
                status=status,
                source=Source.SELF,
                at=at,
                current=current,
            )
            declaration = current or Declaration(staff=staff, app=app)
            declaration.status = status
            declaration.reason = reason if status != Status.INSTALLED or reason else ""
            declaration.source = Source.SELF
            declaration.declared_at = at
            declaration.updated_by = actor
            if stored:
                old_path = declaration.evidence_path
                declaration.evidence_path = stored
                declaration.evidence_type = image.content_type if image else ""
            declaration.save()
            if event is not None:
                event.save()
            audit(
                None,
                "adoption.declare",
                actor=actor,
                ip=ip,
                obj=declaration,
                app=app.code,
                status=status,
                evidence=bool(stored),
            )
    except BaseException:
        evidence.remove(stored)
        raise
    evidence.remove(old_path)
    return declaration


def prompt_record(*, staff: Staff, day: dt.date | None = None) -> bool:
    """Record that the check-in result page asked ``staff`` today (for ``apps_to_ask``);
    False when it had already been recorded today."""
    day = day or timezone.localdate()
    _, created = ReminderLog.objects.get_or_create(
        staff=staff, day=day, kind=ReminderLog.Kind.CHECKIN_PROMPT
    )
    return created


# The three taps of the check-in result page's question.
TAP_STATUSES = frozenset({Status.INSTALLED, Status.NOT_INSTALLED, Status.NO_SMARTPHONE})


def checkin_tap(*, staff: Staff, app_id: Any, status: str, ip: str | None) -> Declaration:
    """One tap on the check-in result page: "Đã cài", "Chưa cài" or "Không có điện thoại
    thông minh" for one app meant for ``staff``. Bad input: ``ValidationError`` with a
    Vietnamese message; nothing written."""
    from phongdich.adoption.selectors.declarations import apps_for_staff

    try:
        pk = int(app_id)
    except (TypeError, ValueError):
        raise ValidationError(_("Ứng dụng không hợp lệ.")) from None
    app = next((a for a in apps_for_staff(staff=staff) if a.pk == pk), None)
    if app is None:
        raise ValidationError(_("Ứng dụng này không có trong danh sách khai báo của bạn."))
    return declaration_submit(
        staff=staff,
        app=app,
        status=status,
        actor=staff.user if staff.user_id else None,
        ip=ip,
        statuses=TAP_STATUSES,
    )
