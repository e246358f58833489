"""Reads of the public check-in: the person a cookie remembers, their open visit and
current declaration, a submission already stored, the result page's visit.

These serve an anonymous person at a gate: the scope is the gate's token and the
signed cookie or ticket, checked by the view; every lookup is a unique one.
"""

from __future__ import annotations

import json
import uuid
from datetime import timedelta
from typing import Any

from django.utils import timezone

from phongdich.checkin.models import Declaration, DiseaseProfile, Location, Person, Visit
from phongdich.checkin.profiles import risk_reasons


def person_remembered(*, pk: int) -> Person | None:
    """The person whose id a signed cookie carries."""
    return Person.objects.filter(pk=pk).first()


def visit_open_at(*, person: Person, location: Location) -> Visit | None:
    """The person's visit at ``location`` that is still open now, if any."""
    return (
        Visit.objects.filter(
            person=person,
            location=location,
            check_out__isnull=True,
            effective_end__gt=timezone.now(),
        )
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


def visit_submitted(*, submission_id: uuid.UUID) -> Visit | None:
    """The visit already stored for this form submission (only its id and gate)."""
    return (
        Visit.objects.filter(submission_id=submission_id)
        .order_by()
        .only("id", "location_id")
        .first()
    )


def visit_ticket(*, visit_id: int, location: Location) -> tuple[Visit, list[str]] | None:
    """The visit a result ticket names, at this gate, with the reasons its declaration
    was flagged (empty when it was not)."""
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
    visits = Visit.objects.filter(person__staff=staff, check_in__gte=since)
    latest = list(visits.select_related("location").order_by("-check_in")[:limit])
    count = len(latest) if len(latest) < limit else visits.count()
    return count, latest
