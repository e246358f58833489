"""Reads of the verified bulletin: who is in a bulletin's audience, who has acknowledged,
per unit (scoped to the units the reader follows)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Q, QuerySet
from django.utils import timezone

from phongdich.core.mine import my_staff
from phongdich.core.permissions import has_role, roles_of, visible_units
from phongdich.core.roles import Role
from phongdich.news.models import Acknowledgement, Bulletin
from phongdich.news.roles import BULLETIN_PUBLISHERS, BULLETIN_TRACKERS
from phongdich.org.models import RoleAssignment, Staff, Unit


def audience_q(bulletin: Bulletin) -> Q:
    """The condition on Staff for ``bulletin``'s audience (active staff with an account)."""
    if bulletin.audience_all or Role.STAFF in bulletin.audience_roles:
        return Q()
    condition = Q(pk__in=[])
    for unit in bulletin.audience_units.all():
        condition |= Q(unit__path__startswith=unit.path)
    if bulletin.audience_roles:
        condition |= Q(user__role_assignments__role__in=bulletin.audience_roles)
    return condition


def audience_staff(*, bulletin: Bulletin, units: QuerySet[Unit] | None = None) -> QuerySet[Staff]:
    qs = Staff.objects.filter(is_active=True, user__isnull=False, user__is_active=True)
    qs = qs.filter(audience_q(bulletin))
    if units is not None:
        qs = qs.filter(unit__in=units)
    return qs.select_related("unit", "user").distinct().order_by("unit__path", "full_name")


def staff_of(user: Any) -> Staff | None:
    return my_staff(user)  # type: ignore[no-any-return]


def _member(bulletin: Bulletin, staff: Staff, roles: set[str]) -> bool:
    """``audience_q`` in Python (``audience_units`` prefetched)."""
    if bulletin.audience_all or Role.STAFF in bulletin.audience_roles:
        return True
    if set(bulletin.audience_roles) & roles:
        return True
    return any(staff.unit.path.startswith(u.path) for u in bulletin.audience_units.all())


def in_audience(*, bulletin: Bulletin, user: Any, staff: Staff | None = None) -> bool:
    staff = staff or staff_of(user)
    if staff is None:
        return False
    return _member(bulletin, staff, roles_of(user))


def is_tracker(user: Any) -> bool:
    return has_role(user, *BULLETIN_TRACKERS)


def bulletins_for(*, user: Any) -> list[tuple[Bulletin, Acknowledgement | None]]:
    """The bulletins whose audience includes ``user``, each with their acknowledgement."""
    staff = staff_of(user)
    if staff is None:
        return []
    acks = {a.bulletin_id: a for a in Acknowledgement.objects.filter(user=user)}
    roles = roles_of(user)
    return [
        (bulletin, acks.get(bulletin.pk))
        for bulletin in Bulletin.objects.prefetch_related("audience_units")
        if _member(bulletin, staff, roles)
    ]


def bulletin_get(*, user: Any, pk: int) -> Bulletin:
    """For the Office, the Director and unit heads any bulletin; for anyone else only a
    bulletin addressed to them."""
    bulletin = Bulletin.objects.prefetch_related("audience_units").get(pk=pk)
    if is_tracker(user) or in_audience(bulletin=bulletin, user=user):
        return bulletin
    raise Bulletin.DoesNotExist


def acknowledgement_of(*, bulletin: Bulletin, user: Any) -> Acknowledgement | None:
    return Acknowledgement.objects.filter(bulletin=bulletin, user=user).first()


@dataclass
class UnitProgress:
    unit: Unit
    audience: int = 0
    acknowledged: int = 0
    late: int = 0
    pending: list[Staff] = field(default_factory=list)

    @property
    def rate(self) -> int:
        return round(100 * self.acknowledged / self.audience) if self.audience else 0


def tracks_all(user: Any) -> bool:
    """Whether ``user`` follows bulletins up over the whole Sở (else their units)."""
    return has_role(user, *BULLETIN_PUBLISHERS, Role.DIRECTOR, Role.EDITOR)


def tracked_units(*, user: Any) -> QuerySet[Unit]:
    if tracks_all(user):
        return Unit.objects.all()
    return visible_units(user, roles={Role.UNIT_HEAD})


def bulletin_progress(*, user: Any, bulletin: Bulletin) -> list[UnitProgress]:
    """Per unit (the reader's units only): audience, acknowledged, late, who has not."""
    units = tracked_units(user=user)
    done = {
        a.user_id: a
        for a in Acknowledgement.objects.filter(bulletin=bulletin).only("user_id", "late")
    }
    rows: dict[int, UnitProgress] = {}
    for staff in audience_staff(bulletin=bulletin, units=units):
        row = rows.setdefault(staff.unit_id, UnitProgress(unit=staff.unit))
        row.audience += 1
        ack = done.get(staff.user_id or 0)
        if ack is None:
            row.pending.append(staff)
        else:
            row.acknowledged += 1
            row.late += int(ack.late)
    return list(rows.values())


@dataclass
class BulletinRate:
    bulletin: Bulletin
    audience: int
    acknowledged: int

    @property
    def rate(self) -> int:
        return round(100 * self.acknowledged / self.audience) if self.audience else 0


def bulletin_rates(
    *, user: Any, start: dt.date | None = None, end: dt.date | None = None
) -> list[BulletinRate]:
    """Acknowledgement rate of each bulletin (published in the period when given), over
    the reader's units. A fixed number of queries, whatever the number of bulletins."""
    qs = Bulletin.objects.prefetch_related("audience_units")
    if start and end:
        begin = timezone.make_aware(dt.datetime.combine(start, dt.time.min))
        finish = timezone.make_aware(dt.datetime.combine(end + dt.timedelta(days=1), dt.time.min))
        qs = qs.filter(published_at__gte=begin, published_at__lt=finish)
    bulletins = list(qs)
    if not bulletins:
        return []
    staff = list(
        Staff.objects.filter(
            is_active=True,
            user__isnull=False,
            user__is_active=True,
            unit__in=tracked_units(user=user),
        ).select_related("unit")
    )
    roles: dict[int, set[str]] = {}
    for user_id, role in RoleAssignment.objects.values_list("user_id", "role"):
        roles.setdefault(user_id, set()).add(role)
    done = set(
        Acknowledgement.objects.filter(bulletin__in=bulletins).values_list("bulletin_id", "user_id")
    )
    out = []
    for bulletin in bulletins:
        members = [s for s in staff if _member(bulletin, s, roles.get(s.user_id or 0, set()))]
        acknowledged = sum((bulletin.pk, s.user_id) in done for s in members)
        out.append(
            BulletinRate(bulletin=bulletin, audience=len(members), acknowledged=acknowledged)
        )
    return out


def bulletin_list(*, user: Any) -> QuerySet[Bulletin]:
    return Bulletin.objects.all()
