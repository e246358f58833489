"""Every raw SQL text of the tracing app: the hot path of ``SqlStore`` (``store.py``).

One parameterised text per question and database (the module doc of
``store.py`` says why the ORM is skipped and which indexes each text relies
on). Tables are named by the models' ``_meta.db_table``, never spelled out;
the texts are built once, at import. Only constants go into them: every value
is a query parameter.
"""

from __future__ import annotations

from django.db import connection

from phongdich.checkin.models import Location, Person, PersonCheckin, Visit
from phongdich.tracing.models import KeptVisit, LocationStay

__all__ = [
    "CITUS_AT",
    "CITUS_AT_OPEN",
    "CITUS_CHECKINS_OF",
    "CITUS_NEXT_US",
    "CITUS_OF",
    "CITUS_KEPT_NEXT",
    "CITUS_KEPT_OPEN",
    "CITUS_NEXT",
    "citus_keep_evidence",
    "PG_AT",
    "PG_AT_OPEN",
    "PG_LOCATION_CODES",
    "PG_LOCATION_IDS",
    "PG_OF",
    "PG_OF_OPEN",
    "PG_PERSON_IDENTITIES",
    "pg_keep_evidence",
    "SQLITE_AT",
    "SQLITE_AT_OPEN",
    "SQLITE_LOCATION_CODES",
    "SQLITE_LOCATION_IDS",
    "SQLITE_OF",
    "SQLITE_OF_OPEN",
    "SQLITE_PERSON_IDENTITIES",
]

VISIT = Visit._meta.db_table
KEPT = KeptVisit._meta.db_table
PERSON_CHECKIN = PersonCheckin._meta.db_table
PERSON = Person._meta.db_table
LOCATION = Location._meta.db_table
STAY = LocationStay._meta.db_table

# Visits -------------------------------------------------------------------------
# Two steps, each on one table keyed one way (a query never correlates the
# location-keyed visits with the person-keyed check-ins, so each step also runs
# as is where the tables are distributed on different keys):
#
# 1. the visits of the question: (person id, location id, check_in, check_out),
#    times as microseconds since the epoch (PostgreSQL; SQLite: Django's
#    naive-UTC text, parsed once per distinct value by the store);
# 2. for the open ones, the person's next check-in (``*_NEXT``), from the
#    person-keyed index of check-ins (checkin.models.PersonCheckin), one probe of
#    its primary key (person, check_in) per open visit.
#
# A window's scan on the location-keyed index (location_id, effective_end, …) is
# bounded below by ``effective_end > start`` and above by ``effective_end <
# end + longest``, where longest (the window's own parameter) bounds
# ``effective_end - check_in`` at that location (tracing.models.LocationStay); a
# person's scan on (person_id, effective_end) likewise, with the longest stay
# anywhere.

# SQLite: CAST keeps the times as text (a bare "datetime" column would go through
# Django's registered converter, a regex parse per value).
_SQLITE_COLUMNS = "v.person_id, v.location_id, CAST(v.check_in AS TEXT), CAST(v.check_out AS TEXT)"

# SQLite: the windows as a JSON array, unpacked once into a materialised table (else
# the JSON would be re-read for every index entry the filter looks at); CROSS JOIN
# keeps the windows outside, the visits inside the nested loop.
_SQLITE_WINDOWS = """WITH w AS MATERIALIZED (
  SELECT value ->> 0 AS lid, value ->> 1 AS s, value ->> 2 AS e, value ->> 3 AS o,
         value ->> 4 AS b
    FROM json_each(%s))"""
SQLITE_AT = f"""{_SQLITE_WINDOWS}
SELECT {_SQLITE_COLUMNS}
  FROM w CROSS JOIN {VISIT} AS v
 WHERE v.location_id = w.lid AND v.effective_end > w.s AND v.effective_end < w.b
   AND v.check_in < w.e"""  # noqa: S608
SQLITE_AT_OPEN = f"""{_SQLITE_WINDOWS}
SELECT {_SQLITE_COLUMNS}
  FROM w CROSS JOIN {VISIT} AS v
 WHERE v.location_id = w.lid AND v.check_out IS NULL
   AND v.check_in > w.o AND v.check_in < w.e"""  # noqa: S608
SQLITE_OF = f"""SELECT {_SQLITE_COLUMNS}
  FROM json_each(%s) AS p CROSS JOIN {VISIT} AS v
 WHERE v.person_id = p.value AND v.effective_end > %s AND v.check_in < %s
   AND v.effective_end < %s"""  # noqa: S608
SQLITE_OF_OPEN = f"""SELECT {_SQLITE_COLUMNS}
  FROM json_each(%s) AS p CROSS JOIN {VISIT} AS v
 WHERE v.person_id = p.value AND v.check_out IS NULL
   AND v.check_in > %s AND v.check_in < %s"""  # noqa: S608
# (position, next check-in) of each [person id, check_in] of a JSON array: the
# person's smallest check-in strictly after check_in (the first index entry after it).
SQLITE_NEXT = f"""SELECT q.key,
       (SELECT CAST(n.check_in AS TEXT) FROM {PERSON_CHECKIN} n
         WHERE n.person_id = q.value ->> 0 AND n.check_in > q.value ->> 1
         ORDER BY n.check_in LIMIT 1)
  FROM json_each(%s) AS q"""  # noqa: S608

# PostgreSQL: arrays (times as microseconds since the epoch), unnested. The visits
# kept for open cases out of dropped day partitions (tracing.models.KeptVisit,
# empty until a retention purge drops a partition) are asked the same question
# by ``*_KEPT``; their next check-in was resolved when they were kept.


def _pg_us(column: str) -> str:
    return f"(extract(epoch FROM {column}) * 1000000)::bigint"


def _pg_time(parameter: str) -> str:
    return f"(timestamptz 'epoch' + {parameter} * interval '1 microsecond')"


_PG_COLUMNS = f"v.person_id, v.location_id, {_pg_us('v.check_in')}, {_pg_us('v.check_out')}"
_PG_KEPT_COLUMNS = (
    f"v.person_id, v.location_id, {_pg_us('v.check_in')}, {_pg_us('v.check_out')}, "
    f"{_pg_us('v.next_check_in')}"
)
_PG_WINDOWS = f"""WITH w AS (
  SELECT lid, {_pg_time("s")} AS s, {_pg_time("e")} AS e, {_pg_time("o")} AS o,
         {_pg_time("b")} AS b
    FROM unnest(%s::bigint[], %s::bigint[], %s::bigint[], %s::bigint[], %s::bigint[])
      AS w(lid, s, e, o, b))"""  # noqa: S608


# PostgreSQL's visits and person-keyed check-ins are partitioned by check-in day
# (checkin.partitions): a scan bounded on ``check_in`` on both sides lets the executor
# skip every other day's partition per window (run-time pruning), instead of opening
# each day's index. For the visits the lower bound follows from the stay bound:
# effective_end - check_in < b - e (the window's longest stay + 1 s) and
# effective_end > s give check_in > s - (b - e). Kept visits (not partitioned, their
# stays outside LocationStay's upkeep) are asked without it.
_PG_PRUNE_AT = "\n   AND v.check_in > w.s - (w.b - w.e)"
_PG_PRUNE_OF = "\n   AND v.check_in > b.s - (b.u - b.e)"


def _pg_at(columns: str, table: str, prune: str = "") -> str:
    return f"""{_PG_WINDOWS}
SELECT {columns}
  FROM w JOIN {table} AS v ON v.location_id = w.lid
 WHERE v.effective_end > w.s AND v.effective_end < w.b AND v.check_in < w.e{prune}"""  # noqa: S608


def _pg_at_open(columns: str, table: str) -> str:
    return f"""{_PG_WINDOWS}
SELECT {columns}
  FROM w JOIN {table} AS v ON v.location_id = w.lid
 WHERE v.check_out IS NULL AND v.check_in > w.o AND v.check_in < w.e"""  # noqa: S608


_PG_PERSONS = f"""WITH p AS (SELECT unnest(%s::bigint[]) AS id),
     b AS (SELECT {_pg_time("%s::bigint")} AS s, {_pg_time("%s::bigint")} AS e,
                  {_pg_time("%s::bigint")} AS u)"""


def _pg_of(columns: str, table: str, prune: str = "") -> str:
    return f"""{_PG_PERSONS}
SELECT {columns}
  FROM b, p JOIN {table} AS v ON v.person_id = p.id
 WHERE v.effective_end > b.s AND v.check_in < b.e AND v.effective_end < b.u{prune}"""  # noqa: S608


def _pg_of_open(columns: str, table: str) -> str:
    return f"""{_PG_PERSONS}
SELECT {columns}
  FROM b, p JOIN {table} AS v ON v.person_id = p.id
 WHERE v.check_out IS NULL AND v.check_in > b.s AND v.check_in < b.e"""  # noqa: S608


# Citus: a window's scan with its location ids again as the shard pruning list (the
# join on the unnested windows alone does not prune), so a trace touches only the
# shards of the case's locations.
_CITUS_PRUNE = "\n   AND v.location_id = ANY(%s::bigint[])"
CITUS_AT = _pg_at(_PG_COLUMNS, VISIT) + _CITUS_PRUNE
CITUS_AT_OPEN = _pg_at_open(_PG_COLUMNS, VISIT) + _CITUS_PRUNE
# Citus: a person's visits in two steps, since visits are distributed by location:
# 1. where and when each person checked in, from the person-keyed check-ins (the
#    shards of those people): (location id, check_in µs, person id);
CITUS_CHECKINS_OF = f"""SELECT location_id, {_pg_us("check_in")}, person_id
  FROM {PERSON_CHECKIN}
 WHERE person_id = ANY(%s::bigint[]) AND check_in < {_pg_time("%s::bigint")}"""  # noqa: S608
# 2. those visits, by their location (the shards of those locations only), kept when
#    they intersect [start, end) closed (effective_end > start) or, with a longer
#    open-visit length than stored, open since ``since`` (check_in > since).
CITUS_OF = f"""SELECT {_PG_COLUMNS}
  FROM unnest(%s::bigint[], %s::bigint[], %s::bigint[]) AS q(l, c, p)
  JOIN {VISIT} AS v
    ON v.location_id = q.l AND v.check_in = {_pg_time("q.c")} AND v.person_id = q.p
 WHERE v.location_id = ANY(%s::bigint[]) AND v.check_in < {_pg_time("%s::bigint")}
   AND (v.effective_end > {_pg_time("%s::bigint")}
        OR (v.check_out IS NULL AND v.check_in > {_pg_time("%s::bigint")}))"""  # noqa: S608
PG_AT = _pg_at(_PG_COLUMNS, VISIT, _PG_PRUNE_AT)
PG_AT_KEPT = _pg_at(_PG_KEPT_COLUMNS, KEPT)
PG_AT_OPEN = _pg_at_open(_PG_COLUMNS, VISIT)
PG_AT_OPEN_KEPT = _pg_at_open(_PG_KEPT_COLUMNS, KEPT)
PG_OF = _pg_of(_PG_COLUMNS, VISIT, _PG_PRUNE_OF)
PG_OF_KEPT = _pg_of(_PG_KEPT_COLUMNS, KEPT)
PG_OF_OPEN = _pg_of_open(_PG_COLUMNS, VISIT)
PG_OF_OPEN_KEPT = _pg_of_open(_PG_KEPT_COLUMNS, KEPT)
# (position, next check-in) of each (person id, check_in): the person's smallest
# check-in strictly after check_in and before check_in + the open-visit length (the
# first entry after it on the primary key); a later one cannot cut the presence
# (tracing.md), so it is not looked for: the bound keeps each probe to the one or two
# day partitions it can be in. Parameters: the open-visit length (µs), persons, check-ins.
PG_NEXT = f"""SELECT q.i,
       (SELECT {_pg_us("n.check_in")} FROM {PERSON_CHECKIN} n
         WHERE n.person_id = q.p AND n.check_in > {_pg_time("q.c")}
           AND n.check_in < {_pg_time("(q.c + %s::bigint)")}
         ORDER BY n.check_in LIMIT 1)
  FROM unnest(%s::bigint[], %s::bigint[]) WITH ORDINALITY AS q(p, c, i)"""  # noqa: S608

# Citus: PG_NEXT as a join (a correlated sub-query on the person-keyed check-ins is not
# pushed down), the person ids again as the shard pruning list; a pair without a later
# check-in is absent: (position, next check-in µs).
CITUS_NEXT_US = f"""SELECT q.i, min({_pg_us("n.check_in")})
  FROM {PERSON_CHECKIN} n
  JOIN unnest(%s::bigint[], %s::bigint[]) WITH ORDINALITY AS q(p, c, i)
    ON n.person_id = q.p AND n.check_in > {_pg_time("q.c")}
 WHERE n.person_id = ANY(%s::bigint[])
 GROUP BY q.i"""  # noqa: S608

# The longest stay (effective_end - check_in) at each location, beyond the floor
# every location has (tracing.models.LocationStay): (location id, microseconds).
SQLITE_LONGEST = f"""SELECT s.location_id, s.longest_seconds FROM json_each(%s) AS w
  CROSS JOIN {STAY} AS s ON s.location_id = w.value"""  # noqa: S608
# The longest stay anywhere beyond the floor (NULL: none), which bounds a person's
# scan: (seconds,).
LONGEST_ANYWHERE = f"SELECT max(longest_seconds) FROM {STAY}"  # noqa: S608
PG_LONGEST = (
    f"SELECT location_id, longest_seconds FROM {STAY} WHERE location_id = ANY(%s::bigint[])"  # noqa: S608
)


# Rows by id ---------------------------------------------------------------------
# ``(id, column)`` of the rows with the given ids: one parameter, a JSON array
# (SQLite) or an array literal (PostgreSQL).


def _sqlite_by_ids(table: str, column: str) -> str:
    return (
        f"SELECT t.id, t.{column} FROM json_each(%s) AS w"  # noqa: S608
        f" CROSS JOIN {table} AS t ON t.id = w.value"
    )


def _pg_by_ids(table: str, column: str) -> str:
    return f"SELECT id, {column} FROM {table} WHERE id = ANY(%s::bigint[])"  # noqa: S608


SQLITE_PERSON_IDENTITIES = _sqlite_by_ids(PERSON, "identity")
PG_PERSON_IDENTITIES = _pg_by_ids(PERSON, "identity")
SQLITE_LOCATION_CODES = _sqlite_by_ids(LOCATION, "code")
PG_LOCATION_CODES = _pg_by_ids(LOCATION, "code")

# ``(id, code)`` of the locations with the given codes (one parameter: a JSON array
# on SQLite, a list on PostgreSQL).
SQLITE_LOCATION_IDS = (
    f"SELECT id, code FROM {LOCATION} WHERE code IN (SELECT value FROM json_each(%s))"  # noqa: S608
)
PG_LOCATION_IDS = f"SELECT id, code FROM {LOCATION} WHERE code = ANY(%s::text[])"  # noqa: S608


# The retention purge's evidence (retention.keep_evidence) -----------------------


def pg_keep_evidence(partition: str) -> str:
    """Copy the visits of the people given (one parameter: an array of person ids) out
    of the visit partition ``partition`` into KEPT, each open visit's next check-in
    resolved from the person-keyed index. ``partition`` comes from the catalogue
    (checkin.partitions), never from input; it is quoted."""
    table = connection.ops.quote_name(partition)
    return (
        f"INSERT INTO {KEPT} (person_id, location_id, unit_id_snapshot, check_in, "  # noqa: S608
        "check_out, effective_end, next_check_in, source, status, kept_at) "
        "SELECT v.person_id, v.location_id, v.unit_id_snapshot, v.check_in, v.check_out, "
        "v.effective_end, CASE WHEN v.check_out IS NULL THEN "
        f"(SELECT MIN(n.check_in) FROM {PERSON_CHECKIN} n WHERE n.person_id = v.person_id "
        "AND n.check_in > v.check_in) END, v.source, v.status, now() "
        f"FROM {table} v WHERE v.person_id = ANY(%s::bigint[]) ON CONFLICT DO NOTHING"
    )


# The longest stay per location (tracing.models.LocationStay, migration 0008) -------
# Triggers on the visits: a stay longer than the floor raises the location's bound.
# PostgreSQL: ceil of the exact seconds, plus one. SQLite: whole-second difference
# of the texts (off by less than a second either way), plus one.


def _stay_floor() -> int:
    from phongdich.tracing.models import STAY_FLOOR_SECONDS

    return STAY_FLOOR_SECONDS


_PG_STAY_FUNCTION = f"""CREATE OR REPLACE FUNCTION tracing_location_stay() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO {STAY} (location_id, longest_seconds)
  VALUES (NEW.location_id, ceil(extract(epoch FROM NEW.effective_end - NEW.check_in))::bigint + 1)
  ON CONFLICT (location_id) DO UPDATE SET longest_seconds = EXCLUDED.longest_seconds
   WHERE {STAY}.longest_seconds < EXCLUDED.longest_seconds;
  RETURN NULL;
END $$"""  # noqa: S608


def _pg_stay_backfill(table: str) -> str:
    return (
        f"INSERT INTO {STAY} (location_id, longest_seconds) "  # noqa: S608
        "SELECT location_id, max(ceil(extract(epoch FROM effective_end - check_in))::bigint + 1) "
        f"FROM {table} WHERE effective_end - check_in > interval '{_stay_floor()} seconds' "
        "GROUP BY location_id ON CONFLICT (location_id) DO UPDATE "
        f"SET longest_seconds = greatest({STAY}.longest_seconds, EXCLUDED.longest_seconds)"
    )


def _sqlite_stay_trigger(event: str, name: str) -> str:
    seconds = "(unixepoch(NEW.effective_end) - unixepoch(NEW.check_in))"
    return f"""CREATE TRIGGER IF NOT EXISTS {name} AFTER {event} ON {VISIT}
WHEN {seconds} >= {_stay_floor()}
BEGIN
  INSERT INTO {STAY} (location_id, longest_seconds) VALUES (NEW.location_id, {seconds} + 1)
  ON CONFLICT (location_id) DO UPDATE SET longest_seconds = excluded.longest_seconds
   WHERE longest_seconds < excluded.longest_seconds;
END"""  # noqa: S608


SQLITE_STAY_TRIGGERS = ("tracing_visit_stay_insert", "tracing_visit_stay_update")
PG_STAY_TRIGGER = "tracing_visit_stay"


def stay_triggers(vendor: str) -> list[str]:
    """The statements that create the triggers and read the existing visits."""
    floor = _stay_floor()
    if vendor == "postgresql":
        return [
            _PG_STAY_FUNCTION,
            f"DROP TRIGGER IF EXISTS {PG_STAY_TRIGGER} ON {VISIT}",
            f"CREATE TRIGGER {PG_STAY_TRIGGER} AFTER INSERT OR UPDATE OF check_in, effective_end "
            f"ON {VISIT} FOR EACH ROW "
            f"WHEN (NEW.effective_end - NEW.check_in > interval '{floor} seconds') "
            "EXECUTE FUNCTION tracing_location_stay()",
            _pg_stay_backfill(VISIT),
            _pg_stay_backfill(KEPT),
        ]
    insert, update = SQLITE_STAY_TRIGGERS
    seconds = "(unixepoch(effective_end) - unixepoch(check_in))"
    return [
        _sqlite_stay_trigger("INSERT", insert),
        _sqlite_stay_trigger("UPDATE OF check_in, effective_end", update),
        f"INSERT INTO {STAY} (location_id, longest_seconds) "  # noqa: S608
        f"SELECT location_id, max({seconds}) + 1 FROM {VISIT} WHERE {seconds} >= {floor} "
        "GROUP BY location_id",
    ]


def stay_triggers_drop(vendor: str) -> list[str]:
    if vendor == "postgresql":
        return [
            f"DROP TRIGGER IF EXISTS {PG_STAY_TRIGGER} ON {VISIT}",
            "DROP FUNCTION IF EXISTS tracing_location_stay()",
        ]
    return [f"DROP TRIGGER IF EXISTS {name}" for name in SQLITE_STAY_TRIGGERS]


# (person id, check_in, next check-in) for each (person id, check_in) given (two
# arrays), then the person ids again (the shard pruning list). A pair without a
# later check-in is absent.
CITUS_NEXT = f"""SELECT n.person_id, q.ci, MIN(n.check_in)
  FROM {PERSON_CHECKIN} AS n
  JOIN unnest(%s::bigint[], %s::timestamptz[]) AS q(pid, ci)
    ON n.person_id = q.pid AND n.check_in > q.ci
 WHERE n.person_id = ANY(%s::bigint[])
 GROUP BY n.person_id, q.ci"""  # noqa: S608


def citus_keep_evidence(partition: str) -> str:
    """``pg_keep_evidence`` on Citus, first of two steps: the visits copied with no
    next check-in (an ``INSERT … SELECT`` between co-located tables, run on each
    shard); ``citus_kept_open`` and ``CITUS_NEXT`` then resolve it."""
    table = connection.ops.quote_name(partition)
    return (
        f"INSERT INTO {KEPT} (person_id, location_id, unit_id_snapshot, check_in, "  # noqa: S608
        "check_out, effective_end, next_check_in, source, status, kept_at) "
        "SELECT v.person_id, v.location_id, v.unit_id_snapshot, v.check_in, v.check_out, "
        "v.effective_end, NULL, v.source, v.status, now() "
        f"FROM {table} v WHERE v.person_id = ANY(%s::bigint[]) ON CONFLICT DO NOTHING"
    )


# (location, check_in, person) of the kept open visits of the people given whose next
# check-in is not resolved yet; then the update of one kept row's next check-in.
CITUS_KEPT_OPEN = f"""SELECT location_id, check_in, person_id FROM {KEPT}
 WHERE person_id = ANY(%s::bigint[]) AND check_out IS NULL
   AND next_check_in IS NULL"""  # noqa: S608
CITUS_KEPT_NEXT = f"""UPDATE {KEPT} SET next_check_in = %s
 WHERE location_id = %s AND check_in = %s AND person_id = %s"""  # noqa: S608
