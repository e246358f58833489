"""Reads of the tracing module. Tracing data is visible to Tracers and Admins only
(both organisation-wide roles); views check the role too."""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.db.models import Count, Exists, OuterRef, QuerySet
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from phongdich.checkin.models import Location, Person
from phongdich.core.permissions import has_role
from phongdich.core.roles import Role
from phongdich.org.models import Unit
from phongdich.tracing.models import Case, Contact, FollowUp, TraceRun
from phongdich.tracing.store import chunked
from tracing_engine import TraceResult

TRACING_ROLES = (Role.TRACER, Role.ADMIN)


def can_trace(user: Any) -> bool:
    return has_role(user, *TRACING_ROLES)


def cases_visible(user: Any) -> QuerySet[Case]:
    if not can_trace(user):
        return Case.objects.none()
    return Case.objects.all()


def case_get(user: Any, pk: Any) -> Case | None:
    """The case if ``user`` may see it, else None (a view answers 404)."""
    try:
        key = int(pk)
    except (TypeError, ValueError):
        return None
    return (
        cases_visible(user)
        .select_related("person", "unit", "staff", "profile", "source_contact__case")
        .filter(pk=key)
        .first()
    )


def contacts_of(case: Case) -> QuerySet[Contact]:
    return (
        Contact.objects.filter(case=case)
        .select_related("person__staff__unit", "via", "location", "run")
        .order_by("level", "exposed_at", "pk")
    )


def latest_run(case: Case) -> TraceRun | None:
    return TraceRun.objects.filter(case=case).order_by("-created_at").first()


def dashboard(user: Any, *, today: date | None = None) -> dict[str, Any]:
    """Per unit: open cases, contacts of open cases by status; follow-ups due today.
    Four queries whatever the number of units."""
    today = today or timezone.localdate()
    cases = cases_visible(user).filter(status=Case.Status.OPEN)
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
    return {
        "today": today,
        "rows": rows,
        "active_cases": sum(case_counts.values()),
        "contacts": sum(r["contacts"] for r in rows),
        "followups_due": due,
        "statuses": Contact.Status.choices,
    }


def _unit_key(units: dict[int, Unit], unit_id: int | None) -> tuple[int, str]:
    unit = units.get(unit_id) if unit_id is not None else None
    return (1, "") if unit is None else (0, unit.path)


# Rows for exports -----------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ContactRow:
    """One traced person as an export shows it."""

    level: int
    person: str  # normalised identity
    full_name: str
    phone: str
    unit: str
    exposed_at: datetime
    via: str  # identity of the person through whom the exposure happened
    via_name: str
    location: str  # location code
    location_name: str
    overlap_minutes: float


def _phone(identity: str) -> str:
    return identity if identity.startswith("+") else ""


def _unit_name(person: Person | None) -> str:
    if person is None or person.staff is None:
        return ""
    return person.staff.unit.name


def contact_rows(contacts: Iterable[Contact]) -> list[ContactRow]:
    """Rows of stored contacts (select_related person__staff__unit, via, location)."""
    return [
        ContactRow(
            level=c.level,
            person=c.person.identity,
            full_name=c.person.full_name,
            phone=_phone(c.person.identity),
            unit=_unit_name(c.person),
            exposed_at=c.exposed_at,
            via=c.via.identity,
            via_name=c.via.full_name,
            location=c.location.code,
            location_name=c.location.name,
            overlap_minutes=c.overlap_minutes,
        )
        for c in contacts
    ]


def contact_rows_of_json(result: dict[str, Any]) -> list[ContactRow]:
    """Rows of a tracing.md JSON result, with names, units and gate names from the
    database (three queries per 900 people)."""
    items = result.get("contacts", [])
    identities = {i["person"] for i in items} | {i["via"] for i in items}
    persons: dict[str, Person] = {}
    index = {Person.index_of(identity): identity for identity in identities}
    for chunk in chunked(list(index)):
        for found in Person.objects.filter(identity_index__in=chunk).select_related("staff__unit"):
            persons[index[found.identity_index]] = found
    codes = {i["location"] for i in items}
    names = dict(Location.objects.filter(code__in=codes).order_by().values_list("code", "name"))
    rows = []
    for item in items:
        person = persons.get(item["person"])
        via = persons.get(item["via"])
        exposed = parse_datetime(item["exposed_at"])
        assert exposed is not None
        rows.append(
            ContactRow(
                level=item["level"],
                person=item["person"],
                full_name=person.full_name if person else "",
                phone=_phone(item["person"]),
                unit=_unit_name(person),
                exposed_at=exposed,
                via=item["via"],
                via_name=via.full_name if via else "",
                location=item["location"],
                location_name=names.get(item["location"], ""),
                overlap_minutes=item["overlap_minutes"],
            )
        )
    return rows


def contact_rows_of_run(run: TraceRun) -> list[ContactRow]:
    """Rows of one trace run exactly as it found them (its stored JSON)."""
    if not run.result_json:
        return []
    return contact_rows_of_json(json.loads(run.result_json))


def contact_rows_of_result(result: TraceResult) -> list[ContactRow]:
    return contact_rows_of_json(result.to_json_dict())


__all__ = [
    "ContactRow",
    "can_trace",
    "case_get",
    "cases_visible",
    "contact_rows",
    "contact_rows_of_json",
    "contact_rows_of_result",
    "contact_rows_of_run",
    "contacts_of",
    "dashboard",
    "latest_run",
]
