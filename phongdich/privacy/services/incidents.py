"""Writes of the breach register; each audited in its transaction."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from phongdich.core.audit import audit
from phongdich.core.permissions import has_role
from phongdich.privacy.inputs import IncidentInput
from phongdich.privacy.models import DataKind, Incident
from phongdich.privacy.models.incidents import DEFAULT_ADDRESSEE
from phongdich.privacy.roles import BREACH_ROLES


def _allowed(user: Any) -> None:
    if user is not None and not has_role(user, *BREACH_ROLES):
        raise PermissionDenied


def _check(data: IncidentInput) -> None:
    known = set(DataKind.values)
    unknown = [kind for kind in data.data_kinds if kind not in known]
    if unknown or not data.data_kinds:
        raise ValidationError(_("Loại dữ liệu không hợp lệ."))
    if data.discovered_at > timezone.now():
        raise ValidationError(_("Thời điểm phát hiện không được ở tương lai."))
    if not data.title.strip() or not data.signer_name.strip():
        raise ValidationError(_("Thiếu tóm tắt sự cố hoặc người ký."))


def _apply(incident: Incident, data: IncidentInput) -> None:
    incident.title = data.title
    incident.description = data.description
    incident.discovered_at = data.discovered_at
    incident.occurred_at = data.occurred_at
    incident.data_kinds = list(data.data_kinds)
    incident.affected_count = data.affected_count
    incident.consequences = data.consequences
    incident.measures = data.measures
    incident.scope_from = data.scope_from
    incident.scope_to = data.scope_to
    incident.number = data.number
    incident.symbol = data.symbol
    incident.addressee = data.addressee or DEFAULT_ADDRESSEE
    incident.signer_authority = data.signer_authority
    incident.signer_title = data.signer_title
    incident.signer_name = data.signer_name


def _detail(incident: Incident) -> dict[str, Any]:
    return {
        "data_kinds": list(incident.data_kinds),
        "affected_count": incident.affected_count,
        "discovered_at": incident.discovered_at.isoformat(),
    }


def incident_create(*, data: IncidentInput, by: Any, ip: str | None = None) -> Incident:
    """Record an incident; its 72-hour clock runs from ``data.discovered_at``."""
    _allowed(by)
    _check(data)
    with transaction.atomic():
        incident = Incident(created_by=by)
        _apply(incident, data)
        incident.save()
        incident.scope_units.set(data.scope_units)
        audit(None, "privacy.incident.create", actor=by, ip=ip, obj=incident, **_detail(incident))
    return incident


def incident_update(
    *, incident: Incident, data: IncidentInput, by: Any, ip: str | None = None
) -> Incident:
    _allowed(by)
    _check(data)
    with transaction.atomic():
        incident = Incident.objects.select_for_update().get(pk=incident.pk)
        _apply(incident, data)
        incident.save()
        incident.scope_units.set(data.scope_units)
        audit(None, "privacy.incident.update", actor=by, ip=ip, obj=incident, **_detail(incident))
    return incident


def incident_mark_notified(
    *, incident: Incident, by: Any, at: datetime | None = None, ip: str | None = None
) -> Incident:
    """The notification was sent (at ``at``, default now): the clock stops there."""
    _allowed(by)
    moment = at or timezone.now()
    with transaction.atomic():
        incident = Incident.objects.select_for_update().get(pk=incident.pk)
        if incident.status != Incident.Status.OPEN:
            raise ValidationError(_("Sự cố này đã được ghi nhận là đã thông báo."))
        if moment < incident.discovered_at:
            raise ValidationError(_("Không thể thông báo trước khi phát hiện sự cố."))
        incident.status = Incident.Status.NOTIFIED
        incident.notified_at = moment
        incident.save(update_fields=["status", "notified_at", "updated_at"])
        audit(
            None,
            "privacy.incident.notified",
            actor=by,
            ip=ip,
            obj=incident,
            late=incident.notified_late,
        )
    return incident


def incident_close(*, incident: Incident, by: Any, ip: str | None = None) -> Incident:
    """Remedied: the incident leaves the list of open incidents."""
    _allowed(by)
    with transaction.atomic():
        incident = Incident.objects.select_for_update().get(pk=incident.pk)
        if incident.status != Incident.Status.NOTIFIED:
            raise ValidationError(_("Chỉ đóng được sự cố đã thông báo."))
        incident.status = Incident.Status.CLOSED
        incident.save(update_fields=["status", "updated_at"])
        audit(None, "privacy.incident.close", actor=by, ip=ip, obj=incident)
    return incident
