"""A person's own declarations, the evidence read, and the check-in page's question."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.utils import timezone

from phongdich.adoption.audience import applies
from phongdich.adoption.models import Declaration, ReminderLog, RequiredApp, UnionMembership
from phongdich.adoption.selectors.scope import visible_staff
from phongdich.org.models import Staff

ASK_EVERY = dt.timedelta(days=7)


@dataclass
class MyApp:
    app: RequiredApp
    declaration: Declaration | None


def apps_active() -> list[RequiredApp]:
    return list(RequiredApp.objects.filter(is_active=True))


def apps_for_staff(*, staff: Staff, apps: list[RequiredApp] | None = None) -> list[RequiredApp]:
    member = UnionMembership.objects.filter(staff=staff).exists()
    return [a for a in (apps or apps_active()) if applies(a, staff, union_member=member)]


def my_apps(*, staff: Staff) -> list[MyApp]:
    """The apps that are for ``staff``, each with their current answer (3 queries)."""
    apps = apps_for_staff(staff=staff)
    mine = {d.app_id: d for d in Declaration.objects.filter(staff=staff, app__in=apps)}
    return [MyApp(app=a, declaration=mine.get(a.pk)) for a in apps]


def declaration_for_evidence(*, user: Any, pk: Any) -> Declaration:
    """A declaration with evidence the user may see (DoesNotExist otherwise: a 404)."""
    return (
        Declaration.objects.filter(staff__in=visible_staff(user))
        .exclude(evidence_path="")
        .select_related("staff", "app")
        .get(pk=pk)
    )


def apps_to_ask(*, staff: Staff, now: dt.datetime | None = None) -> list[RequiredApp]:
    """For the check-in result page (through ``checkin_prompt`` below).

    The apps that are for ``staff`` and that they have not declared, unless they were
    asked in the last seven days (``prompt_record`` in services.declarations records an
    ask). Empty list: ask nothing. Three or four small queries, indexed.
    """
    now = now or timezone.now()
    since = timezone.localdate(now) - ASK_EVERY + dt.timedelta(days=1)
    asked = ReminderLog.objects.filter(
        staff=staff, kind=ReminderLog.Kind.CHECKIN_PROMPT, day__gte=since
    ).exists()
    if asked:
        return []
    declared = set(Declaration.objects.filter(staff=staff).values_list("app_id", flat=True))
    return [a for a in apps_for_staff(staff=staff) if a.pk not in declared]


@dataclass
class MyPage:
    staff: Staff | None
    apps: list[MyApp]
    unions: list[Any]
    leads: list[Any]

    @property
    def declared(self) -> int:
        return sum(1 for a in self.apps if a.declaration is not None)


def my_page(*, user: Any) -> MyPage:
    """The signed-in person's apps and answers, and the unions they are in or lead."""
    from phongdich.adoption.selectors.scope import own_staff

    staff = own_staff(user)
    if staff is None:
        return MyPage(staff=None, apps=[], unions=[], leads=[])
    memberships = list(UnionMembership.objects.filter(staff=staff).select_related("union"))
    member = bool(memberships)
    apps = [a for a in apps_active() if applies(a, staff, union_member=member)]
    mine = {d.app_id: d for d in Declaration.objects.filter(staff=staff, app__in=apps)}
    return MyPage(
        staff=staff,
        apps=[MyApp(app=a, declaration=mine.get(a.pk)) for a in apps],
        unions=[m.union for m in memberships],
        leads=[m.union for m in memberships if m.is_leader],
    )


@dataclass(frozen=True)
class CheckinPrompt:
    """What the check-in result page asks (``apps`` empty: nothing)."""

    staff: Staff | None
    apps: list[RequiredApp]


def checkin_staff(*, visit: Any) -> Staff | None:
    """The active staff member who made ``visit`` (the check-in links a ``Person`` to the
    staff record with the same phone: ``person_upsert``); None for anyone else."""
    person = visit.person
    if person is None or person.staff_id is None:
        return None
    return Staff.objects.filter(pk=person.staff_id, is_active=True).select_related("unit").first()


def checkin_prompt(*, visit: Any, now: dt.datetime | None = None) -> CheckinPrompt:
    """The weekly one-tap question of the check-in result page (issue 13 item 2).

    Asked when the person who checked in is a staff member (``checkin_staff``), they were
    not asked in the last seven days, this is their first check-in of the day and some
    apps meant for them are undeclared. Read on the result page (GET), never in the
    check-in POST. The cheapest decisive test first: no query for a visitor who is not
    staff, one for a staff member asked this week (the common case), at most seven when
    the question is shown.
    """
    from phongdich.checkin.models import Visit

    person = visit.person
    if person is None or person.staff_id is None:
        return CheckinPrompt(None, [])
    now = now or timezone.now()
    since = timezone.localdate(now) - ASK_EVERY + dt.timedelta(days=1)
    if ReminderLog.objects.filter(
        staff_id=person.staff_id, kind=ReminderLog.Kind.CHECKIN_PROMPT, day__gte=since
    ).exists():
        return CheckinPrompt(None, [])
    local = timezone.localtime(visit.check_in)
    start = local.replace(hour=0, minute=0, second=0, microsecond=0)
    if Visit.objects.filter(
        person_id=person.pk, check_in__gte=start, check_in__lt=visit.check_in
    ).exists():
        return CheckinPrompt(None, [])
    staff = checkin_staff(visit=visit)
    if staff is None:
        return CheckinPrompt(None, [])
    declared = set(Declaration.objects.filter(staff=staff).values_list("app_id", flat=True))
    return CheckinPrompt(staff, [a for a in apps_for_staff(staff=staff) if a.pk not in declared])
