"""Reads of the organisation app, always scoped to what the user may see."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from django.db.models import Q, QuerySet

from phongdich.core.audit import audit
from phongdich.core.crypto import blind_index
from phongdich.core.permissions import has_role, visible_units
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
IMPORT_ROLES = {Role.OFFICE, Role.ADMIN, Role.UNIT_HEAD}


def directory_units(*, user: Any) -> QuerySet[Unit]:
    """The units whose staff ``user`` may see in the directory, in tree order."""
    return visible_units(user, roles=DIRECTORY_ROLES).order_by("path")


def staff_visible(*, user: Any) -> QuerySet[Staff]:
    return Staff.objects.filter(unit__in=visible_units(user, roles=DIRECTORY_ROLES))


def staff_get(*, user: Any, pk: Any) -> Staff | None:
    """A staff member of the directory ``user`` may see, else None (a view answers 404)."""
    return staff_visible(user=user).select_related("unit", "user").filter(pk=pk).first()


def staff_search(
    *,
    user: Any,
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


EXPORT_MAX_ROWS = 20_000


def staff_export(
    *,
    user: Any,
    query: str = "",
    unit: Unit | None = None,
    units: QuerySet[Unit] | None = None,
    reason: str,
    ip: str | None = None,
) -> list[Staff]:
    """The directory rows of an export (names, phones, e-mails: personal data), at most
    ``EXPORT_MAX_ROWS``, audited with the exporter's ``reason`` (``core.export_reason``)."""
    rows = list(staff_search(user=user, query=query, unit=unit, units=units)[:EXPORT_MAX_ROWS])
    audit(
        None,
        "org.staff.export",
        actor=user,
        ip=ip,
        reason=reason,
        object_type="org.staff",
        rows=len(rows),
        unit=unit.pk if unit is not None else None,
        query="*" * len(query) if query else "",
    )
    return rows


def units_tree(*, user: Any) -> QuerySet[Unit]:
    """The active units (the organisation chart is public to every signed-in user)."""
    return Unit.objects.filter(is_active=True).order_by("path")


def units_outline(*, user: Any) -> list[tuple[int, Unit]]:
    """The active units as an outline: ``(depth, unit)``, each unit under its parent,
    siblings by sort order then name. One query."""
    children: dict[int | None, list[Unit]] = defaultdict(list)
    for unit in units_tree(user=user):
        children[unit.parent_id].append(unit)
    for siblings in children.values():
        siblings.sort(key=lambda u: (u.sort_order, u.name))
    ordered: list[tuple[int, Unit]] = []

    def walk(parent: int | None, depth: int) -> None:
        for unit in children.get(parent, []):
            ordered.append((depth, unit))
            walk(unit.pk, depth + 1)

    walk(None, 0)
    return ordered


def import_for(*, user: Any, job_id: Any) -> StaffImport | None:
    """A user sees only the imports they started (an Admin sees all)."""
    qs = StaffImport.objects.all()
    if not has_role(user, Role.ADMIN):
        qs = qs.filter(started_by=user)
    return qs.filter(pk=job_id).first()
