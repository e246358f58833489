from __future__ import annotations

from typing import Any

from phongdich.adoption.models import AdoptionImport
from phongdich.core.permissions import has_role
from phongdich.core.roles import Role


def import_get(*, user: Any, pk: Any) -> AdoptionImport:
    """A user sees only the imports they started (an Admin sees all)."""
    qs = AdoptionImport.objects.select_related("unit", "union")
    if not has_role(user, Role.ADMIN):
        qs = qs.filter(started_by=user)
    return qs.get(pk=pk)
