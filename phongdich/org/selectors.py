"""Reads of the organisation app, always scoped to what the user may see."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from phongdich.core.crypto import blind_index
from phongdich.core.permissions import visible_units
from phongdich.core.roles import Role
from phongdich.core.text import clean_name
from phongdich.org.models import Staff, StaffImport, Unit
from tracing_engine.identity import InvalidPhone, normalize_phone

DIRECTORY_ROLES = {
    Role.DIRECTOR,
    Role.OFFICE,
    Role.ADMIN,
    Role.UNIT_HEAD,
    Role.TRACER,
    Role.IT,
}


def staff_visible(user: Any) -> QuerySet[Staff]:
    return Staff.objects.filter(unit__in=visible_units(user, roles=DIRECTORY_ROLES))


def staff_search(
    user: Any,
    *,
    query: str = "",
    unit: Unit | None = None,
    active: bool | None = True,
    units: QuerySet[Unit] | None = None,
) -> QuerySet[Staff]:
    """``units``: the user's visible units when the caller already has them (saves a query)."""
    if units is None:
        units = visible_units(user, roles=DIRECTORY_ROLES)
    qs = Staff.objects.filter(unit__in=units).select_related("unit")
    if unit is not None:
        qs = qs.filter(unit__path__startswith=unit.path)
    if active is not None:
        qs = qs.filter(is_active=active)
    text = clean_name(query)
    if text:
        condition = Q(full_name__icontains=text) | Q(staff_code__iexact=text)
        try:
            condition |= Q(phone_index=blind_index(normalize_phone(text), purpose="phone"))
        except InvalidPhone:
            pass
        qs = qs.filter(condition)
    return qs.order_by("unit__path", "full_name")


def units_tree(user: Any) -> QuerySet[Unit]:
    return Unit.objects.filter(is_active=True).order_by("path")


def import_for(user: Any, job_id: Any) -> StaffImport | None:
    """A user sees only the imports they started (an Admin sees all)."""
    qs = StaffImport.objects.all()
    from phongdich.core.permissions import has_role

    if not has_role(user, Role.ADMIN):
        qs = qs.filter(created_by=user)
    return qs.filter(pk=job_id).first()
