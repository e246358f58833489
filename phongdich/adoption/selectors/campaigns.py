"""Campaigns: which a user sees, who is in one, progress to target, who to remind."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Q, QuerySet
from django.utils import timezone

from phongdich.adoption.models import ADOPTED, Campaign, Status, UnionMembership
from phongdich.adoption.rates import Tally, competition_ranks, moment_after
from phongdich.adoption.roles import READERS
from phongdich.adoption.selectors.rates import Population, load_population
from phongdich.adoption.selectors.scope import led_unions, reader_units, sees_everything
from phongdich.core.permissions import has_role
from phongdich.org.models import Staff, Unit


def campaigns_visible(*, user: Any) -> QuerySet[Campaign]:
    qs = Campaign.objects.select_related("union").prefetch_related("apps")
    if has_role(user, *READERS):
        return qs
    return qs.filter(union__in=led_unions(user))


def campaign_get(*, user: Any, pk: Any) -> Campaign:
    return campaigns_visible(user=user).get(pk=pk)


def campaign_staff(campaign: Campaign) -> QuerySet[Staff]:
    """Everyone the campaign is for (before the apps' own audiences)."""
    staff = Staff.objects.filter(is_active=True)
    if campaign.union_id:
        staff = staff.filter(
            pk__in=UnionMembership.objects.filter(union_id=campaign.union_id).values("staff")
        )
    units = list(campaign.units.all())
    if units:
        query = Q(pk__in=[])
        for unit in units:
            query |= Q(unit__path__startswith=unit.path)
        staff = staff.filter(query)
    return staff


@dataclass
class ProgressRow:
    unit: Unit | None
    tally: Tally
    denominator: str
    target: int
    rank: int | None = None

    @property
    def percent(self) -> float | None:
        return self.tally.percent(self.denominator)

    @property
    def base(self) -> int:
        return self.tally.denominator(self.denominator)

    @property
    def reached(self) -> bool:
        return self.percent is not None and self.percent >= self.target

    @property
    def to_target(self) -> int:
        """People still to adopt for the target (0 when reached)."""
        needed = -(-self.target * self.base // 100)  # ceil
        return max(0, needed - self.tally.adopted)

    @property
    def bar(self) -> int:
        """Progress to target, 0–100, for the bar."""
        if self.percent is None or not self.target:
            return 0
        return min(100, round(100 * self.percent / self.target))


@dataclass
class Progress:
    campaign: Campaign
    rows: list[ProgressRow] = field(default_factory=list)
    total: ProgressRow | None = None
    population: Population | None = None


def campaign_progress(
    *, campaign: Campaign, user: Any | None, day: dt.date | None = None
) -> Progress:
    """Progress to target per top unit the user reads (every unit when ``user`` is None,
    for the closing figures), and in total; a fixed number of queries."""
    day = day or timezone.localdate()
    moment = moment_after(day)
    apps = list(campaign.apps.all())
    staff = campaign_staff(campaign)
    whole = user is None or sees_everything(user)
    if not whole:
        units = reader_units(user)
        led = led_unions(user)
        if not (campaign.union_id and led.filter(pk=campaign.union_id).exists()):
            staff = staff.filter(unit__in=units)
    population = load_population(staff, apps, until=moment)
    tallies = population.tallies(apps, moment)
    progress = Progress(campaign=campaign, population=population)
    by_top: dict[int, Tally] = {}
    tops: dict[int, Unit] = {}
    total = Tally()
    depth_ids = _top_ids(user, whole)
    for person in population.staff:
        tally = tallies.get(person.pk)
        if tally is None:
            continue
        total.add(tally)
        path = [int(p) for p in person.unit.path.strip("/").split("/")]
        top = (
            next((p for p in path if p in depth_ids), None)
            if depth_ids is not None
            else (path[1] if len(path) > 1 else path[0])
        )
        if top is None:
            continue
        by_top.setdefault(top, Tally()).add(tally)
    for unit in Unit.objects.filter(pk__in=list(by_top)).order_by("path"):
        tops[unit.pk] = unit
        progress.rows.append(
            ProgressRow(unit, by_top[unit.pk], campaign.denominator, campaign.target_percent)
        )
    for row, rank in zip(
        progress.rows,
        competition_ranks([r.tally.rate(campaign.denominator) for r in progress.rows]),
        strict=True,
    ):
        row.rank = rank
    progress.total = ProgressRow(None, total, campaign.denominator, campaign.target_percent)
    return progress


def _top_ids(user: Any | None, whole: bool) -> set[int] | None:
    """The units rows are grouped by: None for everything (the Department's children),
    else the user's highest visible units."""
    if whole:
        return None
    units = list(reader_units(user).values_list("pk", "path"))
    paths = [p for _, p in units]
    return {pk for pk, path in units if not any(path != o and path.startswith(o) for o in paths)}


def non_adopters(*, campaign: Campaign, day: dt.date | None = None) -> list[Staff]:
    """People to remind: counted, not adopted, and not saying they cannot (no smartphone,
    cannot install) — with an account to receive the reminder."""
    progress = campaign_progress(campaign=campaign, user=None, day=day)
    population = progress.population
    assert population is not None
    moment = moment_after(day or timezone.localdate())
    apps = list(campaign.apps.all())
    found = []
    for person in population.staff:
        if person.user_id is None:
            continue
        mine = [a for a in apps if population.applies(a, person)]
        if not mine:
            continue
        statuses = [population.timeline.status(person.pk, a.pk, moment) for a in mine]
        if all(s in ADOPTED for s in statuses):
            continue
        if any(s == Status.CANNOT_INSTALL for s in statuses):
            continue
        if population.timeline.without_smartphone(person.pk, moment):
            continue
        found.append(person)
    return found


@dataclass
class CampaignPage:
    campaign: Campaign
    progress: Progress | None
    may_manage: bool
    reminded_today: int


def campaign_page(*, user: Any, pk: Any) -> CampaignPage:
    """A campaign: live progress while open (the unit head's units), the kept figures
    once closed (DoesNotExist for a campaign the user does not see)."""
    from phongdich.adoption.models import ReminderLog
    from phongdich.adoption.roles import OFFICE

    campaign = campaign_get(user=user, pk=pk)
    may_manage = has_role(user, *OFFICE) or bool(
        campaign.union_id and led_unions(user).filter(pk=campaign.union_id).exists()
    )
    progress = campaign_progress(campaign=campaign, user=user) if campaign.is_open else None
    reminded = ReminderLog.objects.filter(
        campaign=campaign, day=timezone.localdate(), kind=ReminderLog.Kind.REMINDER
    ).count()
    return CampaignPage(
        campaign=campaign, progress=progress, may_manage=may_manage, reminded_today=reminded
    )
