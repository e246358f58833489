"""Who does what in the adoption module (role sets used by views and selectors).

Union leaders are not a role: a staff member marked leader of a union
(``UnionMembership.is_leader``) sees that union's members and may open its campaigns.
"""

from __future__ import annotations

from phongdich.core.roles import Role

# Read rates and lists: unit heads for their units; the Office, the Director, the Admin all.
READERS = frozenset({Role.UNIT_HEAD, Role.OFFICE, Role.DIRECTOR, Role.ADMIN})
# Import unit lists, enter digital-work indicators (unit heads for their units).
EDITORS = frozenset({Role.UNIT_HEAD, Role.OFFICE, Role.ADMIN})
# Open campaigns for everyone, edit the apps, the one-page report.
OFFICE = frozenset({Role.OFFICE, Role.ADMIN})
REPORTERS = frozenset({Role.OFFICE, Role.DIRECTOR, Role.ADMIN})
