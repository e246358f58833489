"""Who a new request goes to: the unit's primary member, else its backup.

A unit without its own assignment is covered by the nearest unit above it that has
one (a team of a division is supported by the division's members). Absent members
(``absent_until`` today or later) and members who left the team are skipped. A unit
with nobody available gets no assignee: the request waits in the team's queue and
the team leaders are told.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from phongdich.org.models import Unit
from phongdich.support.models import TeamMember, UnitAssignment


@dataclass(frozen=True)
class Route:
    member: TeamMember | None
    assignment: UnitAssignment | None
    is_backup: bool = False

    @property
    def reason(self) -> str:
        if self.member is None:
            return "nobody" if self.assignment is None else "all_absent"
        return "backup" if self.is_backup else "primary"


def assignment_for(unit: Unit) -> UnitAssignment | None:
    """The unit's own assignment, or that of its nearest ancestor (one query)."""
    ids = [int(part) for part in unit.path.strip("/").split("/") if part] or [unit.pk]
    found = {
        a.unit_id: a
        for a in UnitAssignment.objects.filter(unit_id__in=ids).select_related(
            "primary__staff__user", "backup__staff__user"
        )
    }
    for unit_id in reversed(ids):
        assignment = found.get(unit_id)
        if assignment is not None and (assignment.primary_id or assignment.backup_id):
            return assignment
    return None


def route_for(unit: Unit, *, today: dt.date) -> Route:
    assignment = assignment_for(unit)
    if assignment is None:
        return Route(None, None)
    if assignment.primary is not None and assignment.primary.is_available(today):
        return Route(assignment.primary, assignment)
    if assignment.backup is not None and assignment.backup.is_available(today):
        return Route(assignment.backup, assignment, is_backup=True)
    return Route(None, assignment)


def backup_for(unit: Unit, *, current: TeamMember | None, today: dt.date) -> TeamMember | None:
    """The unit's backup when it is available and not already the assignee."""
    assignment = assignment_for(unit)
    if assignment is None or assignment.backup is None:
        return None
    backup = assignment.backup
    if not backup.is_available(today) or (current is not None and backup.pk == current.pk):
        return None
    return backup


def leaders(*, today: dt.date) -> list[TeamMember]:
    """The team leaders to escalate to (every active member when no leader is set)."""
    members = list(
        TeamMember.objects.filter(is_active=True).select_related("staff__user").order_by("pk")
    )
    chosen = [m for m in members if m.is_leader] or members
    return chosen
