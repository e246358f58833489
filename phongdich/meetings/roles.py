"""Who does what in the meetings module."""

from __future__ import annotations

from phongdich.core.roles import Role

# See every meeting (the Office schedules; the Director and the Admin read all).
SEES_ALL = frozenset({Role.OFFICE, Role.ADMIN, Role.DIRECTOR})
# Schedule meetings: the Office for any unit, unit heads for their units.
ORGANISERS = frozenset({Role.OFFICE, Role.ADMIN, Role.UNIT_HEAD})
# The plan for working online.
OFFICE = frozenset({Role.OFFICE, Role.ADMIN})
# The figures page.
READERS = frozenset({Role.OFFICE, Role.ADMIN, Role.DIRECTOR, Role.UNIT_HEAD})
