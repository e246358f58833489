"""Adoption rates per unit, per union and for the whole Sở; week on week; ranking; the
rate over time of one unit; who has not declared or not installed. Each call reads a
fixed number of queries (units, staff, memberships, apps, events) and counts in Python
(``adoption.rates``)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Q, QuerySet
from django.utils import timezone

from phongdich.adoption.audience import applies
from phongdich.adoption.models import (
    ADOPTED,
    Declaration,
    DeclarationEvent,
    RequiredApp,
    Union,
    UnionMembership,
)
from phongdich.adoption.rates import (
    Tally,
    Timeline,
    Week,
    competition_ranks,
    moment_after,
    tally_person,
)
from phongdich.adoption.selectors.scope import led_unions, reader_units, sees_everything
from phongdich.org.models import Staff, Unit

HISTORY_WEEKS = 12


@dataclass
class Population:
    staff: list[Staff]
    unions_of: dict[int, set[int]]
    timeline: Timeline

    def member(self, staff: Staff) -> bool:
        return bool(self.unions_of.get(staff.pk))

    def applies(self, app: RequiredApp, staff: Staff) -> bool:
        return applies(app, staff, union_member=self.member(staff))

    def app_totals(self, apps: Sequence[RequiredApp], moment: dt.datetime) -> dict[int, Tally]:
        """Each app's total at ``moment``, by app id: the sum over everyone of
        ``tally_person`` with that app alone (the same rule), each person's smartphone
        answer read once for every app."""
        totals = {app.pk: Tally() for app in apps}
        for person in self.staff:
            mine = [app for app in apps if self.applies(app, person)]
            if not mine:
                continue
            no_phone = int(self.timeline.without_smartphone(person.pk, moment))
            for app in mine:
                status = self.timeline.status(person.pk, app.pk, moment)
                total = totals[app.pk]
                total.counted += 1
                total.adopted += status in ADOPTED
                total.declared += status is not None
                total.no_smartphone += no_phone
        return totals

    def tallies(self, apps: Sequence[RequiredApp], moment: dt.datetime) -> dict[int, Tally]:
        """Each counted person's tally at ``moment``, by staff id."""
        found: dict[int, Tally] = {}
        for person in self.staff:
            tally = tally_person(person, apps, self.timeline, moment, self.applies)
            if tally is not None:
                found[person.pk] = tally
        return found


def load_population(
    staff: QuerySet[Staff], apps: Sequence[RequiredApp], *, until: dt.datetime | None = None
) -> Population:
    """Three queries: the staff (with units), their unions, their declaration events."""
    # No phone number is read (no rate shows one; each one a decryption).
    people = list(
        staff.filter(is_active=True).select_related("unit").defer("phone").order_by("full_name")
    )
    ids = [p.pk for p in people]
    unions_of: dict[int, set[int]] = defaultdict(set)
    for staff_id, union_id in UnionMembership.objects.filter(staff_id__in=ids).values_list(
        "staff_id", "union_id"
    ):
        unions_of[staff_id].add(union_id)
    # Every app's events: "no smartphone" said for any app counts for all of them.
    events = DeclarationEvent.objects.filter(staff_id__in=ids)
    if until is not None:
        events = events.filter(at__lt=until)
    timeline = Timeline(events.values_list("staff_id", "app_id", "status", "at"))
    return Population(staff=people, unions_of=dict(unions_of), timeline=timeline)


@dataclass
class Row:
    label: str
    now: Tally
    before: Tally
    denominator: str
    unit: Unit | None = None
    union: Union | None = None
    depth: int = 0
    rank: int | None = None

    @property
    def percent(self) -> float | None:
        return self.now.percent(self.denominator)

    @property
    def before_percent(self) -> float | None:
        return self.before.percent(self.denominator)

    @property
    def base(self) -> int:
        return self.now.denominator(self.denominator)

    @property
    def change(self) -> float | None:
        """Percentage points gained since the end of last week."""
        if self.percent is None or self.before_percent is None:
            return None
        return round(self.percent - self.before_percent, 1)

    @property
    def gained(self) -> int:
        return self.now.adopted - self.before.adopted


@dataclass
class RatesReport:
    apps: list[RequiredApp]
    denominator: str
    week: Week
    day: dt.date
    units: list[Row] = field(default_factory=list)
    unions: list[Row] = field(default_factory=list)
    total: Row | None = None
    whole: bool = False


def _rows_for(
    label: str, tallies_now: dict[int, Tally], tallies_before: dict[int, Tally], ids: Any
) -> tuple[Tally, Tally]:
    now, before = Tally(), Tally()
    for staff_id in ids:
        if staff_id in tallies_now:
            now.add(tallies_now[staff_id])
        if staff_id in tallies_before:
            before.add(tallies_before[staff_id])
    return now, before


def rates_report(
    *,
    user: Any,
    apps: Sequence[RequiredApp],
    denominator: str,
    day: dt.date | None = None,
    unit: Unit | None = None,
) -> RatesReport:
    """Rates of ``apps`` (a person counts as adopted when every one of them that is for
    them is installed or in use) at the end of ``day`` and at the end of the previous
    ISO week, per unit (with its sub-units), per union and in total."""
    day = day or timezone.localdate()
    week = Week.of(day)
    now_at, before_at = moment_after(day), week.previous.end
    units = reader_units(user)
    if unit is not None:
        units = units.filter(path__startswith=unit.path)
    unit_list = list(units.order_by("path"))
    unions = list(led_unions(user)) if unit is None else []
    union_ids = [u.pk for u in unions]
    staff = Staff.objects.filter(
        Q(unit__in=unit_list)
        | Q(pk__in=UnionMembership.objects.filter(union_id__in=union_ids).values("staff"))
    )
    population = load_population(staff, apps, until=now_at)
    tallies_now = population.tallies(apps, now_at)
    tallies_before = population.tallies(apps, before_at)
    whole = sees_everything(user) and unit is None
    report = RatesReport(apps=list(apps), denominator=denominator, week=week, day=day, whole=whole)

    visible_ids = {u.pk for u in unit_list}
    members_of_unit: dict[int, list[int]] = defaultdict(list)
    in_units: list[int] = []
    for person in population.staff:
        if person.unit_id not in visible_ids:
            continue
        in_units.append(person.pk)
        for ancestor in person.unit.path.strip("/").split("/"):
            members_of_unit[int(ancestor)].append(person.pk)
    shown = [u for u in unit_list if not (whole and u.parent_id is None)]
    for u in shown:
        now, before = _rows_for(u.name, tallies_now, tallies_before, members_of_unit[u.pk])
        if now.counted:
            report.units.append(Row(u.name, now, before, denominator, unit=u, depth=u.depth))
    if report.units:
        top = min(r.depth for r in report.units)
        # Unions are ranked on their own (report.unions), not among the units.
        ranked = [
            r for r in report.units if r.depth == top and r.unit and r.unit.kind != Unit.Kind.UNION
        ]
        for row, rank in zip(
            ranked, competition_ranks([r.now.rate(denominator) for r in ranked]), strict=True
        ):
            row.rank = rank
    members: dict[int, list[int]] = defaultdict(list)
    for person in population.staff:
        for union_id in population.unions_of.get(person.pk, ()):
            members[union_id].append(person.pk)
    for union in unions:
        now, before = _rows_for(union.name, tallies_now, tallies_before, members[union.pk])
        report.unions.append(Row(union.name, now, before, denominator, union=union))
    if in_units:
        now, before = _rows_for("", tallies_now, tallies_before, in_units)
        report.total = Row("", now, before, denominator)
    return report


def ranked_units(report: RatesReport) -> list[Row]:
    return sorted((r for r in report.units if r.rank is not None), key=lambda r: (r.rank, r.label))


@dataclass
class AppSummary:
    app: RequiredApp
    row: Row


def summary_by_app(
    *, user: Any, apps: Sequence[RequiredApp], denominator: str, day: dt.date | None = None
) -> list[AppSummary]:
    """One total row per app (the whole scope the user sees); one population read."""
    day = day or timezone.localdate()
    week = Week.of(day)
    now_at, before_at = moment_after(day), week.previous.end
    population = load_population(
        Staff.objects.filter(unit__in=reader_units(user)), apps, until=now_at
    )
    now = population.app_totals(apps, now_at)
    before = population.app_totals(apps, before_at)
    return [
        AppSummary(app=app, row=Row(app.name, now[app.pk], before[app.pk], denominator))
        for app in apps
    ]


@dataclass
class Point:
    week: Week
    percent: float | None
    adopted: int
    base: int


def unit_history(
    *,
    unit: Unit,
    apps: Sequence[RequiredApp],
    denominator: str,
    day: dt.date | None = None,
    weeks: int = HISTORY_WEEKS,
) -> list[Point]:
    """The rate at the end of each of the last ``weeks`` ISO weeks (the current one up
    to the end of ``day``), oldest first. The caller has checked the unit is visible."""
    day = day or timezone.localdate()
    population = load_population(
        Staff.objects.filter(unit__path__startswith=unit.path), apps, until=moment_after(day)
    )
    current = Week.of(day)
    points = []
    for back in range(weeks - 1, -1, -1):
        week = Week(current.monday - dt.timedelta(days=7 * back))
        moment = moment_after(day) if back == 0 else week.end
        total = Tally()
        for t in population.tallies(apps, moment).values():
            total.add(t)
        points.append(
            Point(
                week=week,
                percent=total.percent(denominator),
                adopted=total.adopted,
                base=total.denominator(denominator),
            )
        )
    return points


@dataclass
class PersonLine:
    staff: Staff
    answers: list[Declaration | None]
    applicable: list[bool]

    @property
    def cells(self) -> list[tuple[bool, Declaration | None]]:
        return list(zip(self.applicable, self.answers, strict=True))

    @property
    def declared_none(self) -> bool:
        return all(a is None for a, mine in zip(self.answers, self.applicable, strict=True) if mine)

    @property
    def missing(self) -> bool:
        """Not installed (or not declared) for at least one of the apps that are for them."""
        return any(
            a is None or a.status not in ADOPTED
            for a, mine in zip(self.answers, self.applicable, strict=True)
            if mine
        )


def _line(person: Staff, apps: Sequence[RequiredApp], answers: dict, member: bool) -> PersonLine:
    mine = [applies(a, person, union_member=member) for a in apps]
    return PersonLine(
        staff=person,
        answers=[
            answers.get((person.pk, a.pk)) if m else None for a, m in zip(apps, mine, strict=True)
        ],
        applicable=mine,
    )


@dataclass
class UnitPeople:
    unit: Unit
    apps: list[RequiredApp]
    people: list[PersonLine]

    @property
    def not_declared(self) -> list[PersonLine]:
        return [p for p in self.people if p.declared_none]

    @property
    def not_installed(self) -> list[PersonLine]:
        return [p for p in self.people if p.missing and not p.declared_none]


def unit_people(*, unit: Unit, apps: Sequence[RequiredApp]) -> UnitPeople:
    """Everyone of ``unit`` (and its sub-units) with their answer per app; 3 queries.
    The caller has checked the unit is visible to the user."""
    people = list(
        Staff.objects.filter(unit__path__startswith=unit.path, is_active=True)
        .select_related("unit")
        .order_by("unit__path", "full_name")
    )
    members = set(
        UnionMembership.objects.filter(staff__in=people).values_list("staff_id", flat=True)
    )
    answers = {
        (d.staff_id, d.app_id): d
        for d in Declaration.objects.filter(staff__in=people, app__in=list(apps))
    }
    lines = [_line(p, apps, answers, p.pk in members) for p in people]
    lines = [line for line in lines if any(line.applicable)]
    return UnitPeople(unit=unit, apps=list(apps), people=lines)


def unit_visible(*, user: Any, pk: Any) -> Unit:
    """A unit the user reads (DoesNotExist otherwise: a 404)."""
    return reader_units(user).get(pk=pk)


def union_visible(*, user: Any, pk: Any) -> Union:
    return led_unions(user).get(pk=pk)


def union_people(*, union: Union, apps: Sequence[RequiredApp]) -> list[PersonLine]:
    """The members of ``union`` with their answer per app; 3 queries."""
    people = list(
        Staff.objects.filter(
            pk__in=UnionMembership.objects.filter(union=union).values("staff"), is_active=True
        )
        .select_related("unit")
        .order_by("unit__path", "full_name")
    )
    answers = {
        (d.staff_id, d.app_id): d
        for d in Declaration.objects.filter(staff__in=people, app__in=list(apps))
    }
    return [_line(p, apps, answers, True) for p in people]


@dataclass
class RatesPage:
    report: RatesReport
    summary: list[AppSummary]
    apps: list[RequiredApp]


def rates_page(
    *, user: Any, apps: Sequence[RequiredApp], denominator: str, day: dt.date | None = None
) -> RatesPage:
    """The rates page: the chosen apps' report and one total line per active app."""
    every = list(RequiredApp.objects.filter(is_active=True))
    return RatesPage(
        report=rates_report(user=user, apps=apps, denominator=denominator, day=day),
        summary=summary_by_app(user=user, apps=every, denominator=denominator, day=day),
        apps=every,
    )


@dataclass
class UnitPage:
    unit: Unit
    people: UnitPeople
    history: list[Point]
    report: RatesReport


def unit_page(
    *,
    user: Any,
    pk: Any,
    apps: Sequence[RequiredApp],
    denominator: str,
    day: dt.date | None = None,
) -> UnitPage:
    """One unit for its head: who has not declared or not installed, the rate over time,
    and its sub-units' rates (DoesNotExist for a unit the user does not read)."""
    unit = unit_visible(user=user, pk=pk)
    return UnitPage(
        unit=unit,
        people=unit_people(unit=unit, apps=apps),
        history=unit_history(unit=unit, apps=apps, denominator=denominator, day=day),
        report=rates_report(user=user, apps=apps, denominator=denominator, day=day, unit=unit),
    )


def active_apps() -> list[RequiredApp]:
    return list(RequiredApp.objects.filter(is_active=True))
