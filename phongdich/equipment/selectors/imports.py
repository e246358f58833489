from __future__ import annotations

from typing import Any

from phongdich.core.permissions import has_role
from phongdich.core.roles import Role
from phongdich.equipment.models import EquipmentImport


def import_get(*, user: Any, pk: Any) -> EquipmentImport:
    """A user sees only the imports they started (an Admin sees all)."""
    qs = EquipmentImport.objects.select_related("unit")
    if not has_role(user, Role.ADMIN):
        qs = qs.filter(started_by=user)
    return qs.get(pk=pk)
