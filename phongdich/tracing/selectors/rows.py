"""Rows of traced contacts as the exports (.xlsx, ``manage.py trace``) show them:
from stored contacts, from a trace run's stored JSON, or from a fresh result."""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.utils.dateparse import parse_datetime

from phongdich.checkin.models import Location, Person
from phongdich.tracing.models import Contact, TraceRun
from phongdich.tracing.store import chunked
from tracing_engine import TraceResult


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


def contact_rows(*, contacts: Iterable[Contact]) -> list[ContactRow]:
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


def contact_rows_of_json(*, result: dict[str, Any]) -> list[ContactRow]:
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


def contact_rows_of_run(*, run: TraceRun) -> list[ContactRow]:
    """Rows of one trace run exactly as it found them (its stored JSON)."""
    if not run.result_json:
        return []
    return contact_rows_of_json(result=json.loads(run.result_json))


def contact_rows_of_result(*, result: TraceResult) -> list[ContactRow]:
    return contact_rows_of_json(result=result.to_json_dict())
