"""Writes of role assignments."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from phongdich.core.audit import audit
from phongdich.core.roles import Role
from phongdich.org.models import RoleAssignment, Unit

__all__ = ["role_assign"]


def role_assign(
    *,
    user: Any,
    role: str,
    unit: Unit | None = None,
    actor: Any = None,
    ip: str | None = None,
) -> RoleAssignment:
    """Give ``user`` the ``role`` (for ``unit``, or organisation-wide); an Admin also gets
    the admin site. ``actor``: who grants it (None: a command or the demo loader)."""
    with transaction.atomic():
        assignment, created = RoleAssignment.objects.get_or_create(user=user, role=role, unit=unit)
        if role == Role.ADMIN and not (user.is_staff and user.is_superuser):
            user.is_staff = True
            user.is_superuser = True
            user.save(update_fields=["is_staff", "is_superuser"])
        if created:
            audit(
                None,
                "org.role.assign",
                actor=actor,
                ip=ip,
                obj=assignment,
                user=user.pk,
                role=role,
                unit=unit.pk if unit is not None else None,
            )
    return assignment
