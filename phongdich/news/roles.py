"""Who does what in the news module (role sets used by views and selectors)."""

from __future__ import annotations

from phongdich.core.roles import Role

# The editorial board (Ban biên tập): reviews, edits, returns, approves, schedules,
# publishes and unpublishes articles; gives verdicts on false-news reports.
EDITORS = frozenset({Role.EDITOR, Role.ADMIN})
# Unit heads read the articles of their units (and the counts of their units).
UNIT_READERS = frozenset({Role.UNIT_HEAD})
# The counts page (item 7): the board, the Office, the Director, unit heads (their units).
STATS_READERS = frozenset({Role.EDITOR, Role.ADMIN, Role.OFFICE, Role.DIRECTOR, Role.UNIT_HEAD})
# The verified bulletin: the Office publishes; the Office and unit heads follow it up.
BULLETIN_PUBLISHERS = frozenset({Role.OFFICE, Role.ADMIN})
BULLETIN_TRACKERS = frozenset({Role.OFFICE, Role.ADMIN, Role.DIRECTOR, Role.UNIT_HEAD})
