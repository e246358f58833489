"""Reads of the public check-in: the person a cookie remembers, their open visit and
current declaration, a submission already stored, the result page's visit.

These serve an anonymous person at a gate: the scope is the gate's token and the
signed cookie or ticket, checked by the view; every lookup is a unique one.
"""

from __future__ import annotations

import json
import uuid
from datetime import datetime, timedelta
from typing import Any

from django.db import connection
from django.db.models import Exists, Model, OuterRef, QuerySet, Subquery
from django.utils import timezone

from phongdich.checkin import sql
from phongdich.checkin.models import (
    Declaration,
    DiseaseProfile,
    Location,
    Person,
    PersonCheckin,
    Submission,
    Visit,
)
from phongdich.checkin.profiles import risk_reasons
from phongdich.checkin.sql import citus_installed, citus_next_check_ins


def person_remembered(*, pk: int) -> Person | None:
    """The person whose id a signed cookie carries."""
    return Person.objects.filter(pk=pk).first()


def person_returning(
    *, pk: int, profile: DiseaseProfile
) -> tuple[Person, Declaration | None] | None:
    """For a one-tap return, in one query: the person a signed cookie names and their
    latest declaration under ``profile`` still valid now. Both are loaded with the
    few fields the one-tap needs (no personal value is decrypted); any other field is
    read from the database when first used (Django's deferred fields)."""
    row = sql.person_returning(pk=pk, profile_id=profile.pk, now=timezone.now())
    if row is None:
        return None
    person_id, cccd_index, staff_id, declaration_id, is_risky, valid_until, declared_at = row
    person = _deferred(Person, {"id": person_id, "cccd_index": cccd_index, "staff_id": staff_id})
    if declaration_id is None:
        return person, None
    declaration = _deferred(
        Declaration,
        {
            "id": declaration_id,
            "person_id": person_id,
            "profile_id": profile.pk,
            "is_risky": bool(is_risky),
            "valid_until": sql.python_datetime(valid_until),
            "declared_at": sql.python_datetime(declared_at),
        },
    )
    return person, declaration


def _deferred[M: Model](model: type[M], values: dict[str, Any]) -> M:
    """An instance as the ORM loads one with ``.only(*values)``: the other fields are
    read from the database when first used."""
    names = [f.attname for f in model._meta.concrete_fields if f.attname in values]
    return model.from_db(connection.alias, names, [values[n] for n in names])


def cut_by_later_checkin() -> Exists:
    """A visit ends, at the latest, at its person's next check-in anywhere (tracing.md):
    true for a visit (the outer query's row) that a later check-in has cut. Read from
    the person-keyed models.PersonCheckin; the visit row itself is never cut."""
    return Exists(
        PersonCheckin.objects.filter(
            person_id=OuterRef("person_id"), check_in__gt=OuterRef("check_in")
        )
    )


def open_visits(visits: QuerySet[Visit], *, now: datetime | None = None) -> QuerySet[Visit]:
    """The visits of ``visits`` still open at ``now``: no check-out, their own end
    later, and no later check-in of the person since."""
    moment = now or timezone.now()
    candidates = visits.filter(check_out__isnull=True, effective_end__gt=moment)
    if not citus_installed():
        return candidates.exclude(cut_by_later_checkin())
    # Citus: the visits (by location) and the person-keyed check-ins (by person) are
    # two co-location groups; the cut is a second query, its answer an id list.
    rows = list(candidates.values_list("pk", "person_id", "check_in"))
    cut = citus_next_check_ins([(pid, check_in) for _, pid, check_in in rows])
    return candidates.filter(
        pk__in=[pk for pk, pid, check_in in rows if (pid, check_in) not in cut]
    )


def presence_end(visit: Visit) -> datetime:
    """The end of the visit's presence per tracing.md: its own stored end, or the
    person's next check-in anywhere when that comes first."""
    if visit.check_out is not None:
        return visit.check_out
    following = (
        PersonCheckin.objects.filter(person_id=visit.person_id, check_in__gt=visit.check_in)
        .order_by("check_in")
        .values_list("check_in", flat=True)
        .first()
    )
    return min(visit.effective_end, following) if following else visit.effective_end


def visit_open_at(*, person: Person, location: Location) -> Visit | None:
    """The person's visit at ``location`` that is still open now, if any."""
    return (
        open_visits(Visit.objects.filter(person=person, location=location))
        .exclude(status=Visit.Status.REFUSED)
        .order_by("-check_in")
        .first()
    )


def declaration_current(*, person: Person, profile: DiseaseProfile) -> Declaration | None:
    """The person's latest declaration under ``profile`` that is still valid now."""
    return (
        Declaration.objects.filter(person=person, profile=profile, valid_until__gt=timezone.now())
        .order_by("-declared_at")
        .first()
    )


def declaration_answers(declaration: Declaration) -> dict[str, Any]:
    """The stored answers (profiles.py); {} when unreadable."""
    try:
        answers = json.loads(declaration.answers or "{}")
    except ValueError:
        return {}
    return answers if isinstance(answers, dict) else {}


def visit_submitted(*, location: Location, submission_id: uuid.UUID) -> Visit | None:
    """The visit already stored for this form submission at this gate (replay
    detection by (location, submission_id): models.Submission)."""
    claimed = Submission.objects.filter(location=location, submission_id=submission_id)
    return (
        Visit.objects.filter(
            location=location,
            check_in=Subquery(claimed.values("check_in")[:1]),
            pk=Subquery(claimed.values("visit_id")[:1]),
        )
        .order_by()
        .first()
    )


def visit_ticket(*, visit_id: int, location: Location) -> tuple[Visit, list[str]] | None:
    """The visit a result ticket names, at this gate, with the reasons its declaration
    was flagged (empty when it was not)."""
    if citus_installed():
        # Citus: the visit, its person and its declaration are on different shards
        # (two co-location groups): no join, three lookups.
        visit = (
            Visit.objects.select_related("location__unit")
            .filter(pk=visit_id, location=location)
            .first()
        )
        if visit is not None:
            visit.person = Person.objects.get(pk=visit.person_id)
            if visit.declaration_id is not None:
                visit.declaration = Declaration.objects.filter(
                    person_id=visit.person_id, pk=visit.declaration_id
                ).first()
    else:
        visit = (
            Visit.objects.select_related("person", "declaration", "location__unit")
            .filter(pk=visit_id, location=location)
            .first()
        )
    if visit is None:
        return None
    reasons: list[str] = []
    declaration = visit.declaration
    if declaration is not None and declaration.is_risky:
        reasons = risk_reasons(declaration.profile.questions, declaration_answers(declaration))
    return visit, reasons


# A staff member's own check-ins (their home page) -----------------------------------

OWN_VISIT_DAYS = 14


def own_visits(
    *, staff: Any, days: int = OWN_VISIT_DAYS, limit: int = 5
) -> tuple[int, list[Visit]]:
    """The check-ins of ``staff`` (visits of the persons linked to their staff record, as
    ``services.checkin.person_upsert`` links them by phone) over the last ``days`` days:
    how many, and the latest ``limit``. Only the staff member's own rows; nothing
    encrypted is read (gate, time and status are plain)."""
    since = timezone.now() - timedelta(days=days)
    if citus_installed():  # Citus: no join of the visits with the people (module doc)
        people = list(Person.objects.filter(staff=staff).values_list("pk", flat=True))
        visits = Visit.objects.filter(person_id__in=people, check_in__gte=since)
    else:
        visits = Visit.objects.filter(person__staff=staff, check_in__gte=since)
    latest = list(visits.select_related("location").order_by("-check_in")[:limit])
    count = len(latest) if len(latest) < limit else visits.count()
    return count, latest
