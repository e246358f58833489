"""The retention purge: personal check-in data is kept for the active profile's
retention_days.

Visits (judged by check_in) and declarations (by declared_at) older than that are
deleted, except those of people tied to an open case. On PostgreSQL the whole days
before the cutoff go as partition drops (``checkin.partitions``): the tracing app
first copies the open cases' visits out of them (its ``KeptVisit``: the case keeps
its evidence; nothing else of those days survives), and row deletes take the rest.
checkin/retention.py holds the hooks through which the tracing app tells which people
those are and keeps their evidence. People left with no visit and no declaration are
deleted too.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.db import transaction
from django.db.models import Exists, OuterRef, QuerySet
from django.utils import timezone

from phongdich.checkin import citus, partitions
from phongdich.checkin.models import (
    Declaration,
    DiseaseProfile,
    Person,
    PersonCheckin,
    Submission,
    Visit,
)
from phongdich.checkin.retention import (
    EVIDENCE_KEEPERS,
    protected_person_ids,
    referenced_person_ids,
)
from phongdich.core.audit import audit

# A person created moments ago may not have a visit yet (the check-in is being saved).
ORPHAN_GRACE = timedelta(days=1)


@dataclass(frozen=True)
class PurgeReport:
    cutoff: datetime
    visits: int
    declarations: int
    persons: int
    protected: int
    dry_run: bool

    def lines(self) -> list[str]:
        verb = "Sẽ xóa" if self.dry_run else "Đã xóa"
        local = timezone.localtime(self.cutoff)
        return [
            f"Dữ liệu trước {local:%d/%m/%Y %H:%M} ({'chạy thử' if self.dry_run else 'đã xóa'})",
            f"{verb} {self.visits} lượt check-in",
            f"{verb} {self.declarations} tờ khai y tế",
            f"{verb} {self.persons} người không còn dữ liệu",
            f"Giữ lại dữ liệu của {self.protected} người liên quan ca bệnh đang mở",
        ]


def _without_visits(people: QuerySet[Person], **visit_filter: Any) -> QuerySet[Person]:
    """The people of ``people`` with no visit (matching ``visit_filter``: the check-in
    time only).

    On Citus the visits (by location) and the people (by id) are two co-location
    groups, so the question goes to the person-keyed check-ins instead: one row per
    visit, written with it and purged with it (``PersonCheckin``), co-located with the
    people, so the NOT EXISTS runs on each shard of the people on its own. (Asking the
    visits by person went to every shard for every chunk of candidates: 217 s of a
    province's 3-day purge went mostly to it, docs/benchmarks.md.)"""
    if citus.enabled():
        checkins = PersonCheckin.objects.filter(person=OuterRef("pk"), **visit_filter)
        return people.filter(~Exists(checkins))
    visits = Visit.objects.filter(person=OuterRef("pk"), **visit_filter)
    return people.filter(~Exists(visits))


def purge_expired(*, now: datetime | None = None, dry_run: bool = False) -> PurgeReport:
    """Delete the expired check-in data (``dry_run``: only count it); a real purge is
    audited, with its counts, in its transaction."""
    profile = DiseaseProfile.active()
    cutoff = (now or timezone.now()) - timedelta(days=profile.retention_days)
    protected = protected_person_ids()
    visits = Visit.objects.filter(check_in__lt=cutoff).exclude(person_id__in=protected)
    declarations = Declaration.objects.filter(declared_at__lt=cutoff).exclude(
        person_id__in=protected
    )
    moment = now or timezone.now()
    kept = protected | referenced_person_ids()
    orphans = Person.objects.filter(created_at__lt=moment - ORPHAN_GRACE).exclude(pk__in=kept)
    with transaction.atomic():
        if dry_run:
            n_visits = visits.count()
            n_declarations = declarations.count()
            # People who would be left with nothing once the expired rows are gone.
            kept_decl = Declaration.objects.filter(person=OuterRef("pk"), declared_at__gte=cutoff)
            n_persons = _without_visits(
                orphans.filter(~Exists(kept_decl)), check_in__gte=cutoff
            ).count()
        else:
            dropped_visits, dropped_declarations = _drop_expired_partitions(
                cutoff=cutoff, protected=protected, profile=profile
            )
            # Nothing refers to a visit: one DELETE. Declarations next (a visit still
            # pointing at one loses the link), then the people left with nothing.
            n_visits = dropped_visits + visits.delete()[1].get(Visit._meta.label, 0)
            # What made the visits' replay keys and cuts goes with them.
            Submission.objects.filter(check_in__lt=cutoff).delete()
            PersonCheckin.objects.filter(check_in__lt=cutoff).exclude(
                person_id__in=protected
            ).delete()
            n_declarations = dropped_declarations + declarations.delete()[1].get(
                Declaration._meta.label, 0
            )
            n_persons = (
                _without_visits(
                    orphans.filter(~Exists(Declaration.objects.filter(person=OuterRef("pk"))))
                )
                .delete()[1]
                .get(Person._meta.label, 0)
            )
            audit(
                None,
                "checkin.retention.purge",
                object_type="checkin.visit",
                cutoff=cutoff.isoformat(),
                visits=n_visits,
                declarations=n_declarations,
                persons=n_persons,
                protected=len(protected),
            )
    return PurgeReport(
        cutoff=cutoff,
        visits=n_visits,
        declarations=n_declarations,
        persons=n_persons,
        protected=len(protected),
        dry_run=dry_run,
    )


def _drop_expired_partitions(
    *, cutoff: datetime, protected: set[int], profile: DiseaseProfile
) -> tuple[int, int]:
    """PostgreSQL: drop the whole day partitions before ``cutoff`` of the visits, the
    declarations and the person check-ins, once the evidence keepers (the tracing app)
    have copied what an open case still needs out of the visits; the rows of visits
    and of declarations dropped (the visits kept as evidence not counted). Without a
    keeper, no partition that holds a protected person's visit is dropped (the row
    deletes that follow then spare them). Nothing on SQLite: (0, 0)."""
    if not partitions.enabled():
        return 0, 0
    plan = {
        spec.table: partitions.expired_partitions(spec.table, cutoff)
        for spec in partitions.partitioned_tables()
    }
    visit_parts = plan.get(Visit._meta.db_table, [])
    if not EVIDENCE_KEEPERS and protected:
        visit_parts = [p for p in visit_parts if not partitions.holds_any(p, protected)]
        plan = {table: names for table, names in plan.items() if table != Visit._meta.db_table}
        plan[Visit._meta.db_table] = visit_parts
    copied = sum(
        keeper(partitions=visit_parts, person_ids=protected, cutoff=cutoff)
        for keeper in EVIDENCE_KEEPERS
    )
    declaration_parts = plan.get(Declaration._meta.db_table, [])
    n_visits = partitions.count_rows(visit_parts) - copied
    n_declarations = partitions.count_rows(declaration_parts)
    partitions.drop_partitions(name for names in plan.values() for name in names)
    if declaration_parts:
        # A visit after the cutoff whose declaration was in a dropped day loses the link.
        valid = timedelta(hours=profile.declaration_valid_hours or 24)
        # Not a correlated EXISTS (Citus refuses it across co-location groups): the
        # declarations such a visit may still link were made before the window's end
        # (a day's margin); after the drop those are the few days after the cutoff.
        kept = Declaration.objects.filter(declared_at__lt=cutoff + valid + timedelta(days=1))
        Visit.objects.filter(
            check_in__gte=cutoff, check_in__lt=cutoff + valid, declaration__isnull=False
        ).exclude(declaration_id__in=kept.values("pk")).update(declaration=None)
    return max(n_visits, 0), n_declarations
