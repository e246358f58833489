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


def _q(name: str) -> str:
    return connection.ops.quote_name(name)


def day_start(day: date) -> datetime:
    """Local midnight starting ``day`` (the partition bounds)."""
    return timezone.make_aware(datetime.combine(day, time(0)))


def partition_name(table: str, day: date) -> str:
    return f"{table}_p{day:%Y%m%d}"


def _is_partitioned(cursor: object, table: str) -> bool:
    cursor.execute(  # type: ignore[attr-defined]
        "SELECT c.relkind FROM pg_class c WHERE c.oid = to_regclass(%s)", [table]
    )
    row = cursor.fetchone()  # type: ignore[attr-defined]
    return bool(row) and row[0] == "p"


def partitions_of(table: str) -> dict[str, tuple[datetime, datetime] | None]:
    """Each partition of ``table``: its (from, to) bounds, None for DEFAULT."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT c.relname, pg_get_expr(c.relpartbound, c.oid) FROM pg_inherits i "
            "JOIN pg_class c ON c.oid = i.inhrelid WHERE i.inhparent = to_regclass(%s)",
            [table],
        )
        rows = cursor.fetchall()
    found: dict[str, tuple[datetime, datetime] | None] = {}
    for name, bound in rows:
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


def _create_day(cursor: object, spec: Partitioned, day: date) -> bool:
    """Make the partition of ``day`` unless it exists; rows of that day already in
    DEFAULT move into it first (else attaching it would fail). True when made."""
    name = partition_name(spec.table, day)
    cursor.execute("SELECT to_regclass(%s) IS NOT NULL", [name])  # type: ignore[attr-defined]
    if cursor.fetchone()[0]:  # type: ignore[attr-defined]
        return False
    low, high = day_start(day), day_start(day + timedelta(days=1))
    t, p, d, c = _q(spec.table), _q(name), _q(spec.table + DEFAULT_SUFFIX), _q(spec.column)
    execute, fetch = cursor.execute, cursor.fetchone  # type: ignore[attr-defined]
    # PARTITION OF (not LIKE + ATTACH): the partition inherits every constraint under
    # its parent's name, as Citus requires of a distributed partitioned table.
    execute(f"SELECT EXISTS (SELECT 1 FROM {d} WHERE {c} >= %s AND {c} < %s)", [low, high])  # noqa: S608
    if not fetch()[0]:
        execute(f"CREATE TABLE {p} PARTITION OF {t} FOR VALUES FROM (%s) TO (%s)", [low, high])
        return True
    moving = _q(f"moving_{name}")
    execute(f"CREATE TEMPORARY TABLE {moving} (LIKE {t}) ON COMMIT DROP")
    execute(
        f"WITH moved AS (DELETE FROM {d} WHERE {c} >= %s AND {c} < %s RETURNING *) "  # noqa: S608
        f"INSERT INTO {moving} SELECT * FROM moved",
        [low, high],
    )
    execute(f"CREATE TABLE {p} PARTITION OF {t} FOR VALUES FROM (%s) TO (%s)", [low, high])
    execute(f"INSERT INTO {t} SELECT * FROM {moving}")  # noqa: S608
    execute(f"DROP TABLE {moving}")
    return True


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
    with connection.cursor() as cursor:
        for spec in partitioned_tables():
            if not _is_partitioned(cursor, spec.table):
                continue
            for day in sorted(wanted):
                made += _create_day(cursor, spec, day)
    return made


def expired_partitions(table: str, cutoff: datetime) -> list[str]:
    """The day partitions of ``table`` that end at or before ``cutoff``: every row in
    them is older than the cutoff."""
    return sorted(
        name
        for name, bounds in partitions_of(table).items()
        if bounds is not None and bounds[1] <= cutoff
    )


def count_rows(names: Iterable[str]) -> int:
    total = 0
    with connection.cursor() as cursor:
        for name in names:
            cursor.execute(f"SELECT COUNT(*) FROM {_q(name)}")  # noqa: S608
            total += cursor.fetchone()[0]
    return total


def holds_any(name: str, person_ids: Iterable[int]) -> bool:
    """Whether partition ``name`` holds a row of one of ``person_ids``."""
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT EXISTS (SELECT 1 FROM {_q(name)} WHERE person_id = ANY(%s::bigint[]))",  # noqa: S608
            [sorted(person_ids)],
        )
        return bool(cursor.fetchone()[0])


def drop_partitions(names: Iterable[str]) -> int:
    """Drop whole partitions (retention); the number dropped."""
    count = 0
    with connection.cursor() as cursor:
        # Deferred foreign-key checks of rows written earlier in this transaction run
        # now: a table with pending trigger events cannot be dropped.
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        for name in names:
            cursor.execute(f"DROP TABLE {_q(name)}")
            count += 1
    return count


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
    with connection.cursor() as cursor:
        for spec in partitioned_tables():
            if _is_partitioned(cursor, spec.table):
                continue
            _partition_one(cursor, spec)
        ensure_partitions()


def _partition_one(cursor: object, spec: Partitioned) -> None:
    execute, fetch = cursor.execute, cursor.fetchall  # type: ignore[attr-defined]
    table, old = spec.table, spec.table + "__unpartitioned"
    execute(
        "SELECT conrelid::regclass::text FROM pg_constraint "
        "WHERE contype = 'f' AND confrelid = to_regclass(%s)",
        [table],
    )
    referrers = [r[0] for r in fetch()]
    if referrers:
        raise RuntimeError(f"{table} is referenced by {referrers}: it cannot be partitioned")
    execute(
        "SELECT indexdef FROM pg_indexes WHERE tablename = %s AND indexname NOT IN "
        "(SELECT conname FROM pg_constraint WHERE conrelid = to_regclass(%s) "
        "AND contype IN ('p', 'u'))",
        [table, table],
    )
    indexes = [r[0] for r in fetch()]
    execute(
        "SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint "
        "WHERE conrelid = to_regclass(%s) AND contype IN ('c', 'f')",
        [table],
    )
    constraints = fetch()
    execute(
        "SELECT attname FROM pg_attribute WHERE attrelid = to_regclass(%s) "
        "AND attidentity <> '' AND NOT attisdropped",
        [table],
    )
    identity = [r[0] for r in fetch()]
    t, o, col = _q(table), _q(old), _q(spec.column)
    execute(f"ALTER TABLE {t} RENAME TO {o}")
    execute(f"CREATE TABLE {t} (LIKE {o} INCLUDING DEFAULTS) PARTITION BY RANGE ({col})")
    execute(f"CREATE TABLE {_q(table + DEFAULT_SUFFIX)} PARTITION OF {t} DEFAULT")
    execute(
        f"SELECT DISTINCT ({col} AT TIME ZONE %s)::date FROM {o}",  # noqa: S608
        [timezone.get_default_timezone_name()],
    )
    days = [r[0] for r in fetch()]
    for day in sorted(days):
        _create_day(cursor, spec, day)
    execute(f"INSERT INTO {t} SELECT * FROM {o}")  # noqa: S608
    sequences = []
    for column in identity:
        seq = f"{table}_{column}_seq"
        execute(f"SELECT COALESCE(MAX({_q(column)}), 0) FROM {o}")  # noqa: S608
        (high,) = cursor.fetchone()  # type: ignore[attr-defined]
        sequences.append((seq, column, high))
    execute(f"DROP TABLE {o}")
    for seq, column, high in sequences:
        execute(f"CREATE SEQUENCE {_q(seq)} AS bigint OWNED BY {t}.{_q(column)}")
        execute("SELECT setval(%s, %s, %s)", [seq, max(high, 1), high > 0])
        execute(
            f"ALTER TABLE {t} ALTER COLUMN {_q(column)} SET DEFAULT nextval(%s::regclass)", [seq]
        )
    execute(f"ALTER TABLE {t} ADD PRIMARY KEY ({', '.join(_q(c) for c in spec.key)})")
    if "id" in spec.key:
        # The ORM still finds a row by id alone (a ticket, a guard's decision, a
        # declaration behind a visit): one probe per partition, not a scan.
        execute(f"CREATE INDEX {_q(table + '_id_lookup')} ON {t} ({_q('id')})")
    for definition in indexes:
        execute(definition)
    for name, definition in constraints:
        execute(f"ALTER TABLE {t} ADD CONSTRAINT {_q(name)} {definition}")
