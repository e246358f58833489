"""The support dashboard: open requests per member and unit, breaches, median times
by week (on the business clock), and a small chart per unit."""

from __future__ import annotations

import datetime as dt
import statistics
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Q
from django.utils import timezone

from phongdich.org.models import Unit
from phongdich.support import clock
from phongdich.support.models import (
    OPEN_STATES,
    Holiday,
    RequestEvent,
    SupportRequest,
    TeamMember,
    UnitAssignment,
)

WEEKS = 8


@dataclass
class Week:
    start: dt.date
    opened: int = 0
    resolved: int = 0
    take_breaches: int = 0
    resolve_breaches: int = 0
    take_minutes: list[int] = field(default_factory=list)
    resolve_minutes: list[int] = field(default_factory=list)

    @property
    def median_take(self) -> float | None:
        return statistics.median(self.take_minutes) if self.take_minutes else None

    @property
    def median_resolve(self) -> float | None:
        return statistics.median(self.resolve_minutes) if self.resolve_minutes else None


@dataclass
class UnitRow:
    unit_id: int
    name: str
    open: int = 0
    breaches: int = 0
    per_week: list[int] = field(default_factory=list)
    chart: dict[str, Any] = field(default_factory=dict)


@dataclass
class Dashboard:
    weeks: list[Week]
    members: list[tuple[TeamMember, int, int]]  # member, open, breached open
    unassigned_open: int
    units: list[UnitRow]
    open_total: int
    breach_total: int
    ratings: float | None


def _week_start(day: dt.date) -> dt.date:
    return day - dt.timedelta(days=day.weekday())


def _breached_resolve(r: SupportRequest, now: dt.datetime) -> bool:
    end = r.resolved_at or (now if r.state in OPEN_STATES else None)
    return end is not None and end > r.resolve_due_at


def chart(values: list[int], labels: list[str], *, width: int = 240, height: int = 64) -> dict:
    """Bar geometry for the template's inline SVG (no script, no style attribute)."""
    top = max(values, default=0) or 1
    gap, bars = 4, []
    bar_w = (width - gap * (len(values) + 1)) / max(len(values), 1)
    for i, (value, label) in enumerate(zip(values, labels, strict=True)):
        h = round((height - 14) * value / top, 1)
        bars.append(
            {
                "x": round(gap + i * (bar_w + gap), 1),
                "y": round(height - 12 - h, 1),
                "w": round(bar_w, 1),
                "h": h,
                "value": value,
                "label": label,
            }
        )
    return {"width": width, "height": height, "bars": bars, "base": height - 12}


def dashboard(*, user: Any, now: dt.datetime | None = None) -> Dashboard:
    """Three queries: members with their open counts, the last WEEKS weeks of requests,
    the holidays."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    first = _week_start(today) - dt.timedelta(weeks=WEEKS - 1)
    since = timezone.make_aware(dt.datetime.combine(first, dt.time.min))
    days_off = frozenset(Holiday.objects.values_list("date", flat=True))
    weeks = [Week(first + dt.timedelta(weeks=i)) for i in range(WEEKS)]
    index = {w.start: w for w in weeks}
    rows = list(
        SupportRequest.objects.filter(Q(created_at__gte=since) | Q(state__in=OPEN_STATES))
        .select_related("unit")
        .only(
            "state",
            "unit__name",
            "unit_id",
            "assignee_id",
            "created_at",
            "taken_at",
            "resolved_at",
            "take_due_at",
            "resolve_due_at",
            "rating",
        )
    )
    units: dict[int, UnitRow] = {}
    per_unit_week: dict[int, Counter[dt.date]] = defaultdict(Counter)
    open_by_member: Counter[int | None] = Counter()
    breached_by_member: Counter[int | None] = Counter()
    ratings = [r.rating for r in rows if r.rating]
    for r in rows:
        unit = units.setdefault(r.unit_id, UnitRow(r.unit_id, r.unit.name))
        take_late = (r.taken_at or now) > r.take_due_at if (r.taken_at or r.is_open) else False
        resolve_late = _breached_resolve(r, now)
        if r.is_open:
            unit.open += 1
            open_by_member[r.assignee_id] += 1
            if take_late or resolve_late:
                unit.breaches += 1
                breached_by_member[r.assignee_id] += 1
        week = index.get(_week_start(timezone.localdate(r.created_at)))
        if week is None:
            continue
        per_unit_week[r.unit_id][week.start] += 1
        week.opened += 1
        week.take_breaches += int(take_late)
        week.resolve_breaches += int(resolve_late)
        if r.taken_at:
            week.take_minutes.append(
                clock.business_minutes_between(r.created_at, r.taken_at, days_off)
            )
        if r.resolved_at:
            week.resolved += 1
            week.resolve_minutes.append(
                clock.business_minutes_between(r.created_at, r.resolved_at, days_off)
            )
    labels = [f"{w.start:%d/%m}" for w in weeks]
    for unit_id, unit in units.items():
        unit.per_week = [per_unit_week[unit_id][w.start] for w in weeks]
        unit.chart = chart(unit.per_week, labels)
    members = list(
        TeamMember.objects.filter(is_active=True)
        .select_related("staff")
        .annotate(n=Count("requests", filter=Q(requests__state__in=OPEN_STATES)))
        .order_by("-is_leader", "sort_order", "staff__full_name")
    )
    return Dashboard(
        weeks=weeks,
        members=[(m, open_by_member[m.pk], breached_by_member[m.pk]) for m in members],
        unassigned_open=open_by_member[None],
        units=sorted(units.values(), key=lambda u: (-u.open, u.name)),
        open_total=sum(u.open for u in units.values()),
        breach_total=sum(w.take_breaches + w.resolve_breaches for w in weeks),
        ratings=round(statistics.mean(ratings), 1) if ratings else None,
    )


@dataclass
class PeriodFigures:
    """The figures of a period (the compiled báo cáo's section), by the dashboard's rules:
    the team and the units it covers now; requests opened and resolved in the period; the
    median business minutes to take and to resolve those opened in it; those of them that
    missed a deadline; the requests passed to a partner in it."""

    members: int
    leaders: list[str]
    units_covered: int
    units_total: int
    opened: int
    resolved: int
    still_open: int
    take_breaches: int
    resolve_breaches: int
    escalated: int
    take_minutes: list[int] = field(default_factory=list)
    resolve_minutes: list[int] = field(default_factory=list)

    @property
    def median_take(self) -> float | None:
        return statistics.median(self.take_minutes) if self.take_minutes else None

    @property
    def median_resolve(self) -> float | None:
        return statistics.median(self.resolve_minutes) if self.resolve_minutes else None

    @property
    def breached(self) -> int:
        return self.take_breaches + self.resolve_breaches


def period_figures(
    *, start: dt.date, end: dt.date, now: dt.datetime | None = None
) -> PeriodFigures:
    """Seven queries, whatever the number of requests. The units: every active unit below
    the Department but the unions."""
    now = now or timezone.now()
    lo = timezone.make_aware(dt.datetime.combine(start, dt.time.min))
    hi = timezone.make_aware(dt.datetime.combine(end + dt.timedelta(days=1), dt.time.min))
    days_off = frozenset(Holiday.objects.values_list("date", flat=True))
    members = list(
        TeamMember.objects.filter(is_active=True)
        .select_related("staff")
        .order_by("-is_leader", "sort_order", "staff__full_name")
    )
    units = Unit.objects.filter(is_active=True, parent__isnull=False).exclude(kind=Unit.Kind.UNION)
    covered = UnitAssignment.objects.filter(primary__isnull=False, unit__in=units).count()
    opened = list(
        SupportRequest.objects.filter(created_at__gte=lo, created_at__lt=hi).only(
            "state", "created_at", "taken_at", "resolved_at", "take_due_at", "resolve_due_at"
        )
    )
    figures = PeriodFigures(
        members=len(members),
        leaders=[m.staff.full_name for m in members if m.is_leader],
        units_covered=covered,
        units_total=units.count(),
        opened=len(opened),
        resolved=SupportRequest.objects.filter(resolved_at__gte=lo, resolved_at__lt=hi).count(),
        still_open=sum(1 for r in opened if r.is_open),
        take_breaches=0,
        resolve_breaches=0,
        escalated=RequestEvent.objects.filter(
            kind=RequestEvent.Kind.ESCALATED, at__gte=lo, at__lt=hi
        )
        .values("request_id")
        .distinct()
        .count(),
    )
    for r in opened:
        if r.taken_at or r.is_open:
            figures.take_breaches += int((r.taken_at or now) > r.take_due_at)
        figures.resolve_breaches += int(_breached_resolve(r, now))
        if r.taken_at:
            figures.take_minutes.append(
                clock.business_minutes_between(r.created_at, r.taken_at, days_off)
            )
        if r.resolved_at:
            figures.resolve_minutes.append(
                clock.business_minutes_between(r.created_at, r.resolved_at, days_off)
            )
    return figures
