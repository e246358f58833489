"""Reads of the check-in app, each scoped to the units the user may see."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext

from phongdich.checkin.models import Location, Person, Visit
from phongdich.checkin.profiles import risk_reasons
from phongdich.core.crypto import blind_index
from phongdich.core.permissions import visible_units
from phongdich.core.roles import Role
from phongdich.core.text import fold, mask_phone
from phongdich.org.models import Unit

GUARD_ROLES = frozenset({Role.GUARD, Role.ADMIN})
LOG_ROLES = frozenset({Role.OFFICE, Role.ADMIN, Role.DIRECTOR, Role.UNIT_HEAD, Role.TRACER})
INSIDE_STATUSES = (Visit.Status.ADMITTED, Visit.Status.PENDING)


# Guard console ---------------------------------------------------------------


def guard_units(user: Any) -> QuerySet[Unit]:
    return visible_units(user, roles=set(GUARD_ROLES))


def guard_gates(user: Any, *, active_only: bool = False) -> QuerySet[Location]:
    """The gates of the units the guard watches."""
    gates = Location.objects.filter(unit__in=guard_units(user)).select_related("unit")
    if active_only:
        gates = gates.filter(is_active=True)
    return gates.order_by("unit__path", "code")


def guard_visits(user: Any) -> QuerySet[Visit]:
    """Every visit a guard may act on: those at the gates of the guard's units."""
    unit_ids = guard_units(user).values("pk")
    return Visit.objects.filter(unit_id_snapshot__in=unit_ids, location__unit_id__in=unit_ids)


def _open(visits: QuerySet[Visit]) -> QuerySet[Visit]:
    return visits.filter(check_out__isnull=True, effective_end__gt=timezone.now())


def inside_now(user: Any) -> list[tuple[Location, list[Visit]]]:
    """Each of the guard's gates with the people inside now (open, admitted or pending)."""
    gates = list(guard_gates(user))
    visits = (
        _open(guard_visits(user))
        .filter(status__in=INSIDE_STATUSES)
        .select_related("person", "declaration")
        .order_by("check_in")
    )
    by_gate: dict[int, list[Visit]] = {gate.pk: [] for gate in gates}
    for visit in visits:
        visit.masked_phone = mask_phone(visit.person.identity)  # type: ignore[attr-defined]
        by_gate.setdefault(visit.location_id, []).append(visit)
    return [(gate, by_gate[gate.pk]) for gate in gates if gate.is_active or by_gate[gate.pk]]


@dataclass
class Flagged:
    visit: Visit
    reasons: list[str]


def pending_decisions(user: Any) -> list[Flagged]:
    """Open visits held for a guard's decision, with the reasons their declaration flagged."""
    visits = (
        _open(guard_visits(user))
        .filter(status=Visit.Status.PENDING)
        .select_related("person", "location", "declaration__profile")
        .order_by("check_in")
    )
    flagged = []
    for visit in visits:
        reasons: list[str] = []
        declaration = visit.declaration
        if declaration is not None:
            try:
                answers = json.loads(declaration.answers or "{}")
            except ValueError:
                answers = {}
            reasons = risk_reasons(declaration.profile.questions, answers)
        flagged.append(Flagged(visit=visit, reasons=reasons))
    return flagged


def guard_visit(user: Any, pk: int) -> Visit | None:
    return (
        guard_visits(user).select_related("location", "person", "decided_by").filter(pk=pk).first()
    )


# Visitor log -------------------------------------------------------------------


def log_units(user: Any) -> QuerySet[Unit]:
    return visible_units(user, roles=set(LOG_ROLES)).order_by("path")


def log_gates(user: Any) -> QuerySet[Location]:
    return Location.objects.filter(unit__in=log_units(user)).select_related("unit")


def local_day_bounds(first: date, last: date) -> tuple[datetime, datetime]:
    """[local midnight starting ``first``, local midnight ending ``last``)."""
    tz = timezone.get_default_timezone()
    start = datetime.combine(first, time(0), tzinfo=tz)
    end = datetime.combine(last + timedelta(days=1), time(0), tzinfo=tz)
    return start, end


@dataclass
class LogFilter:
    date_from: date
    date_to: date
    unit: Unit | None = None
    gate: Location | None = None
    kind: str = ""  # "visitor" | "staff" | ""
    status: str = ""
    phone: str = ""  # normalised phone to look up by blind index
    cccd: str = ""  # 12 digits to look up by blind index
    name: str = ""  # part of a name, matched without diacritics


def visit_log(user: Any, flt: LogFilter) -> QuerySet[Visit]:
    """The visits of the user's units matching ``flt``, newest first."""
    units = log_units(user)
    if flt.unit is not None:
        units = units.filter(path__startswith=flt.unit.path)
    start, end = local_day_bounds(flt.date_from, flt.date_to)
    visits = Visit.objects.filter(
        unit_id_snapshot__in=units.values("pk"), check_in__gte=start, check_in__lt=end
    )
    if flt.gate is not None:
        visits = visits.filter(location=flt.gate)
    if flt.kind == "visitor":
        visits = visits.filter(
            Q(declaration__is_visitor=True)
            | Q(declaration__isnull=True, person__staff__isnull=True)
        )
    elif flt.kind == "staff":
        visits = visits.filter(
            Q(declaration__is_visitor=False)
            | Q(declaration__isnull=True, person__staff__isnull=False)
        )
    if flt.status:
        visits = visits.filter(status=flt.status)
    if flt.phone:
        visits = visits.filter(person__identity_index=Person.index_of(flt.phone))
    if flt.cccd:
        visits = visits.filter(person__cccd_index=blind_index(flt.cccd, purpose="cccd"))
    if flt.name:
        visits = visits.filter(person_id__in=_people_named(visits, flt.name))
    return visits.select_related("person", "location__unit", "declaration").order_by(
        "-check_in", "-pk"
    )


def _people_named(visits: QuerySet[Visit], name: str) -> list[int]:
    """Names are encrypted at rest: match them here, among the people of ``visits`` only."""
    wanted = fold(name)
    people = Person.objects.filter(pk__in=visits.values("person_id")).only("pk", "full_name")
    return [p.pk for p in people if wanted in fold(p.full_name)]


def is_visitor(visit: Visit) -> bool:
    if visit.declaration is not None:
        return visit.declaration.is_visitor
    return visit.person.staff_id is None


def declaration_state(visit: Visit) -> str:
    if visit.declaration is None:
        return gettext("Không khai báo")
    return gettext("Có yếu tố nguy cơ") if visit.declaration.is_risky else gettext("Bình thường")
