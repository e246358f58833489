"""Reads of the guard console: the gates a guard watches, who is inside now, the
flagged declarations waiting for a decision; each scoped to the guard's units."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Count, F, Max, Q, QuerySet, Window
from django.db.models.functions import RowNumber
from django.utils import timezone

from phongdich.checkin.citus import related, related_only
from phongdich.checkin.models import Location, Visit
from phongdich.checkin.profiles import risk_reasons
from phongdich.checkin.selectors.visits import declaration_answers, open_visits
from phongdich.core.audit import audit
from phongdich.core.permissions import visible_units, visible_units_subquery
from phongdich.core.roles import Role
from phongdich.core.text import mask_phone
from phongdich.org.models import Unit

GUARD_ROLES = frozenset({Role.GUARD, Role.ADMIN})
INSIDE_STATUSES = (Visit.Status.ADMITTED, Visit.Status.PENDING)


def guard_units(*, user: Any) -> QuerySet[Unit]:
    return visible_units(user, roles=set(GUARD_ROLES))


def guard_gates(
    *, user: Any, active_only: bool = False, units: QuerySet[Unit] | None = None
) -> QuerySet[Location]:
    """The gates of the units the guard watches (``units``: guard_units, known)."""
    units = guard_units(user=user) if units is None else units
    gates = Location.objects.filter(unit__in=units).select_related("unit")
    if active_only:
        gates = gates.filter(is_active=True)
    return gates.order_by("unit__path", "code")


def guard_visits(*, user: Any, units: QuerySet[Unit] | None = None) -> QuerySet[Visit]:
    """Every visit a guard may act on: those at the gates of the guard's units."""
    units = guard_units(user=user) if units is None else units
    unit_ids = units.values("pk")
    return Visit.objects.filter(unit_id_snapshot__in=unit_ids, location__unit_id__in=unit_ids)


def _open(visits: QuerySet[Visit]) -> QuerySet[Visit]:
    return open_visits(visits)


def _guard_open(
    user: Any, units: QuerySet[Unit] | None, opened: QuerySet[Visit] | None = None
) -> QuerySet[Visit]:
    """The guard's open visits: ``opened`` when the caller read them already (on Citus
    the open-visit cut is a read of its own)."""
    return _open(guard_visits(user=user, units=units)) if opened is None else opened


# How many of a gate's people the live part lists (the newest first); the rest are
# counted, and the gate's own page lists them all, a page at a time.
INSIDE_SHOWN = 20
INSIDE_PAGE = 50


@dataclass
class GateInside:
    gate: Location
    count: int  # everyone inside now (admitted or pending)
    visits: list[Visit]  # the newest INSIDE_SHOWN of them (or a page of them)
    last: int = 0  # the newest visit's pk among all of them (the live part's stamp)

    @property
    def more(self) -> int:
        return self.count - len(self.visits)


def _inside_rows(visits: QuerySet[Visit]) -> QuerySet[Visit]:
    """What a row of the inside list shows, and only that: the person's name and
    phone (the two values decrypted per row), whether the declaration says visitor,
    none of its encrypted answers (on Citus the people and the declarations are read
    by id after the rows: ``citus.related_only``)."""
    return related_only(
        visits,
        ("person", "declaration"),
        (
            "pk",
            "location_id",
            "check_in",
            "status",
            "person__full_name",
            "person__identity",
            "person__staff_id",
            "declaration__is_visitor",
        ),
    )


def _masked(visits: list[Visit]) -> list[Visit]:
    for visit in visits:
        visit.masked_phone = mask_phone(visit.person.identity)  # type: ignore[attr-defined]
        declaration = visit.declaration
        visit.declared_visitor = None if declaration is None else declaration.is_visitor  # type: ignore[attr-defined]
    return visits


def _inside(
    user: Any, units: QuerySet[Unit], opened: QuerySet[Visit] | None = None
) -> QuerySet[Visit]:
    return _guard_open(user, units, opened).filter(status__in=INSIDE_STATUSES)


def inside_now(
    *,
    user: Any,
    units: QuerySet[Unit] | None = None,
    shown: int = INSIDE_SHOWN,
    opened: QuerySet[Visit] | None = None,
) -> list[GateInside]:
    """Each of the guard's gates with how many are inside now (open, admitted or
    pending) and the newest ``shown`` of them: two queries whatever the crowd (the
    gates; the visits ranked per gate in SQL, only the first ``shown`` of each read).
    ``opened``: the guard's open visits when the caller has them already."""
    units = guard_units(user=user) if units is None else units
    gates = list(guard_gates(user=user, units=units))
    ranked = (
        _inside_rows(_inside(user, units, opened))
        .annotate(
            rank=Window(
                RowNumber(),
                partition_by=[F("location_id")],
                order_by=[F("check_in").desc(), F("pk").desc()],
            ),
            gate_count=Window(Count("pk"), partition_by=[F("location_id")]),
            gate_last=Window(Max("pk"), partition_by=[F("location_id")]),
        )
        .filter(rank__lte=shown)
        .order_by("location_id", "rank")
    )
    by_gate: dict[int, list[Visit]] = {gate.pk: [] for gate in gates}
    counts: dict[int, tuple[int, int]] = {}
    for visit in ranked:
        by_gate.setdefault(visit.location_id, []).append(visit)
        counts[visit.location_id] = (visit.gate_count, visit.gate_last)  # type: ignore[attr-defined]
    return [
        GateInside(
            gate=gate,
            count=counts.get(gate.pk, (0, 0))[0],
            visits=_masked(by_gate[gate.pk]),
            last=counts.get(gate.pk, (0, 0))[1],
        )
        for gate in gates
        if gate.is_active or by_gate[gate.pk]
    ]


def inside_gate(*, user: Any, gate: Location, params: Any, ip: str | None = None) -> Any:
    """A page of everyone inside ``gate`` now, the newest first (the gate's own page;
    personal data on screen: audited as the console is)."""
    from phongdich.core.paging import paginate

    units = guard_units(user=user)
    visits = _inside_rows(_inside(user, units).filter(location=gate)).order_by("-check_in", "-pk")
    page = paginate(visits, params, default_size=INSIDE_PAGE)
    page.object_list = _masked(list(page.object_list))
    audit(None, "checkin.guard.view", actor=user, ip=ip, gate=gate.pk)
    return page


def guard_gate(*, user: Any, pk: int) -> Location | None:
    return guard_gates(user=user).filter(pk=pk).first()


@dataclass
class Flagged:
    visit: Visit
    reasons: list[str]


def pending_decisions(
    *, user: Any, units: QuerySet[Unit] | None = None, opened: QuerySet[Visit] | None = None
) -> list[Flagged]:
    """Open visits held for a guard's decision, with the reasons their declaration
    flagged (``opened``: the guard's open visits when the caller has them already)."""
    visits = related(
        _guard_open(user, units, opened).filter(status=Visit.Status.PENDING),
        "person",
        "location",
        "declaration__profile",
    ).order_by("check_in")
    flagged = []
    for visit in visits:
        reasons: list[str] = []
        declaration = visit.declaration
        if declaration is not None:
            reasons = risk_reasons(declaration.profile.questions, declaration_answers(declaration))
        flagged.append(Flagged(visit=visit, reasons=reasons))
    return flagged


# The live part's stamp: when it was rendered, then the state of the guard's gates.
# A new risky declaration or a decision (the pending part) shows at the next poll;
# the "inside" list (every admitted check-in of a busy gate) at most every
# INSIDE_SECONDS, as the console did before the 1.5 s poll; anything else (a gate's
# new name) within REFRESH_SECONDS.
INSIDE_SECONDS = 10
REFRESH_SECONDS = 60


@dataclass(frozen=True)
class LiveState:
    last: int  # the newest open visit at the guard's gates
    inside: int  # how many are inside (admitted or pending)
    pending: int  # how many wait for a decision
    newest_pending: int  # the newest of those

    def stamp(self, moment: Any) -> str:
        parts = (int(moment.timestamp()), self.last, self.inside, self.pending, self.newest_pending)
        return ".".join(str(part) for part in parts)


def live_state(*, user: Any) -> LiveState:
    """The state of the guard's gates in ONE query (the console's 1.5 s poll).

    The scan is a range of the (location_id, effective_end, …) index of the
    tracing migrations: open visits at the guard's gates only.
    """
    units = visible_units_subquery(user, roles=set(GUARD_ROLES))
    gate_ids = Location.objects.filter(unit__in=units).values("pk")
    pending = Q(status=Visit.Status.PENDING)
    row = Visit.objects.filter(
        location_id__in=gate_ids,
        unit_id_snapshot__in=units.values("pk"),
        check_out__isnull=True,
        effective_end__gt=timezone.now(),
        status__in=INSIDE_STATUSES,
    ).aggregate(
        last=Max("pk"),
        inside=Count("pk"),
        pending=Count("pk", filter=pending),
        newest_pending=Max("pk", filter=pending),
    )
    return LiveState(
        last=row["last"] or 0,
        inside=row["inside"],
        pending=row["pending"],
        newest_pending=row["newest_pending"] or 0,
    )


def live_unchanged(*, user: Any, shown: str) -> bool:
    """Whether the console showing the part stamped ``shown`` may keep it (the poll
    answers 204): no new risky declaration nor decision, and the inside list is
    younger than INSIDE_SECONDS or unchanged, and the part younger than a minute."""
    try:
        rendered, *numbers = (int(part) for part in shown.split("."))
        before = LiveState(*numbers)
    except (TypeError, ValueError):
        return False
    age = timezone.now().timestamp() - rendered
    if not 0 <= age < REFRESH_SECONDS:
        return False
    now = live_state(user=user)
    if (now.pending, now.newest_pending) != (before.pending, before.newest_pending):
        return False
    return now == before or age < INSIDE_SECONDS


def guard_live(*, user: Any) -> dict[str, Any]:
    """The part of the console that refreshes itself: who is inside, what waits.

    Bounded whatever the crowd: each gate's count and its newest INSIDE_SHOWN people
    (the gate's own page lists the rest) and the flagged declarations; the stamp from
    the counts of the same reads (the flagged are the pending ones inside).
    """
    units = guard_units(user=user)  # the units' scope is read once for all three
    now = timezone.now()
    opened = _guard_open(user, units)  # once for both lists
    gates = inside_now(user=user, units=units, opened=opened)
    flagged = pending_decisions(user=user, units=units, opened=opened)
    newest_pending = max((f.visit.pk for f in flagged), default=0)
    return {
        "gates": gates,
        "flagged": flagged,
        "now": now,
        # The same state as live_state's one query, from the rows just read.
        "stamp": LiveState(
            last=max((g.last for g in gates), default=0),
            inside=sum(g.count for g in gates),
            pending=len(flagged),
            newest_pending=newest_pending,
        ).stamp(now),
        "newest_flagged": newest_pending,
    }


def guard_console(*, user: Any, ip: str | None = None) -> dict[str, Any]:
    """The console as a guard opens it (personal data on screen: audited)."""
    live = guard_live(user=user)
    audit(None, "checkin.guard.view", actor=user, ip=ip)
    return live


def guard_visit(*, user: Any, pk: int) -> Visit | None:
    """A visit the guard may act on, else None (the view answers 404)."""
    return (
        related(guard_visits(user=user), "location", "person", "decided_by").filter(pk=pk).first()
    )


def gates_with_counts(*, user: Any) -> list[Location]:
    """The guard's active gates, each with ``inside`` (people inside now) and ``waiting``
    (flagged declarations waiting for a decision): one query."""
    now = timezone.now()
    open_visit = Q(visits__check_out__isnull=True, visits__effective_end__gt=now)
    return list(
        guard_gates(user=user, active_only=True).annotate(
            inside=Count("visits", filter=open_visit & Q(visits__status__in=INSIDE_STATUSES)),
            waiting=Count("visits", filter=open_visit & Q(visits__status=Visit.Status.PENDING)),
        )
    )
