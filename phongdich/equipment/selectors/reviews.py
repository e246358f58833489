"""Reads of review campaigns and answers, scoped to the user's units."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Case, F, Q, QuerySet, Value, When
from django.utils import timezone

from phongdich.core.mine import my_staff
from phongdich.core.permissions import has_role, visible_units
from phongdich.core.roles import Role
from phongdich.equipment.models import Equipment, ReviewCampaign, StaffReview
from phongdich.equipment.roles import OFFICE, READERS
from phongdich.org.models import Staff, Unit


def staff_of(*, user: Any) -> Staff | None:
    return my_staff(user)  # type: ignore[no-any-return]


def held_by(*, staff: Staff) -> QuerySet[Equipment]:
    return (
        Equipment.objects.filter(holder=staff).select_related("kind").order_by("kind__sort_order")
    )


def _ancestor_ids(unit: Unit) -> list[int]:
    return [int(p) for p in unit.path.strip("/").split("/") if p]


def campaigns_for_staff(*, staff: Staff) -> QuerySet[ReviewCampaign]:
    """Campaigns that ask ``staff``: for all units, or for their unit or one above it."""
    return (
        ReviewCampaign.objects.filter(Q(units=None) | Q(units__in=_ancestor_ids(staff.unit)))
        .distinct()
        .order_by("deadline", "pk")
    )


def campaign_current(*, staff: Staff, today: dt.date | None = None) -> ReviewCampaign | None:
    """The open campaign with the nearest deadline, else the latest closed one."""
    today = today or timezone.localdate()
    is_open = Q(deadline__gte=today)
    # One query: the open ones first (nearest deadline first), then the closed ones
    # (latest first).
    return (
        campaigns_for_staff(staff=staff)
        .annotate(
            closed=Case(When(is_open, then=Value(0)), default=Value(1)),
            open_deadline=Case(When(is_open, then=F("deadline"))),
            open_pk=Case(When(is_open, then=F("pk"))),
        )
        .order_by("closed", "open_deadline", "open_pk", "-deadline", "-pk")
        .first()
    )


def review_of(*, staff: Staff, campaign: ReviewCampaign | None) -> StaffReview | None:
    return (
        StaffReview.objects.filter(staff=staff, campaign=campaign).prefetch_related("items").first()
    )


def campaign_list(*, user: Any) -> QuerySet[ReviewCampaign]:
    qs = ReviewCampaign.objects.prefetch_related("units")
    if has_role(user, *OFFICE, Role.DIRECTOR, Role.IT):
        return qs
    units = visible_units(user, roles=READERS)
    return qs.filter(Q(units=None) | Q(units__in=units)).distinct()


def campaign_get(*, user: Any, pk: int) -> ReviewCampaign:
    return campaign_list(user=user).get(pk=pk)


@dataclass
class Answer:
    staff: Staff
    review: StaffReview | None


def campaign_answers(*, user: Any, campaign: ReviewCampaign) -> list[Answer]:
    """Every active staff member the campaign asks, within the user's units, and their answer."""
    units = visible_units(user, roles=READERS)
    targets = list(campaign.units.all())
    staff = Staff.objects.filter(unit__in=units, is_active=True).select_related("unit")
    if targets:
        condition = Q()
        for unit in targets:
            condition |= Q(unit__path__startswith=unit.path)
        staff = staff.filter(condition)
    reviews = {r.staff_id: r for r in StaffReview.objects.filter(campaign=campaign)}
    return [
        Answer(staff=s, review=reviews.get(s.pk)) for s in staff.order_by("unit__path", "full_name")
    ]
