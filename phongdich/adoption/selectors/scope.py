"""Whose adoption data a user may see: their own; unit heads their units; union leaders
their members; the Office, the Director and the Admin everything."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from phongdich.adoption.models import Union, UnionMembership
from phongdich.adoption.roles import EDITORS, READERS
from phongdich.core.permissions import has_role, sees_all_units, visible_units
from phongdich.org.models import Staff, Unit


def own_staff(user: Any) -> Staff | None:
    if not getattr(user, "is_authenticated", False):
        return None
    return Staff.objects.filter(user=user, is_active=True).select_related("unit").first()


def reader_units(user: Any) -> QuerySet[Unit]:
    return visible_units(user, roles=READERS)


def editor_units(user: Any) -> QuerySet[Unit]:
    return visible_units(user, roles=EDITORS)


def sees_everything(user: Any) -> bool:
    return sees_all_units(user, roles=READERS)


def led_unions(user: Any) -> QuerySet[Union]:
    """The unions ``user`` leads (all of them for the Office, the Director, the Admin)."""
    if sees_everything(user):
        return Union.objects.all()
    if not getattr(user, "is_authenticated", False):
        return Union.objects.none()
    return Union.objects.filter(
        memberships__is_leader=True,
        memberships__staff__user=user,
        memberships__staff__is_active=True,
    ).distinct()


def is_union_leader(user: Any) -> bool:
    return UnionMembership.objects.filter(
        is_leader=True, staff__user=user, staff__is_active=True
    ).exists()


def may_read_rates(user: Any) -> bool:
    return has_role(user, *READERS) or is_union_leader(user)


def visible_staff(user: Any) -> QuerySet[Staff]:
    """Staff whose declarations ``user`` may read."""
    if sees_everything(user):
        return Staff.objects.all()
    query = Q(user=user) if getattr(user, "is_authenticated", False) else Q(pk__in=[])
    units = reader_units(user)
    query |= Q(unit__in=units)
    leader_of = UnionMembership.objects.filter(
        is_leader=True, staff__user=user, staff__is_active=True
    ).values("union")
    query |= Q(pk__in=UnionMembership.objects.filter(union__in=leader_of).values("staff"))
    return Staff.objects.filter(query)
