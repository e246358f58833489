"""Who does what in the equipment module (role sets used by views and selectors)."""

from __future__ import annotations

from phongdich.core.roles import Role

# See and edit equipment records: unit heads for their units, the IT team and the
# Office for all (the IT role is assigned at the Department), the Admin.
MANAGERS = frozenset({Role.UNIT_HEAD, Role.IT, Role.OFFICE, Role.ADMIN})
# Read the readiness page and the records (the Director reads too).
READERS = frozenset({Role.UNIT_HEAD, Role.IT, Role.OFFICE, Role.ADMIN, Role.DIRECTOR})
# Open review campaigns, consolidate proposals.
OFFICE = frozenset({Role.OFFICE, Role.ADMIN})
# Edit readiness rules, review proposals, print labels.
IT_TEAM = frozenset({Role.IT, Role.ADMIN})
LABEL_PRINTERS = frozenset({Role.IT, Role.OFFICE, Role.ADMIN})
