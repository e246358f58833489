"""Gates and visits for the guard console and visitor log tests."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from phongdich.checkin.models import DiseaseProfile, Location, Visit
from phongdich.checkin.services.checkin import declaration_create, person_upsert, visit_check_in

SAFE = {"symptoms": [], "contact": False, "outbreak_travel": False, "vaccine_doses": "2"}
RISKY = {"symptoms": ["fever", "cough"], "contact": True, "outbreak_travel": False}


def make_gates(obj: Any) -> None:
    """``gate_a`` in the guard's unit (the Office), ``gate_b`` in unit B."""
    obj.gate_a = Location.objects.create(code="VP-1", name="Cổng chính Sở", unit=obj.office_unit)
    obj.gate_b = Location.objects.create(code="TTB-1", name="Cổng Trung tâm B", unit=obj.unit_b)


def make_visit(
    location: Location,
    *,
    phone: str,
    name: str,
    answers: dict[str, Any] | None = None,
    is_visitor: bool = True,
    at: datetime | None = None,
    purpose: str = "Làm thủ tục",
    host: str = "Phòng Tổ chức",
) -> Visit:
    profile = DiseaseProfile.active()
    person = person_upsert(identity=phone, full_name=name)
    declaration = declaration_create(
        person=person,
        profile=profile,
        answers=SAFE if answers is None else answers,
        is_visitor=is_visitor,
        purpose=purpose if is_visitor else "",
        host=host if is_visitor else "",
        at=at,
    )
    return visit_check_in(person=person, location=location, declaration=declaration, at=at)


def on_citus(extra: int) -> int:
    """The queries a read costs more on a Citus cluster: ``extra`` there, else 0.

    Where a join would cross co-location groups (the visits by location, the people
    and their declarations by person) Citus refuses it, so the read prefetches those
    rows by id instead, and the open-visit cut is a second query
    (``checkin.citus.related``, ``selectors.visits.open_visits``): a fixed number more
    per read, never one per row (the tests comparing one row with many say so)."""
    from phongdich.checkin.sql import citus_installed

    return extra if citus_installed() else 0
