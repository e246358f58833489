"""Writes of the organisation app, split by area; the public names are re-exported here.

- ``staff_import``: the staff list upload, its background run, the staff rows.
- ``roles``: role assignments.

Every service takes keyword arguments only and records its audit entry in its
own transaction.
"""

from phongdich.org.selectors import IMPORT_ROLES
from phongdich.org.services.roles import role_assign
from phongdich.org.services.staff_import import (
    ApplyResult,
    staff_import_create,
    staff_import_run,
    staff_rows_apply,
)

__all__ = [
    "IMPORT_ROLES",
    "ApplyResult",
    "role_assign",
    "staff_import_create",
    "staff_import_run",
    "staff_rows_apply",
]
