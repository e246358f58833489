"""Reads of the guard console: the gates a guard watches, who is inside now, the
flagged declarations waiting for a decision; each scoped to the guard's units."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone

from phongdich.checkin.models import Location, Visit
from phongdich.checkin.profiles import risk_reasons
from phongdich.checkin.selectors.visits import declaration_answers, open_visits
from phongdich.core.audit import audit
from phongdich.core.permissions import visible_units
from phongdich.core.roles import Role
from phongdich.core.text import mask_phone
from phongdich.org.models import Unit

GUARD_ROLES = frozenset({Role.GUARD, Role.ADMIN})
INSIDE_STATUSES = (Visit.Status.ADMITTED, Visit.Status.PENDING)


def guard_units(*, user: Any) -> QuerySet[Unit]:
    return visible_units(user, roles=set(GUARD_ROLES))


def guard_gates(
    *, user: Any, active_only: bool = False, units: QuerySet[Unit] | None = None
) -> QuerySet[Location]:
    """The gates of the units the guard watches (``units``: guard_units, known)."""
    units = guard_units(user=user) if units is None else units
    gates = Location.objects.filter(unit__in=units).select_related("unit")
    if active_only:
        gates = gates.filter(is_active=True)
    return gates.order_by("unit__path", "code")


def guard_visits(*, user: Any, units: QuerySet[Unit] | None = None) -> QuerySet[Visit]:
    """Every visit a guard may act on: those at the gates of the guard's units."""
    units = guard_units(user=user) if units is None else units
    unit_ids = units.values("pk")
    return Visit.objects.filter(unit_id_snapshot__in=unit_ids, location__unit_id__in=unit_ids)


def _open(visits: QuerySet[Visit]) -> QuerySet[Visit]:
    return open_visits(visits)


def inside_now(
    *, user: Any, units: QuerySet[Unit] | None = None
) -> list[tuple[Location, list[Visit]]]:
    """Each of the guard's gates with the people inside now (open, admitted or pending)."""
    units = guard_units(user=user) if units is None else units
    gates = list(guard_gates(user=user, units=units))
    visits = (
        _open(guard_visits(user=user, units=units))
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


def pending_decisions(*, user: Any, units: QuerySet[Unit] | None = None) -> list[Flagged]:
    """Open visits held for a guard's decision, with the reasons their declaration flagged."""
    visits = (
        _open(guard_visits(user=user, units=units))
        .filter(status=Visit.Status.PENDING)
        .select_related("person", "location", "declaration__profile")
        .order_by("check_in")
    )
    flagged = []
    for visit in visits:
        reasons: list[str] = []
        declaration = visit.declaration
        if declaration is not None:
            reasons = risk_reasons(declaration.profile.questions, declaration_answers(declaration))
        flagged.append(Flagged(visit=visit, reasons=reasons))
    return flagged


def guard_live(*, user: Any) -> dict[str, Any]:
    """The part of the console that refreshes itself: who is inside, what waits."""
    units = guard_units(user=user)  # the units' scope is read once for all three
    return {
        "gates": inside_now(user=user, units=units),
        "flagged": pending_decisions(user=user, units=units),
        "now": timezone.now(),
    }


def guard_console(*, user: Any, ip: str | None = None) -> dict[str, Any]:
    """The console as a guard opens it (personal data on screen: audited)."""
    live = guard_live(user=user)
    audit(None, "checkin.guard.view", actor=user, ip=ip)
    return live


def guard_visit(*, user: Any, pk: int) -> Visit | None:
    """A visit the guard may act on, else None (the view answers 404)."""
    return (
        guard_visits(user=user)
        .select_related("location", "person", "decided_by")
        .filter(pk=pk)
        .first()
    )
