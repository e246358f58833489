"""Reads of cases, their trace runs and contacts.

Tracing data is visible to Tracers and Admins only (both organisation-wide
roles): every read starts from ``cases_visible``, so an object of a case the user
may not see is never reachable by id. Views check the role too.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet

from phongdich.checkin.citus import related
from phongdich.core.permissions import has_role
from phongdich.core.roles import Role
from phongdich.tracing.models import Case, Contact, TraceRun

TRACING_ROLES = (Role.TRACER, Role.ADMIN)


def can_trace(*, user: Any) -> bool:
    return has_role(user, *TRACING_ROLES)


def cases_visible(*, user: Any) -> QuerySet[Case]:
    if not can_trace(user=user):
        return Case.objects.none()
    return Case.objects.all()


def case_list(*, user: Any, status: str = "") -> QuerySet[Case]:
    """The cases of the list page, newest first; ``status`` filters when it is one of
    ``Case.Status`` (anything else: every case)."""
    cases = related(cases_visible(user=user), "person", "unit", "staff")
    if status in Case.Status.values:
        cases = cases.filter(status=status)
    return cases.order_by("-created_at", "-pk")


def case_get(*, user: Any, pk: Any) -> Case | None:
    """The case if ``user`` may see it, else None (a view answers 404)."""
    try:
        key = int(pk)
    except (TypeError, ValueError):
        return None
    return (
        related(
            cases_visible(user=user), "person", "unit", "staff", "profile", "source_contact__case"
        )
        .filter(pk=key)
        .first()
    )


def contacts_of(*, case: Case) -> QuerySet[Contact]:
    return related(
        Contact.objects.filter(case=case), "person__staff__unit", "via", "location", "run"
    ).order_by("level", "exposed_at", "pk")


def contact_get(*, user: Any, pk: Any) -> Contact | None:
    """The contact if ``user`` may see its case, else None (a view answers 404)."""
    try:
        key = int(pk)
    except (TypeError, ValueError):
        return None
    return related(
        Contact.objects.filter(pk=key, case__in=cases_visible(user=user)),
        "case__person",
        "case__profile",
        "person__staff__unit",
        "via",
        "location",
    ).first()


def latest_run(*, case: Case) -> TraceRun | None:
    return TraceRun.objects.filter(case=case).order_by("-created_at").first()


def latest_done_run(*, case: Case) -> TraceRun | None:
    """The latest finished run of ``case``: the one its stored contacts come from."""
    return (
        TraceRun.objects.filter(case=case, status=TraceRun.Status.DONE)
        .order_by("-created_at")
        .first()
    )


def run_get(*, case: Case, run_id: Any) -> TraceRun | None:
    """A trace run of ``case`` (a case the caller got from ``case_get``), else None."""
    return TraceRun.objects.filter(case=case, pk=run_id).first()


# The case page -------------------------------------------------------------------


@dataclass(frozen=True)
class CaseOverview:
    """What the case page shows: the latest run and the contacts, by level and as a graph."""

    case: Case
    run: TraceRun | None
    contacts: list[Contact]
    levels: list[tuple[int, list[Contact]]]
    graph: dict[str, Any]


def case_overview(*, case: Case) -> CaseOverview:
    """Two queries: the latest run and the contacts (with person, unit, via, location)."""
    contacts = list(contacts_of(case=case))
    return CaseOverview(
        case=case,
        run=latest_run(case=case),
        contacts=contacts,
        levels=_levels(contacts),
        graph=_graph(case, contacts),
    )


def _levels(contacts: list[Contact]) -> list[tuple[int, list[Contact]]]:
    by_level: dict[int, list[Contact]] = {}
    for contact in contacts:
        by_level.setdefault(contact.level, []).append(contact)
    return sorted(by_level.items())


def _graph(case: Case, contacts: list[Contact]) -> dict[str, Any]:
    """Nodes and edges of the transmission graph (for static/js/tracing-graph.js)."""
    nodes = [{"id": f"p{case.person_id}", "label": f"F0 · {case.person.full_name}", "level": 0}]
    edges = []
    for contact in contacts:
        nodes.append(
            {
                "id": f"p{contact.person_id}",
                "label": f"F{contact.level} · {contact.person.full_name}",
                "level": contact.level,
            }
        )
        edges.append(
            {
                "id": f"c{contact.pk}",
                "source": f"p{contact.via_id}",
                "target": f"p{contact.person_id}",
                "label": contact.location.code,
            }
        )
    return {"nodes": nodes, "edges": edges}
