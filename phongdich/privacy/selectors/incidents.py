"""Reads of the breach register (the Admin only); the notification and the list of
affected people are audited here."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Max, Min, Q, QuerySet
from django.utils import timezone

from phongdich.checkin.models import Person
from phongdich.core.audit import audit
from phongdich.core.permissions import has_role
from phongdich.privacy import notification
from phongdich.privacy.models import Incident
from phongdich.privacy.roles import BREACH_ROLES


def _allowed(user: Any) -> None:
    if not has_role(user, *BREACH_ROLES):
        raise PermissionDenied


def incident_list(*, user: Any) -> QuerySet[Incident]:
    """Every incident, the open ones first, newest first."""
    _allowed(user)
    return Incident.objects.order_by("-discovered_at", "-pk")


def incident_get(*, user: Any, pk: int) -> Incident:
    """One incident (``Incident.DoesNotExist`` when there is none)."""
    _allowed(user)
    return Incident.objects.prefetch_related("scope_units").get(pk=pk)


def affected_persons(*, incident: Incident) -> list[Any]:
    """The people who checked in within the incident's scope, with their first and last
    check-in there and how many; sorted by name. None when the scope has no dates."""
    if incident.scope_from is None or incident.scope_to is None:
        return []
    start = timezone.make_aware(datetime.combine(incident.scope_from, time.min))
    end = timezone.make_aware(datetime.combine(incident.scope_to + timedelta(days=1), time.min))
    cond = Q(visits__check_in__gte=start, visits__check_in__lt=end)
    units = list(incident.scope_units.all())
    if units:
        cond &= Q(visits__location__unit__in=units)
    people = (
        Person.objects.annotate(
            n=Count("visits", filter=cond),
            first_in=Min("visits__check_in", filter=cond),
            last_in=Max("visits__check_in", filter=cond),
        )
        .filter(n__gt=0)
        .select_related("staff", "staff__unit")
    )
    return sorted(people, key=lambda p: (p.full_name.casefold(), p.pk))


def incident_affected_export(*, user: Any, incident: Incident, ip: str | None = None) -> bytes:
    """The .xlsx of the affected people (to notify them); recorded."""
    from phongdich.privacy.exports import affected_xlsx

    _allowed(user)
    people = affected_persons(incident=incident)
    content = affected_xlsx(incident, people, user=user)
    audit(
        None,
        "privacy.incident.affected.export",
        actor=user,
        ip=ip,
        obj=incident,
        reason="Thông báo sự cố dữ liệu cá nhân cho người bị ảnh hưởng",
        rows=len(people),
    )
    return content


def incident_notification(
    *, user: Any, incident: Incident, fmt: str, ip: str | None = None
) -> bytes:
    """The notification as .docx or .pdf; recorded."""
    _allowed(user)
    content = notification.render(incident, fmt)
    audit(None, "privacy.incident.notification.download", actor=user, ip=ip, obj=incident, fmt=fmt)
    return content
