"""F1 and F2 of docs/tracing.md answered by SQL interval joins in DuckDB over the import CSV.

Used by benchmarks/trace_scale.py as the yardstick for the engine.

Load (``load``): read the CSV, normalise identities, drop identical records, and
materialise the presence interval ``[ci, pe)`` of every record (tracing.md,
*Presence interval*: the check-out, else the earliest of check_in +
open_visit_hours, the same person's next check-in strictly later, and local
midnight ending the check-in's day in Asia/Ho_Chi_Minh via ICU). That is the
counterpart of the importer computing ``Visit.effective_end``. All times are
integer microseconds since the epoch, so comparisons are exact.

Query (``query``): the case's intervals clipped to ``[W0, W1)``; F1 = every other
person with a record at the same location overlapping one of them by at least
``min_overlap`` (each pair alone), exposed at the earliest contact time; F2 = every
person other than the case and F1s with a record overlapping by at least
``min_overlap`` a record of an F1 clipped to ``[e_F1, as_of)``.

Interval joins: an equi-join on (location, day bucket) — each interval is
listed under every local day it touches — followed by the exact overlap
test; a pair sharing several buckets is found several times, which changes
neither the set nor the earliest contact time. (Buckets only make the hash join
narrower; the answer is the same as with an equi-join on location alone.)

Identity normalisation in SQL covers the written forms of Vietnamese mobile
numbers that the generator uses (separators, ``0…``, ``84…``, ``+84…``); anything
that is not a phone is an upper-cased staff code, like ``normalize_identity``.
The caller checks the number of distinct persons against the import's.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import duckdb

ZONE = "Asia/Ho_Chi_Minh"
DAY_US = 86_400_000_000
LOCAL_OFFSET_US = 7 * 3_600_000_000  # bucket days are local (UTC+07:00, fixed since 1975)

_NORMALISE = r"""
CASE
  WHEN regexp_full_match(trim(person), '\+?[0-9][0-9 .\-()/]*') THEN (
    WITH_DIGITS
  )
  ELSE upper(trim(person))
END
"""


def _identity_sql() -> str:
    digits = r"regexp_replace(person, '[^0-9]', '', 'g')"
    phone = (
        f"CASE WHEN length({digits}) = 11 AND {digits} LIKE '84%' THEN '+' || {digits} "
        f"WHEN length({digits}) = 10 AND {digits} LIKE '0%' THEN '+84' || substr({digits}, 2) "
        f"WHEN length({digits}) = 9 AND NOT starts_with(trim(person), '+') "
        f"THEN '+84' || {digits} "
        f"ELSE upper(trim(person)) END"
    )
    return _NORMALISE.replace("WITH_DIGITS", phone)


def connect(threads: int | None = None) -> duckdb.DuckDBPyConnection:
    con = duckdb.connect()
    if threads:
        con.execute(f"SET threads = {int(threads)}")
    con.execute(f"SET TimeZone = '{ZONE}'")
    return con


def load(
    con: duckdb.DuckDBPyConnection, csv_path: Path, *, open_visit_hours: int = 8
) -> dict[str, Any]:
    """Create table ``rec(person, location, ci, pe, d0, d1)``; return counts and seconds."""
    started = time.perf_counter()
    ov = open_visit_hours * 3_600_000_000
    con.execute("DROP TABLE IF EXISTS rec")
    con.execute(
        f"""
        CREATE TABLE rec AS
        WITH raw AS (
          SELECT {_identity_sql()} AS person,
                 trim(location) AS location,
                 CAST(check_in AS TIMESTAMPTZ) AS tin,
                 CAST(nullif(trim(check_out), '') AS TIMESTAMPTZ) AS tout
            FROM read_csv(?, header = true, all_varchar = true, quote = '"')
        ), n AS (
          SELECT DISTINCT person, location, epoch_us(tin) AS ci, epoch_us(tout) AS co,
                 epoch_us(timezone('{ZONE}',
                     date_trunc('day', timezone('{ZONE}', tin)) + INTERVAL 1 DAY)) AS midnight
            FROM raw
        ), nx AS (
          SELECT person, ci, lead(ci) OVER (PARTITION BY person ORDER BY ci) AS nxt
            FROM (SELECT DISTINCT person, ci FROM n)
        )
        SELECT n.person, n.location, n.ci,
               CASE WHEN n.co IS NOT NULL THEN n.co
                    ELSE least(n.ci + {ov}, coalesce(nx.nxt, n.ci + {ov}), n.midnight) END AS pe,
               n.co IS NULL AS open
          FROM n JOIN nx USING (person, ci)
        """,
        [str(csv_path)],
    )
    # day buckets (local days) that each interval touches: [d0, d1]
    con.execute(
        f"""
        ALTER TABLE rec ADD COLUMN d0 BIGINT;
        ALTER TABLE rec ADD COLUMN d1 BIGINT;
        UPDATE rec SET d0 = (ci + {LOCAL_OFFSET_US}) // {DAY_US},
                       d1 = (pe - 1 + {LOCAL_OFFSET_US}) // {DAY_US};
        CREATE TABLE recb AS
          SELECT person, location, ci, pe, unnest(range(d0, d1 + 1)) AS b FROM rec;
        """
    )
    seconds = time.perf_counter() - started
    rows, persons, opened = con.execute(
        "SELECT count(*), count(DISTINCT person), count(*) FILTER (open) FROM rec"
    ).fetchone()  # type: ignore[misc]
    return {"seconds": seconds, "records": rows, "persons": persons, "open": opened}


def busy_case(
    con: duckdb.DuckDBPyConnection, w0: int, w1: int, top: int
) -> tuple[str, int, list[str]]:
    """The person with the most records at the ``top`` busiest locations (records
    starting in [w0, w1)) during [w0, w1); ties: the smallest identity."""
    places = [
        r[0]
        for r in con.execute(
            "SELECT location FROM rec WHERE ci >= ? AND ci < ? GROUP BY location "
            "ORDER BY count(*) DESC, location LIMIT ?",
            [w0, w1, top],
        ).fetchall()
    ]
    person, count = con.execute(
        "SELECT person, count(*) AS n FROM rec WHERE ci >= ? AND ci < ? "
        "AND location IN (SELECT unnest(?::VARCHAR[])) "
        "GROUP BY person ORDER BY n DESC, person LIMIT 1",
        [w0, w1, places],
    ).fetchone()  # type: ignore[misc]
    return person, count, places


def build_query(depth: int) -> str:
    """F1..F``depth``: level k's sources are the level k-1 persons' records clipped to
    [exposure, end) (level 1: the case's, clipped to [W0, W1)); its contacts are the
    persons of no earlier level overlapping one by at least ``min_overlap``, exposed
    at the earliest contact time."""
    parts = ["f0 AS (SELECT $case AS person, $w0 AS e)", "s0 AS (SELECT person FROM f0)"]
    for k in range(1, depth + 1):
        end = "$w1" if k == 1 else "$as_of"
        parts += [
            f"""p{k} AS (
  SELECT r.person, r.location, greatest(r.ci, f.e) AS s, least(r.pe, {end}) AS e
    FROM rec r JOIN f{k - 1} f ON r.person = f.person
   WHERE r.ci < {end} AND r.pe > f.e)""",
            f"""pb{k} AS (
  SELECT location, s, e, unnest(range((s + $off) // $day, (e - 1 + $off) // $day + 1)) AS b
    FROM p{k} WHERE e - s >= $t)""",
            f"""f{k} AS (
  SELECT q.person, min(greatest(pb.s, q.ci)) AS e
    FROM pb{k} pb JOIN recb q ON q.location = pb.location AND q.b = pb.b
   WHERE q.person NOT IN (SELECT person FROM s{k - 1})
     AND least(pb.e, q.pe) - greatest(pb.s, q.ci) >= $t
   GROUP BY q.person)""",
            f"s{k} AS (SELECT person FROM s{k - 1} UNION ALL SELECT person FROM f{k})",
        ]
    select = "\nUNION ALL\n".join(
        f"SELECT {k} AS level, person, e FROM f{k}" for k in range(1, depth + 1)
    )
    return "WITH " + ",\n".join(parts) + "\n" + select


QUERY = build_query(2)


def query(
    con: duckdb.DuckDBPyConnection,
    case: str,
    w0: int,
    w1: int,
    as_of: int,
    *,
    min_overlap_minutes: int = 15,
    depth: int = 2,
) -> tuple[float, dict[int, dict[str, int]]]:
    """Seconds and {level: {person: exposure (µs)}}."""
    params = {
        "case": case,
        "w0": w0,
        "w1": w1,
        "as_of": as_of,
        "t": max(min_overlap_minutes * 60_000_000, 1),
        "off": LOCAL_OFFSET_US,
        "day": DAY_US,
    }
    started = time.perf_counter()
    rows = con.execute(build_query(depth), params).fetchall()
    seconds = time.perf_counter() - started
    levels: dict[int, dict[str, int]] = {k: {} for k in range(1, depth + 1)}
    for level, person, exposed in rows:
        levels[level][person] = exposed
    return seconds, levels
