"""Reads of the tracing dashboard: open cases and their contacts per unit and by status,
and the follow-ups still due today. The dashboard holds counts only (no person), so the
Director and the Office read it too (their home's tile links to it); every other tracing
page stays with the tracers (``TRACING_ROLES``)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from phongdich.core.permissions import has_role
from phongdich.core.roles import Role
from phongdich.org.models import Unit
from phongdich.tracing.models import Case, Contact, FollowUp
from phongdich.tracing.selectors.cases import TRACING_ROLES, cases_visible

# Who opens the dashboard (counts only): the tracers, and the leadership that watches them.
DASHBOARD_ROLES = (*TRACING_ROLES, Role.DIRECTOR, Role.OFFICE)
# Contacts in these states are no longer followed up.
ENDED = (Contact.Status.POSITIVE, Contact.Status.RELEASED)


def _cases(user: Any) -> QuerySet[Case]:
    """Every case for a reader of the dashboard (each of its roles sees the whole Sở)."""
    if has_role(user, *DASHBOARD_ROLES):
        return Case.objects.all()
    return cases_visible(user=user)


def dashboard(*, user: Any, today: date | None = None) -> dict[str, Any]:
    """Per unit: open cases, contacts of open cases by status; the totals by status;
    follow-ups due today. Four queries whatever the number of units."""
    today = today or timezone.localdate()
    cases = _cases(user).filter(status=Case.Status.OPEN)
    case_counts: dict[int | None, int] = dict(
        cases.order_by().values_list("unit_id").annotate(n=Count("pk")).values_list("unit_id", "n")
    )
    contacts = Contact.objects.filter(case__in=cases)
    by_unit: defaultdict[int | None, dict[str, int]] = defaultdict(dict)
    for unit_key, status, n in (
        contacts.order_by()
        .values_list("case__unit_id", "status")
        .annotate(n=Count("pk"))
        .values_list("case__unit_id", "status", "n")
    ):
        by_unit[unit_key][status] = n
    unit_ids = [u for u in set(case_counts) | set(by_unit) if u is not None]
    units = {u.pk: u for u in Unit.objects.filter(pk__in=unit_ids)}
    rows = []
    for unit_id in sorted(set(case_counts) | set(by_unit), key=lambda u: _unit_key(units, u)):
        statuses = by_unit.get(unit_id, {})
        rows.append(
            {
                "unit": units.get(unit_id) if unit_id is not None else None,
                "active_cases": case_counts.get(unit_id, 0),
                "contacts": sum(statuses.values()),
                "by_status": [
                    (value, label, statuses.get(value, 0))
                    for value, label in Contact.Status.choices
                ],
            }
        )
    done_today = FollowUp.objects.filter(contact=OuterRef("pk"), day=today)
    due = (
        contacts.filter(follow_up_until__gte=today, exposed_at__date__lte=today)
        .exclude(status__in=[Contact.Status.POSITIVE, Contact.Status.RELEASED])
        .filter(~Exists(done_today))
        .count()
    )
    totals: dict[str, int] = defaultdict(int)  # contacts of open cases by status
    for statuses in by_unit.values():
        for status, n in statuses.items():
            totals[status] += n
    return {
        "today": today,
        "rows": rows,
        "active_cases": sum(case_counts.values()),
        "contacts": sum(r["contacts"] for r in rows),
        "followups_due": due,
        "statuses": Contact.Status.choices,
        "by_status": [(label, totals[value]) for value, label in Contact.Status.choices],
    }


def _unit_key(units: dict[int, Unit], unit_id: int | None) -> tuple[int, str]:
    unit = units.get(unit_id) if unit_id is not None else None
    return (1, "") if unit is None else (0, unit.path)


@dataclass(frozen=True)
class TracingFigures:
    open_cases: int
    f1: int  # F1 of open cases still under follow-up
    f2: int
    further: int  # F3 and beyond, under follow-up
    due_today: int  # under follow-up, today's entry not recorded yet
    overdue: int  # under follow-up since before yesterday, yesterday's entry missing


def tracing_figures(*, user: Any, today: date) -> TracingFigures:
    """The home tile's figures (``tracing/tiles.py``). Two queries."""
    cases = _cases(user).filter(status=Case.Status.OPEN)
    open_cases = cases.count()
    yesterday = today - timedelta(days=1)
    under = Q(follow_up_until__gte=today, exposed_at__date__lte=today) & ~Q(status__in=ENDED)
    done_today = FollowUp.objects.filter(contact=OuterRef("pk"), day=today)
    done_yesterday = FollowUp.objects.filter(contact=OuterRef("pk"), day=yesterday)
    counts = (
        Contact.objects.filter(case__in=cases, in_latest_run=True)
        .filter(under)
        .annotate(today_done=Exists(done_today), yesterday_done=Exists(done_yesterday))
        .aggregate(
            f1=Count("pk", filter=Q(level=1)),
            f2=Count("pk", filter=Q(level=2)),
            further=Count("pk", filter=Q(level__gt=2)),
            due=Count("pk", filter=Q(today_done=False)),
            overdue=Count("pk", filter=Q(yesterday_done=False, exposed_at__date__lt=yesterday)),
        )
    )
    return TracingFigures(
        open_cases=open_cases,
        f1=counts["f1"],
        f2=counts["f2"],
        further=counts["further"],
        due_today=counts["due"],
        overdue=counts["overdue"],
    )
