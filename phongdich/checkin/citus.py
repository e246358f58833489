"""Citus: the check-in tables distributed over a cluster (docs/scaling.md).

``distribute()`` runs at the end of every ``migrate`` (post_migrate of the check-in
app, ``signals.py``) and does something only where the ``citus`` extension exists in
the database; on plain PostgreSQL the tables stay partitioned by day
(``partitions.py``), on SQLite nothing runs. Each step looks at the catalogue first,
so a second ``migrate`` is a no-op and a half-done run finishes on the next one.

- **Reference tables** (a copy on every node): the organisation tables a check-in
  reads — units, users, staff, gates, disease profiles. Local tables holding a foreign
  key into them become Citus local tables (Citus does it; they stay on the
  coordinator).
- **Distributed by location**, one co-location group: the visits (partitioned by
  day, the partitions distributed with them), the submissions (replay detection) and
  the visits kept for open cases (``tracing.KeptVisit``).
- **Distributed by person**, one co-location group: the people (by ``id``), the
  declarations and the person-keyed check-ins (the open-visit cut).
- **The identity table** (``PersonIdentity``), distributed by ``identity_index``: the
  uniqueness that ``checkin_person`` cannot hold any more (its unique index does not
  contain the distribution column); the person upsert is two statements on Citus.

The foreign keys of the distributed tables are dropped first (otherwise Citus would
turn the whole foreign-key graph, partitioned tables included, into Citus local
tables and fail), then those Citus accepts are added again: into a reference table,
or into the same co-location group on its distribution column. Foreign keys from
local tables into a distributed table (a case's person, a subject request's person…)
are dropped for good; the ORM's ``on_delete`` still applies.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.db import connection
from django.db.models import ForeignKey, Model, Prefetch, QuerySet

from phongdich.checkin import sql

enabled = sql.citus_installed


@dataclass(frozen=True)
class Distributed:
    model: type[Model]
    column: str
    colocate_with: type[Model] | None  # None: the first table of its group


def reference_models() -> list[type[Model]]:
    return [
        apps.get_model(label)
        for label in (
            "org.Unit",
            "accounts.User",
            "org.Staff",
            "checkin.Location",
            "checkin.DiseaseProfile",
        )
    ]


def distributed_models() -> list[Distributed]:
    from phongdich.checkin.models import (
        Declaration,
        Person,
        PersonCheckin,
        PersonIdentity,
        Submission,
        Visit,
    )

    plan = [
        Distributed(Person, "id", None),
        Distributed(Declaration, "person_id", Person),
        Distributed(PersonCheckin, "person_id", Person),
        Distributed(Visit, "location_id", None),
        Distributed(Submission, "location_id", Visit),
        Distributed(PersonIdentity, "identity_index", None),
    ]
    if apps.is_installed("phongdich.tracing"):
        plan.append(Distributed(apps.get_model("tracing.KeptVisit"), "location_id", Visit))
    return plan


def _table(model: type[Model]) -> str:
    return str(model._meta.db_table)


def _group(spec: Distributed, plan: list[Distributed]) -> type[Model]:
    return spec.colocate_with or spec.model


def distribute() -> list[str]:
    """Make the database's tables what the cluster needs; the steps taken (empty when
    everything was already done, or where Citus is not installed)."""
    if not enabled():
        return []
    plan = distributed_models()
    references = reference_models()
    done: list[str] = []
    pending = [spec for spec in plan if sql.citus_kind(_table(spec.model)) != "distributed"]
    planned = {_table(spec.model) for spec in plan}
    sql.citus_enable_repartition_joins()
    # 1. No foreign key of, or into, a table still to distribute.
    for spec in pending:
        for name, referencing, _referenced in sql.foreign_keys(_table(spec.model)):
            sql.constraint_drop(referencing, name)
            done.append(f"drop {referencing}.{name}")
    # 2. The person table's uniqueness moves to the identity table.
    person = _table(apps.get_model("checkin.Person"))
    if any(_table(spec.model) == person for spec in pending):
        sql.person_identity_fill()
        for name in sql.unique_constraints_on(person, "identity_index"):
            sql.constraint_drop(person, name)
            done.append(f"drop {person}.{name}")
        sql.index_create(person, "checkin_person_identity_lookup", "identity_index")
    # 3. Reference tables.
    for model in references:
        if sql.citus_kind(_table(model)) != "reference":
            sql.create_reference_table(_table(model))
            done.append(f"reference {_table(model)}")
    # 4. Distributed tables, each group's first table first. Citus refuses a table
    # with triggers: the longest-stay triggers of the visits (tracing.LocationStay)
    # go; on Citus the tracing store does not use that bound (tracing/store.py).
    if apps.is_installed("phongdich.tracing") and any(
        spec.model._meta.db_table == "checkin_visit" for spec in pending
    ):
        from phongdich.tracing import sql as tracing_sql

        for statement in tracing_sql.stay_triggers_drop("postgresql"):
            sql.execute_statement(statement)
        done.append("drop the visits' stay triggers")
    for spec in pending:
        group = _group(spec, plan)
        colocate = "none" if group is spec.model else _table(group)
        sql.create_distributed_table(_table(spec.model), spec.column, colocate)
        done.append(f"distribute {_table(spec.model)} by {spec.column}")
    # 5. The foreign keys Citus accepts, added again where missing.
    reference_tables = {_table(m) for m in references}
    group_of = {_table(s.model): (_table(_group(s, plan)), s.column) for s in plan}
    with connection.schema_editor(atomic=False) as editor:
        for spec in plan:
            table = _table(spec.model)
            present = sql.foreign_key_columns(table)
            for field in spec.model._meta.concrete_fields:
                if not isinstance(field, ForeignKey) or not getattr(field, "db_constraint", True):
                    continue
                if field.column in present:
                    continue
                target = _table(field.related_model)
                accepted = target in reference_tables or (
                    target in planned
                    and group_of[target][0] == group_of[table][0]
                    and field.column == spec.column
                    and field.target_field.column == group_of[target][1]
                )
                if not accepted:
                    continue
                # Django's own statement and name for this foreign key (PostgreSQL's
                # schema editor; a private helper, stable since Django 3.0).
                statement = editor._create_fk_sql(  # type: ignore[attr-defined]
                    spec.model, field, "_fk_%(to_table)s_%(to_column)s"
                )
                # Checked at once, not deferred: ``SET CONSTRAINTS ALL IMMEDIATE`` does
                # not reach the workers, and a shard with pending deferred checks
                # cannot be dropped (the retention's partition drop).
                statement.parts["deferrable"] = ""
                sql.execute_statement(statement)
                done.append(f"foreign key {table}.{field.column}")
        editor.deferred_sql.clear()
    # 6. Sequences: Citus restarts the sequence of each table it turns into a Citus
    #    local table (here, or later when a new migration adds a foreign key into a
    #    reference table); every one is moved past its table's largest value.
    for table, column, sequence in sql.citus_sequences():
        if sql.sequence_catch_up(table, column, sequence):
            done.append(f"sequence {sequence}")
    return done


# Reads across co-location groups ------------------------------------------------------


def _groups() -> dict[str, str]:
    """Table -> its Citus placement: 'reference' or the name of its co-location group
    (tables absent stay on the coordinator)."""
    placement = {_table(m): "reference" for m in reference_models()}
    plan = distributed_models()
    for spec in plan:
        placement[_table(spec.model)] = _table(_group(spec, plan))
    return placement


def _joinable(model: type[Model], path: str, placement: dict[str, str]) -> bool:
    """Whether Citus can join ``model`` along ``path`` (``a__b``) in one query: at most
    one co-location group on the way, and beside it only reference tables."""
    models = [model]
    for name in path.split("__"):
        models.append(models[-1]._meta.get_field(name).related_model)  # type: ignore[arg-type]
    kinds = {placement.get(_table(m), "local") for m in models}
    groups = kinds - {"reference", "local"}
    if not groups:
        return True
    return len(groups) == 1 and "local" not in kinds


def related(queryset: QuerySet[Any], *fields: str) -> QuerySet[Any]:
    """``select_related(*fields)``; on Citus a relation whose join would cross
    co-location groups (a visit's person, a case's person…) is prefetched instead (one
    more query, by id), its own relations joined to it where they can be
    (``declaration__profile``: the declarations with their profile, one query)."""
    if not enabled():
        return _select_related(queryset, fields)
    joined, deeper, crossing = _split(queryset.model, fields)
    # A relation joined whose own relation crosses (a run's case's person): the case
    # stays joined, the person prefetched through it.
    prefetches: list[Any] = [
        Prefetch(name, queryset=related(target._default_manager.all(), *inner))
        for name, (target, inner) in crossing.items()
    ]
    return _select_related(queryset, joined).prefetch_related(*prefetches, *deeper)


def _top(path: str) -> str:
    return path.split("__", 1)[0]


def _split(
    model: type[Model], paths: Sequence[str]
) -> tuple[list[str], list[str], dict[str, tuple[type[Model], list[str]]]]:
    """The paths Citus can join; those whose first relation it can join but not the
    rest ("deeper"); and the relations to prefetch (the first step crosses
    co-location groups): each one's model and the paths under it."""
    placement = _groups()
    tops = sorted({_top(p) for p in paths if not _joinable(model, _top(p), placement)})
    crossing: dict[str, tuple[type[Model], list[str]]] = {}
    for name in tops:
        target = model._meta.get_field(name).related_model
        assert isinstance(target, type)
        inner = [p.split("__", 1)[1] for p in paths if p.startswith(f"{name}__")]
        crossing[name] = (target, inner)
    first_joined = [p for p in paths if _top(p) not in crossing]
    deeper = [p for p in first_joined if not _joinable(model, p, placement)]
    return [p for p in first_joined if p not in deeper], deeper, crossing


def _select_related(queryset: QuerySet[Any], paths: Sequence[str]) -> QuerySet[Any]:
    # ``select_related()`` without a field follows every non-null foreign key: never.
    return queryset.select_related(*paths) if paths else queryset


def related_only(
    queryset: QuerySet[Any], paths: Sequence[str], fields: Sequence[str]
) -> QuerySet[Any]:
    """``select_related(*paths).only(*fields)``: a row's relations read in the same
    query, and of each only the fields named (``person__full_name``…).

    On Citus a relation whose join would cross co-location groups (``paths`` starting
    with it) is prefetched instead, one more query by id, reading only its named fields
    (its own relations in turn the same way)."""
    if not enabled():
        return _select_related(queryset, paths).only(*fields)
    joined, deeper, crossing = _split(queryset.model, paths)
    if deeper:
        raise ValueError(f"related_only: {deeper} cross groups past a joined relation")
    prefetches = []
    for name, (target, inner) in crossing.items():
        named = [f.split("__", 1)[1] for f in fields if f.startswith(f"{name}__")]
        prefetches.append(
            Prefetch(
                name, queryset=related_only(target._default_manager.all(), inner, ["pk", *named])
            )
        )
    own = [f for f in fields if _top(f) not in crossing or "__" not in f] + list(crossing)
    return _select_related(queryset, joined).only(*dict.fromkeys(own)).prefetch_related(*prefetches)
