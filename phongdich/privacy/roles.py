"""Who does what in the privacy module."""

from phongdich.core.roles import Role

# The breach register: the Admin (who runs the system) records and notifies.
BREACH_ROLES = frozenset({Role.ADMIN})
# The queue of data subjects' requests: the Office answers; the Admin helps.
QUEUE_ROLES = frozenset({Role.OFFICE, Role.ADMIN})
