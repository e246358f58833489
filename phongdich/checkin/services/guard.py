"""Writes of the guard console: a decision on a flagged declaration, a check-out.

(The guard's manual check-in is ``services.checkin.checkin_submit`` with
``source=CheckinSource.GUARD``: the same check-in as the public one.)
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from phongdich.checkin.models import Visit
from phongdich.checkin.services.checkin import CheckinError, visit_check_out
from phongdich.core.audit import audit

NOTE_MAX = 255


def visit_decide(
    *, visit: Visit, admit: bool, user: Any, note: str = "", ip: str | None = None
) -> Visit:
    """A guard's decision on a flagged declaration, recorded with who and when; a
    refused visit ends now. ``CheckinError`` when it was already decided (by another
    guard a moment ago, too: the update only applies to a visit still pending)."""
    if visit.status != Visit.Status.PENDING:
        raise CheckinError(_("Lượt check-in này đã được quyết định trước đó."))
    now = timezone.now()
    values: dict[str, Any] = {
        "status": Visit.Status.ADMITTED if admit else Visit.Status.REFUSED,
        "decided_by": user if getattr(user, "pk", None) else None,
        "decided_at": now,
        "decision_note": note[:NOTE_MAX],
    }
    if not admit and visit.check_out is None and now > visit.check_in:
        values.update(check_out=now, effective_end=now)
    with transaction.atomic():
        updated = Visit.objects.filter(pk=visit.pk, status=Visit.Status.PENDING).update(**values)
        if not updated:
            raise CheckinError(_("Lượt check-in này đã được quyết định trước đó."))
        for field, value in values.items():
            setattr(visit, field, value)
        audit(None, "checkin.guard.decide", actor=user, ip=ip, obj=visit, decision=visit.status)
    return visit


def guard_check_out(*, visit: Visit, user: Any, ip: str | None = None) -> Visit:
    """A guard records that a person left (a visit already out is left as it is)."""
    if visit.check_out is not None:
        return visit
    with transaction.atomic():
        visit_check_out(visit=visit)
        audit(None, "checkin.guard.check_out", actor=user, ip=ip, obj=visit)
    return visit
