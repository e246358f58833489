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
from phongdich.tracing.models import KeptVisit

__all__ = [
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

# Visits -------------------------------------------------------------------------
# Each answer row: (person id, location id, check_in, check_out, next_check_in).
# The next check-in comes from the person-keyed index of check-ins (the open-visit
# cut, checkin.models.PersonCheckin): one probe of its primary key (person, check_in).

_NEXT = f"""CASE WHEN v.check_out IS NULL THEN
         (SELECT n.check_in FROM {PERSON_CHECKIN} n
           WHERE n.person_id = v.person_id AND n.check_in > v.check_in
           ORDER BY n.check_in LIMIT 1)
       END"""  # noqa: S608
_COLUMNS = f"v.person_id, v.location_id, v.check_in, v.check_out, {_NEXT}"
# SQLite: CAST keeps the times as text (a bare "datetime" column would go through
# Django's registered converter, a regex parse per value).
_SQLITE_COLUMNS = f"""v.person_id, v.location_id, CAST(v.check_in AS TEXT),
       CAST(v.check_out AS TEXT), {_NEXT}"""

# SQLite: the windows as a JSON array, unpacked once into a materialised table (else
# the JSON would be re-read for every index entry the filter looks at); CROSS JOIN
# keeps the windows outside, the visits inside the nested loop.
_SQLITE_WINDOWS = """WITH w AS MATERIALIZED (
  SELECT value ->> 0 AS lid, value ->> 1 AS s, value ->> 2 AS e, value ->> 3 AS o
    FROM json_each(%s))"""
SQLITE_AT = f"""{_SQLITE_WINDOWS}
SELECT {_SQLITE_COLUMNS}
  FROM w CROSS JOIN {VISIT} AS v
 WHERE v.location_id = w.lid AND v.effective_end > w.s AND v.check_in < w.e"""  # noqa: S608
SQLITE_AT_OPEN = f"""{_SQLITE_WINDOWS}
SELECT {_SQLITE_COLUMNS}
  FROM w CROSS JOIN {VISIT} AS v
 WHERE v.location_id = w.lid AND v.check_out IS NULL
   AND v.check_in > w.o AND v.check_in < w.e"""  # noqa: S608
SQLITE_OF = f"""SELECT {_SQLITE_COLUMNS}
  FROM json_each(%s) AS p CROSS JOIN {VISIT} AS v
 WHERE v.person_id = p.value AND v.effective_end > %s AND v.check_in < %s"""  # noqa: S608
SQLITE_OF_OPEN = f"""SELECT {_SQLITE_COLUMNS}
  FROM json_each(%s) AS p CROSS JOIN {VISIT} AS v
 WHERE v.person_id = p.value AND v.check_out IS NULL
   AND v.check_in > %s AND v.check_in < %s"""  # noqa: S608

# PostgreSQL: arrays, unnested. Each text also reads the visits kept for open cases
# out of dropped day partitions (tracing.models.KeptVisit, empty until a retention
# purge drops a partition): the same filter on the kept rows, whose next check-in
# was resolved when they were kept.
_PG_WINDOWS = """WITH w AS (
  SELECT * FROM unnest(%s::bigint[], %s::timestamptz[], %s::timestamptz[], %s::timestamptz[])
    AS w(lid, s, e, o))"""
_KEPT_COLUMNS = "k.person_id, k.location_id, k.check_in, k.check_out, k.next_check_in"
PG_AT = f"""{_PG_WINDOWS}
SELECT {_COLUMNS}
  FROM w JOIN {VISIT} AS v ON v.location_id = w.lid
 WHERE v.effective_end > w.s AND v.check_in < w.e
UNION ALL
SELECT {_KEPT_COLUMNS}
  FROM w JOIN {KEPT} AS k ON k.location_id = w.lid
 WHERE k.effective_end > w.s AND k.check_in < w.e"""  # noqa: S608
PG_AT_OPEN = f"""{_PG_WINDOWS}
SELECT {_COLUMNS}
  FROM w JOIN {VISIT} AS v ON v.location_id = w.lid
 WHERE v.check_out IS NULL AND v.check_in > w.o AND v.check_in < w.e
UNION ALL
SELECT {_KEPT_COLUMNS}
  FROM w JOIN {KEPT} AS k ON k.location_id = w.lid
 WHERE k.check_out IS NULL AND k.check_in > w.o AND k.check_in < w.e"""  # noqa: S608
_PG_PERSONS = """WITH p AS (SELECT unnest(%s::bigint[]) AS id),
     b AS (SELECT %s::timestamptz AS s, %s::timestamptz AS e)"""
PG_OF = f"""{_PG_PERSONS}
SELECT {_COLUMNS}
  FROM b, p JOIN {VISIT} AS v ON v.person_id = p.id
 WHERE v.effective_end > b.s AND v.check_in < b.e
UNION ALL
SELECT {_KEPT_COLUMNS}
  FROM b, p JOIN {KEPT} AS k ON k.person_id = p.id
 WHERE k.effective_end > b.s AND k.check_in < b.e"""  # noqa: S608
PG_OF_OPEN = f"""{_PG_PERSONS}
SELECT {_COLUMNS}
  FROM b, p JOIN {VISIT} AS v ON v.person_id = p.id
 WHERE v.check_out IS NULL AND v.check_in > b.s AND v.check_in < b.e
UNION ALL
SELECT {_KEPT_COLUMNS}
  FROM b, p JOIN {KEPT} AS k ON k.person_id = p.id
 WHERE k.check_out IS NULL AND k.check_in > b.s AND k.check_in < b.e"""  # noqa: S608


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


# Citus (checkin.citus) -----------------------------------------------------------
# The visits are distributed by location, the person-keyed check-ins by person: a
# query correlating the two cannot be pushed down to the shards. So on Citus the
# visits come without their next check-in (NULL), the kept rows (co-located with the
# visits) as a separate text, and the next check-ins of the answer's open visits from
# a second query on PersonCheckin (CITUS_NEXT, grouped by its distribution column).
# The window texts repeat the location ids as a plain ``= ANY`` list (the last
# parameter) so that Citus prunes to those locations' shards.
_CITUS_COLUMNS = "v.person_id, v.location_id, v.check_in, v.check_out, NULL::timestamptz"
CITUS_AT = f"""{_PG_WINDOWS}
SELECT {_CITUS_COLUMNS}
  FROM w JOIN {VISIT} AS v ON v.location_id = w.lid
 WHERE v.effective_end > w.s AND v.check_in < w.e
   AND v.location_id = ANY(%s::bigint[])"""  # noqa: S608
CITUS_AT_KEPT = f"""{_PG_WINDOWS}
SELECT {_KEPT_COLUMNS}
  FROM w JOIN {KEPT} AS k ON k.location_id = w.lid
 WHERE k.effective_end > w.s AND k.check_in < w.e
   AND k.location_id = ANY(%s::bigint[])"""  # noqa: S608
CITUS_AT_OPEN = f"""{_PG_WINDOWS}
SELECT {_CITUS_COLUMNS}
  FROM w JOIN {VISIT} AS v ON v.location_id = w.lid
 WHERE v.check_out IS NULL AND v.check_in > w.o AND v.check_in < w.e
   AND v.location_id = ANY(%s::bigint[])"""  # noqa: S608
CITUS_AT_OPEN_KEPT = f"""{_PG_WINDOWS}
SELECT {_KEPT_COLUMNS}
  FROM w JOIN {KEPT} AS k ON k.location_id = w.lid
 WHERE k.check_out IS NULL AND k.check_in > w.o AND k.check_in < w.e
   AND k.location_id = ANY(%s::bigint[])"""  # noqa: S608
CITUS_OF = f"""SELECT {_CITUS_COLUMNS} FROM {VISIT} AS v
 WHERE v.person_id = ANY(%s::bigint[]) AND v.effective_end > %s AND v.check_in < %s
UNION ALL
SELECT {_KEPT_COLUMNS} FROM {KEPT} AS k
 WHERE k.person_id = ANY(%s::bigint[]) AND k.effective_end > %s AND k.check_in < %s"""  # noqa: S608
CITUS_OF_OPEN = f"""SELECT {_CITUS_COLUMNS} FROM {VISIT} AS v
 WHERE v.person_id = ANY(%s::bigint[]) AND v.check_out IS NULL
   AND v.check_in > %s AND v.check_in < %s
UNION ALL
SELECT {_KEPT_COLUMNS} FROM {KEPT} AS k
 WHERE k.person_id = ANY(%s::bigint[]) AND k.check_out IS NULL
   AND k.check_in > %s AND k.check_in < %s"""  # noqa: S608
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
