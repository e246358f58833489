"""Day partitions of the check-in tables on PostgreSQL (declarative partitioning).

On PostgreSQL the visits, the declarations and the person-keyed check-ins are each
one table ``PARTITION BY RANGE`` of their time column, one partition per local day
(Asia/Ho_Chi_Minh: a partition is a calendar day at the gate), plus a DEFAULT
partition: a row dated beyond the partitions made so far still lands (in DEFAULT)
and moves to its own day when that day's partition is made. Every unique key holds
the time column (models.py: the primary keys are (location, check_in, id),
(person, declared_at, id), (person, check_in, location)). On SQLite nothing here
runs: one table each, behind the same services.

- ``partition_existing`` (migration ``checkin`` 0005): turns the plain tables into
  partitioned ones, keeping every row, index, check and foreign key.
- ``ensure_partitions`` (the daily job, ``tasks.purge_expired_daily``, and the
  migration): the partitions from today to ``AHEAD_DAYS`` ahead.
- ``expired_partitions`` / ``drop_partitions`` (the retention purge): the whole days
  before the cutoff, dropped once what an open case needs is copied out.

Every name is built from the models' tables and a date; nothing from input.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.db import connection
from django.utils import timezone

from phongdich.checkin import sql

AHEAD_DAYS = 7  # partitions made ahead of today by the daily job
DEFAULT_SUFFIX = "_default"


@dataclass(frozen=True)
class Partitioned:
    table: str
    column: str  # the partition key (a timestamptz)
    key: tuple[str, ...]  # the primary key, holding ``column``


def partitioned_tables() -> list[Partitioned]:
    from phongdich.checkin.models import Declaration, PersonCheckin, Visit

    return [
        Partitioned(Visit._meta.db_table, "check_in", ("location_id", "check_in", "id")),
        Partitioned(Declaration._meta.db_table, "declared_at", ("person_id", "declared_at", "id")),
        Partitioned(
            PersonCheckin._meta.db_table, "check_in", ("person_id", "check_in", "location_id")
        ),
    ]


def enabled() -> bool:
    return connection.vendor == "postgresql"


def day_start(day: date) -> datetime:
    """Local midnight starting ``day`` (the partition bounds)."""
    return timezone.make_aware(datetime.combine(day, time(0)))


def partition_name(table: str, day: date) -> str:
    return f"{table}_p{day:%Y%m%d}"


def partitions_of(table: str) -> dict[str, tuple[datetime, datetime] | None]:
    """Each partition of ``table``: its (from, to) bounds, None for DEFAULT."""
    found: dict[str, tuple[datetime, datetime] | None] = {}
    for name, bound in sql.partition_bounds(table):
        if bound == "DEFAULT":
            found[name] = None
            continue
        # FOR VALUES FROM ('2026-12-01 17:00:00+00') TO ('2026-12-02 17:00:00+00')
        low, high = (part.split("'")[1] for part in bound.split(" TO "))
        found[name] = (_parse(low), _parse(high))
    return found


def _parse(text: str) -> datetime:
    value = datetime.fromisoformat(text)
    return value if value.tzinfo else timezone.make_aware(value)


def _create_day(spec: Partitioned, day: date) -> bool:
    return sql.partition_create(
        table=spec.table,
        name=partition_name(spec.table, day),
        default=spec.table + DEFAULT_SUFFIX,
        column=spec.column,
        low=day_start(day),
        high=day_start(day + timedelta(days=1)),
    )


def ensure_partitions(
    *, today: date | None = None, ahead: int = AHEAD_DAYS, days: Iterable[date] = ()
) -> int:
    """Make the day partitions from ``today`` to ``ahead`` days later (and of ``days``)
    on every partitioned table; the number made. Nothing on SQLite."""
    if not enabled():
        return 0
    start = today or timezone.localdate()
    wanted = {start + timedelta(days=n) for n in range(ahead + 1)} | set(days)
    made = 0
    for spec in partitioned_tables():
        if not sql.is_partitioned(spec.table):
            continue
        for day in sorted(wanted):
            made += _create_day(spec, day)
    return made


def expired_partitions(table: str, cutoff: datetime) -> list[str]:
    """The day partitions of ``table`` that end at or before ``cutoff``: every row in
    them is older than the cutoff."""
    return sorted(
        name
        for name, bounds in partitions_of(table).items()
        if bounds is not None and bounds[1] <= cutoff
    )


count_rows = sql.partition_count_rows
holds_any = sql.partition_holds_any
drop_partitions = sql.partition_drop


# The migration ------------------------------------------------------------------------


def partition_existing(schema_editor: object) -> None:
    """Turn each table of ``partitioned_tables`` into a partitioned one (PostgreSQL,
    migration ``checkin`` 0005): the same columns, a sequence default for ``id`` in
    place of the identity column (PostgreSQL 15 has no identity on a partitioned
    table), the primary key holding the partition column, the same indexes, checks
    and foreign keys; a partition per day that has rows and DEFAULT; every row
    copied."""
    if not enabled():
        return
    for spec in partitioned_tables():
        if sql.is_partitioned(spec.table):
            continue
        old = sql.partition_begin(
            table=spec.table, column=spec.column, default=spec.table + DEFAULT_SUFFIX
        )
        for day in sql.partition_days(old, spec.column, timezone.get_default_timezone_name()):
            _create_day(spec, day)
        sql.partition_finish(table=spec.table, old=old, key=spec.key)
    ensure_partitions()
