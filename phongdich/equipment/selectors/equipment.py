"""Reads of equipment records, scoped to what the user may see.

Unit heads see their unit (and below), the IT team, the Office, the Director and the
Admin see all, and every staff member sees what they hold. Anything else is
``Equipment.DoesNotExist`` (a 404 in the views).
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from phongdich.core.permissions import has_role, visible_units
from phongdich.core.text import nfc
from phongdich.equipment.models import Checkout, Equipment, EquipmentEvent, EquipmentKind
from phongdich.equipment.roles import MANAGERS, READERS
from phongdich.org.models import Staff, Unit


def reader_units(user: Any) -> QuerySet[Unit]:
    return visible_units(user, roles=READERS)


def manager_units(user: Any) -> QuerySet[Unit]:
    return visible_units(user, roles=MANAGERS)


def _base() -> QuerySet[Equipment]:
    return Equipment.objects.select_related("kind", "unit", "holder")


def equipment_visible(*, user: Any, units: QuerySet[Unit] | None = None) -> QuerySet[Equipment]:
    """``units``: the user's reader units when the caller already has them."""
    if has_role(user, *READERS):
        units = reader_units(user) if units is None else units
        return _base().filter(Q(unit__in=units) | Q(holder__user=user))
    return _base().filter(holder__user=user)


def equipment_list(
    *,
    user: Any,
    unit: Unit | None = None,
    kind: EquipmentKind | None = None,
    condition: str = "",
    query: str = "",
    units: QuerySet[Unit] | None = None,
    ids: list[int] | None = None,
) -> QuerySet[Equipment]:
    qs = equipment_visible(user=user, units=units)
    if ids:
        qs = qs.filter(pk__in=ids)
    if unit is not None:
        qs = qs.filter(unit__path__startswith=unit.path)
    if kind is not None:
        qs = qs.filter(kind=kind)
    if condition:
        qs = qs.filter(condition=condition)
    text = nfc(query)
    if text:
        qs = qs.filter(
            Q(asset_code__icontains=text)
            | Q(serial__icontains=text)
            | Q(model_name__icontains=text)
            | Q(holder__full_name__icontains=text)
        )
    return qs.order_by("unit__path", "kind__sort_order", "asset_code", "pk")


def equipment_get(*, user: Any, pk: int) -> Equipment:
    return equipment_visible(user=user).get(pk=pk)


def equipment_get_for_edit(*, user: Any, pk: int) -> Equipment:
    """Only managers of the equipment's unit edit it."""
    return _base().filter(unit__in=manager_units(user)).get(pk=pk)


def can_edit(*, user: Any, equipment: Equipment) -> bool:
    return manager_units(user).filter(pk=equipment.unit_id).exists()


def equipment_history(*, equipment: Equipment) -> QuerySet[EquipmentEvent]:
    return equipment.events.select_related("actor")


def equipment_checkouts(*, equipment: Equipment) -> QuerySet[Checkout]:
    return equipment.checkouts.select_related("staff", "checked_out_by", "returned_by")


def staff_for_units(*, units: QuerySet[Unit]) -> QuerySet[Staff]:
    return Staff.objects.filter(unit__in=units, is_active=True).select_related("unit")


def kinds_active() -> QuerySet[EquipmentKind]:
    return EquipmentKind.objects.filter(is_active=True)
