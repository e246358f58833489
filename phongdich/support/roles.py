"""Who does what in the support module (role sets used by views and selectors)."""

from __future__ import annotations

from phongdich.core.roles import Role

# The IT team works the whole queue, edits service levels, partners and articles.
IT_TEAM = frozenset({Role.IT, Role.ADMIN})
# The Office re-forms the team (members, assignments, the decision) with the IT team.
TEAM_MANAGERS = frozenset({Role.OFFICE, Role.IT, Role.ADMIN})
# The team page and the dashboard are read by the Director too.
TEAM_READERS = TEAM_MANAGERS | {Role.DIRECTOR}
# Unit heads see the requests of their units.
UNIT_READERS = frozenset({Role.UNIT_HEAD})
