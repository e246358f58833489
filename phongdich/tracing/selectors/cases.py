"""Reads of cases, their trace runs and contacts.

Tracing data is visible to Tracers and Admins only (both organisation-wide
roles): every read starts from ``cases_visible``, so an object of a case the user
may not see is never reachable by id. Views check the role too.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet

from phongdich.checkin.citus import related, related_only
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


# A page of the contacts list, and how many contacts the graph draws (the nearest
# levels first): the page stays bounded for a case with tens of thousands of contacts.
CONTACTS_PAGE = 100
GRAPH_LIMIT = 300


@dataclass(frozen=True)
class CaseOverview:
    """What the case page shows: the latest run, the contacts counted by level (in
    SQL), one page of them (grouped by level in the template) and a bounded graph."""

    case: Case
    run: TraceRun | None
    total: int
    level_counts: list[tuple[int, int]]  # (level, contacts), every level
    page: Any  # a core.paging page of contacts, ordered by level, exposure, pk
    graph: dict[str, Any]
    graph_contacts: int  # how many contacts the graph draws (at most GRAPH_LIMIT)

    @property
    def contacts(self) -> list[Contact]:
        return list(self.page.object_list)

    @property
    def levels(self) -> list[tuple[int, int, list[Contact]]]:
        """The page's contacts by level: (level, the level's count, the rows shown)."""
        counts = dict(self.level_counts)
        by_level: dict[int, list[Contact]] = {}
        for contact in self.page.object_list:
            by_level.setdefault(contact.level, []).append(contact)
        return [(level, counts.get(level, 0), rows) for level, rows in sorted(by_level.items())]


def _page_rows(case: Case) -> QuerySet[Contact]:
    """A row of the list: what it shows only (the names and phones of the contact and
    of whom they met; no CCCD or other encrypted value is read)."""
    return related_only(
        Contact.objects.filter(case=case).order_by("level", "exposed_at", "pk"),
        ("person__staff__unit", "via", "location"),
        (
            "pk",
            "level",
            "exposed_at",
            "overlap_minutes",
            "in_latest_run",
            "status",
            "person__full_name",
            "person__identity",
            "person__staff__unit__name",
            "via__full_name",
            "via__identity",
            "location__name",
            "location__code",
        ),
    )


def case_overview(*, case: Case, params: Any = None) -> CaseOverview:
    """Four queries whatever the number of contacts: the latest run, the count by
    level (which is also the page's count), the page's rows, and the graph's first
    GRAPH_LIMIT."""
    from django.db.models import Count
    from django.http import QueryDict

    from phongdich.core.paging import paginate

    counts = [
        (row["level"], row["n"])
        for row in Contact.objects.filter(case=case)
        .values("level")
        .annotate(n=Count("pk"))
        .order_by("level")
    ]
    total = sum(n for _, n in counts)
    page = paginate(
        _page_rows(case),
        params if params is not None else QueryDict(),
        default_size=CONTACTS_PAGE,
        count=total,  # the levels' counts add up to it: no second COUNT
    )
    page.object_list = list(page.object_list)
    drawn = list(
        related_only(
            Contact.objects.filter(case=case),
            ("person", "location"),
            ("pk", "level", "via_id", "person__full_name", "location__code"),
        ).order_by("level", "exposed_at", "pk")[:GRAPH_LIMIT]
    )
    return CaseOverview(
        case=case,
        run=latest_run(case=case),
        total=total,
        level_counts=counts,
        page=page,
        graph=_graph(case, drawn),
        graph_contacts=len(drawn),
    )


def _graph(case: Case, contacts: list[Contact]) -> dict[str, Any]:
    """Nodes and edges of the transmission graph (for static/js/tracing-graph.js); an
    edge only from someone drawn (the graph may hold the nearest levels only)."""
    nodes = [{"id": f"p{case.person_id}", "label": f"F0 · {case.person.full_name}", "level": 0}]
    drawn = {case.person_id}
    edges = []
    for contact in contacts:
        nodes.append(
            {
                "id": f"p{contact.person_id}",
                "label": f"F{contact.level} · {contact.person.full_name}",
                "level": contact.level,
            }
        )
        drawn.add(contact.person_id)
    for contact in contacts:
        if contact.via_id not in drawn:
            continue
        edges.append(
            {
                "id": f"c{contact.pk}",
                "source": f"p{contact.via_id}",
                "target": f"p{contact.person_id}",
                "label": contact.location.code,
            }
        )
    return {"nodes": nodes, "edges": edges}
