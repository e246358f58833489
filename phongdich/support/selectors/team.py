"""Reads of the IT team: members, what each supports, units nobody supports."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Q, QuerySet

from phongdich.org.models import Staff, Unit
from phongdich.support.models import OPEN_STATES, Partner, TeamMember, UnitAssignment


def members(*, user: Any, active_only: bool = False) -> QuerySet[TeamMember]:
    qs = TeamMember.objects.select_related("staff__unit").annotate(
        open_count=Count("requests", filter=Q(requests__state__in=OPEN_STATES), distinct=True)
    )
    if active_only:
        qs = qs.filter(is_active=True)
    return qs.order_by("-is_active", "-is_leader", "sort_order", "staff__full_name")


def member_get(*, user: Any, pk: int) -> TeamMember:
    return TeamMember.objects.select_related("staff__unit").get(pk=pk)


@dataclass(frozen=True)
class UnitCover:
    depth: int
    unit: Unit
    assignment: UnitAssignment | None
    inherited_from: Unit | None  # the unit above whose assignment covers this one

    @property
    def primary(self) -> TeamMember | None:
        return self.assignment.primary if self.assignment else None

    @property
    def backup(self) -> TeamMember | None:
        return self.assignment.backup if self.assignment else None

    @property
    def missing(self) -> list[str]:
        """ "primary", "backup": what the unit lacks (on its own or through its parent)."""
        gaps = []
        if self.primary is None or not self.primary.is_active:
            gaps.append("primary")
        if self.backup is None or not self.backup.is_active:
            gaps.append("backup")
        return gaps


def coverage(*, user: Any) -> list[UnitCover]:
    """Every active unit in tree order with who supports it (two queries)."""
    units = list(Unit.objects.filter(is_active=True).order_by("path"))
    own = {
        a.unit_id: a
        for a in UnitAssignment.objects.select_related("primary__staff", "backup__staff")
    }
    by_id = {u.pk: u for u in units}
    rows: list[UnitCover] = []
    for unit in units:
        ids = [int(p) for p in unit.path.strip("/").split("/") if p]
        assignment, source = None, None
        for unit_id in reversed(ids):
            candidate = own.get(unit_id)
            if candidate is not None and (candidate.primary_id or candidate.backup_id):
                assignment = candidate
                source = None if unit_id == unit.pk else by_id.get(unit_id)
                break
        rows.append(UnitCover(unit.depth, unit, assignment, source))
    return rows


def uncovered(*, user: Any) -> list[UnitCover]:
    """Units without a primary or a backup member (their own or their parent's)."""
    return [row for row in coverage(user=user) if row.missing]


def absent_today(*, today: dt.date) -> QuerySet[TeamMember]:
    return TeamMember.objects.filter(is_active=True, absent_until__gte=today)


def assignment_of(*, unit: Unit) -> UnitAssignment | None:
    return UnitAssignment.objects.filter(unit=unit).select_related("primary", "backup").first()


def it_staff_candidates() -> QuerySet[Staff]:
    """Staff whose account holds the IT team role and who are not yet members."""
    from phongdich.core.roles import Role

    return (
        Staff.objects.filter(
            is_active=True,
            user__role_assignments__role=Role.IT,
            it_member__isnull=True,
        )
        .select_related("unit")
        .distinct()
        .order_by("full_name")
    )


def partner_list(*, user: Any) -> QuerySet[Partner]:
    return Partner.objects.annotate(
        escalated=Count("requests", distinct=True),
        open_escalated=Count("requests", filter=Q(requests__state="escalated"), distinct=True),
    ).order_by("-is_active", "kind", "name")


def partner_get(*, user: Any, pk: int) -> Partner:
    return Partner.objects.get(pk=pk)


def partner_requests(*, partner: Partner) -> QuerySet[Any]:
    return partner.requests.select_related("unit", "assignee__staff").order_by("-created_at")


def unit_get(*, user: Any, pk: int) -> Unit:
    return Unit.objects.get(pk=pk, is_active=True)


def signer(*, user: Any) -> tuple[str, str]:
    """The Director's name and title for the signature block ("" when none is known)."""
    from phongdich.core.roles import Role

    staff = (
        Staff.objects.filter(user__role_assignments__role=Role.DIRECTOR, is_active=True)
        .exclude(position__icontains="Phó")
        .order_by("pk")
        .first()
    )
    return (staff.full_name, "GIÁM ĐỐC") if staff else ("", "GIÁM ĐỐC")


def partner_read(*, user: Any, pk: int, ip: str | None) -> Partner:
    """A partner for its page: the read of a contact's phone and e-mail is audited."""
    from phongdich.core.audit import audit

    partner = Partner.objects.get(pk=pk)
    audit(None, "support.partner.view", actor=user, ip=ip, obj=partner)
    return partner
