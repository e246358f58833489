"""Reads of the breach register (the Admin only); the notification and the list of
affected people are audited here."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Max, Min, Q, QuerySet
from django.utils import timezone

from phongdich.checkin import citus
from phongdich.checkin.citus import related
from phongdich.checkin.models import Person, Visit
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
    if citus.enabled():
        return _people_citus(start, end, units)
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


def _people_citus(start: Any, end: Any, units: list[Any]) -> list[Person]:
    """Citus: the visits (by location) and the people (by id) are two co-location
    groups; the counts come from the visits alone, then the people by id."""
    visits = Visit.objects.filter(check_in__gte=start, check_in__lt=end)
    if units:
        visits = visits.filter(location__unit__in=units)
    stats = {
        row["person_id"]: row
        for row in visits.order_by()
        .values("person_id")
        .annotate(n=Count("pk"), first_in=Min("check_in"), last_in=Max("check_in"))
    }
    people = list(related(Person.objects.filter(pk__in=list(stats)), "staff", "staff__unit"))
    for person in people:
        row = stats[person.pk]
        person.n, person.first_in, person.last_in = row["n"], row["first_in"], row["last_in"]  # type: ignore[attr-defined]
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
