"""What the tracing module protects from the retention purge (checkin.retention).

- Everyone tied to an OPEN case (the case person, every contact and every
  person through whom a contact was exposed) keeps all their data.
- Everyone named by any case or contact, open or closed, keeps their Person row
  (Case and Contact hold it with PROTECT); the visits of closed cases follow the
  normal retention period.
- On PostgreSQL the purge drops whole day partitions of the visits: ``keep_evidence``
  first copies the open cases' people's visits out of them into ``KeptVisit`` (the
  store reads it beside the visits), and releases those no case protects any more.

Both providers return a queryset of person ids (``values_list("pk", flat=True)``):
iterable as ints, usable as a subquery. ``register_hooks`` (called at start) hands
them to checkin.retention and fails loudly when its hooks are missing.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from types import ModuleType
from typing import Any

from django.core.exceptions import ImproperlyConfigured
from django.db import connection
from django.db.models import Q, QuerySet

from phongdich.checkin.sql import citus_installed
from phongdich.checkin.models import Person
from phongdich.tracing import sql
from phongdich.tracing.models import Case, Contact, KeptVisit


def _named_by(cases: QuerySet[Case], contacts: QuerySet[Contact]) -> QuerySet[Any, Any]:
    return Person.objects.filter(
        Q(pk__in=cases.values("person_id"))
        | Q(pk__in=contacts.values("person_id"))
        | Q(pk__in=contacts.values("via_id"))
    ).values_list("pk", flat=True)


def open_case_persons() -> QuerySet[Any, Any]:
    return _named_by(
        Case.objects.filter(status=Case.Status.OPEN),
        Contact.objects.filter(case__status=Case.Status.OPEN),
    )


def referenced_persons() -> QuerySet[Any, Any]:
    return _named_by(Case.objects.all(), Contact.objects.all())


# The hooks of checkin.retention this module registers with, by name.
HOOKS = {
    "register_protected_provider": open_case_persons,
    "register_kept_persons": referenced_persons,
}


def register_hooks(module: ModuleType | None = None) -> None:
    """Register both providers with ``checkin.retention`` (``TracingConfig.ready``).

    A missing hook fails the start with ``ImproperlyConfigured``: without it the
    daily purge would delete the check-ins of people tied to an open case (or crash
    on the persons cases and contacts hold), and nothing would say so.
    """
    if module is None:
        from phongdich.checkin import retention as checkin_retention

        module = checkin_retention
    missing = [name for name in HOOKS if not callable(getattr(module, name, None))]
    if missing:
        raise ImproperlyConfigured(
            f"{module.__name__} lacks {', '.join(missing)}: the tracing app cannot protect "
            "the data of open cases from the retention purge. Restore the hook(s) or "
            "remove phongdich.tracing from INSTALLED_APPS."
        )
    for name, provider in HOOKS.items():
        getattr(module, name)(provider)
    # Optional: without a keeper the purge drops no partition holding protected rows.
    register_keeper = getattr(module, "register_evidence_keeper", None)
    if callable(register_keeper):
        register_keeper(keep_evidence)


def keep_evidence(*, partitions: Sequence[str], person_ids: Collection[int], cutoff: Any) -> int:
    """Copy the visits of ``person_ids`` (tied to an open case) out of the visit
    partitions the purge is about to drop, into ``KeptVisit``, with each open visit's
    next check-in resolved (tracing.md's cut); first delete the kept rows before
    ``cutoff`` of people no open case protects any more. The rows copied."""
    KeptVisit.objects.filter(check_in__lt=cutoff).exclude(person_id__in=list(person_ids)).delete()
    if not partitions or not person_ids:
        return 0
    copied = 0
    people = sorted(person_ids)
    citus = citus_installed()
    with connection.cursor() as cursor:
        for partition in partitions:
            text = sql.citus_keep_evidence(partition) if citus else sql.pg_keep_evidence(partition)
            cursor.execute(text, [people])
            copied += cursor.rowcount
        if citus:
            _resolve_kept_next(cursor, people)
    return copied


def _resolve_kept_next(cursor: Any, people: list[int]) -> None:
    """Citus, second step of keeping: the next check-in of each kept open visit, from
    the person-keyed check-ins (another co-location group than the visits)."""
    cursor.execute(sql.CITUS_KEPT_OPEN, [people])
    kept = cursor.fetchall()
    if not kept:
        return
    pids = [pid for _, _, pid in kept]
    cursor.execute(sql.CITUS_NEXT, [pids, [ci for _, ci, _ in kept], pids])
    following = {(pid, ci): after for pid, ci, after in cursor.fetchall()}
    updates = [
        (following[(pid, ci)], lid, ci, pid) for lid, ci, pid in kept if (pid, ci) in following
    ]
    if updates:
        cursor.executemany(sql.CITUS_KEPT_NEXT, updates)
