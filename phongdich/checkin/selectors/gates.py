"""Reads of gates: those a user manages (scoped to their units), and the gate behind a
poster's token or manual code with the active profile (cached per process)."""

from __future__ import annotations

from dataclasses import dataclass
from itertools import groupby
from typing import Any

from django.db.models import QuerySet

from phongdich.checkin import cache
from phongdich.checkin.models import DiseaseProfile, Location
from phongdich.core.permissions import visible_units
from phongdich.core.roles import Role
from phongdich.org.models import Unit

GATE_ROLES = frozenset({Role.OFFICE, Role.ADMIN, Role.UNIT_HEAD, Role.IT})
TOKEN_MAX = 32


# Gate management, scoped to the user's units ----------------------------------------


def gate_units(*, user: Any) -> QuerySet[Unit]:
    """The units whose gates ``user`` manages."""
    return visible_units(user, roles=set(GATE_ROLES))


def gates_visible(*, user: Any) -> QuerySet[Location]:
    return Location.objects.filter(unit__in=gate_units(user=user)).select_related("unit")


def gate_visible(*, user: Any, pk: int) -> Location | None:
    """The gate if ``user`` manages it, else None (the view answers 404)."""
    return gates_visible(user=user).filter(pk=pk).first()


def gate_unit(*, user: Any, pk: int) -> Unit | None:
    """The unit if ``user`` manages its gates, else None."""
    return gate_units(user=user).filter(pk=pk).first()


@dataclass(frozen=True)
class GateGroup:
    unit: Unit
    gates: list[Location]
    printable: int  # gates whose poster checks people in


def gate_groups(*, user: Any) -> list[GateGroup]:
    """The user's gates grouped by unit, in the units' tree order."""
    gates = gates_visible(user=user).order_by("unit__path", "code")
    groups = []
    for unit, items in groupby(gates, key=lambda g: g.unit):
        listed = list(items)
        groups.append(
            GateGroup(
                unit=unit, gates=listed, printable=sum(1 for g in listed if g.accepts_checkins)
            )
        )
    return groups


def code_taken(*, code: str, gate: Location | None = None) -> bool:
    """Whether another gate has this code, in any letter case."""
    taken = Location.objects.filter(code__iexact=code)
    if gate is not None and gate.pk:
        taken = taken.exclude(pk=gate.pk)
    return taken.exists()


# The public check-in: the gate behind a poster ---------------------------------------


def location_by_token(*, token: str) -> Location | None:
    """The gate whose poster carries ``token`` (revoked or not), cached per process."""
    if not token or len(token) > TOKEN_MAX:
        return None
    return cache.cached(("location", token), lambda: _location_from_db(token))


def _location_from_db(token: str) -> Location | None:
    # A unique lookup: no ordering (Location's default ordering would join the unit).
    return Location.objects.select_related("unit").filter(poster_token=token).order_by().first()


def location_by_manual_code(*, code: str) -> Location | None:
    """The gate whose poster prints this short code (already upper-cased, no dashes)."""
    return Location.objects.filter(manual_code=code).order_by().first()


def active_profile() -> DiseaseProfile:
    """The disease profile new check-ins follow, cached per process."""
    return cache.cached("profile", DiseaseProfile.active)
