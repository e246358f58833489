"""The database's share of an import: the rows an import stores, loaded alone into the
same tables with the same indexes, beside the bare load of the file, in one run.

    .venv/bin/python benchmarks/import_floor.py [--file million|province] [--db sqlite postgres]

For each database: a fresh database gets ``manage.py import_checkins FILE`` (timed, as
``import_checkins.py`` does); then, side by side, the bare load of the file (the
baseline of ``import_checkins.py``) and the *floor*: the people, visits and
person-keyed check-ins the import stored, read back (untimed) and written again into
empty tables of the same definitions, with the same indexes and triggers, the way the
import writes them (SQLite: ``executemany`` in batches of 50,000 in one transaction,
the secondary indexes created after the rows, the import's page cache and threads;
PostgreSQL: one ``COPY`` per table into tables ``LIKE … INCLUDING ALL``, so their
indexes and constraints, plus their foreign keys (deferred, as Django declares them:
checked at commit), without partitions or triggers), then commit. SQLite's copy runs
without its foreign keys (the parents are not copied): a lower bound still. No parsing, no
validation, no dedup, no effective ends, no encryption, no Python between rows: what any
importer into this schema must pay at least. Its ratio to the bare load is the best the
import's ratio could reach; if it is above 2, the 2× target needs a smaller schema, not
a faster importer.
"""

from __future__ import annotations

import argparse
import json
import os
import sqlite3
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.import_checkins import (  # noqa: E402
    PG_URL,
    PYTHON,
    bare,
    bench,
    csv_file,
    load_average,
    machine,
    recreate_postgres,
    run,
)

TABLES = ("checkin_person", "checkin_visit", "checkin_personcheckin")
BATCH = 50_000


def floor_sqlite(db_path: str, target: str) -> dict[str, Any]:
    source = sqlite3.connect(db_path)
    schema = source.execute(
        "SELECT type, name, tbl_name, sql FROM sqlite_master WHERE sql IS NOT NULL "
        "AND tbl_name IN (?, ?, ?, 'tracing_locationstay')",
        TABLES,
    ).fetchall()
    data = {t: source.execute(f"SELECT * FROM {t}").fetchall() for t in TABLES}  # noqa: S608
    source.close()
    conn = sqlite3.connect(target, isolation_level=None)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA synchronous=NORMAL")
    tables = [sql for kind, _, _, sql in schema if kind == "table"]
    for sql in tables:  # the tables as the migrations made them (empty)
        conn.execute(sql)
    started, cpu = time.perf_counter(), time.process_time()
    conn.execute("PRAGMA cache_size=-32768")  # as sql.fast_sqlite()
    conn.execute("PRAGMA threads=2")
    conn.execute("BEGIN")
    for sql in (sql for kind, _, _, sql in schema if kind == "trigger"):
        conn.execute(sql)  # the tracing triggers stay during the load, as in the import
    counts = {}
    for table in TABLES:
        rows = data[table]
        marks = ", ".join("?" * len(rows[0]))
        for i in range(0, len(rows), BATCH):
            conn.executemany(f"INSERT INTO {table} VALUES ({marks})", rows[i : i + BATCH])  # noqa: S608
        counts[table] = len(rows)
    for sql in (sql for kind, _, _, sql in schema if kind == "index"):
        conn.execute(sql)  # built once after the rows (sql.indexes_rebuilt)
    conn.execute("COMMIT")
    result = {
        "seconds": time.perf_counter() - started,
        "cpu": time.process_time() - cpu,
        "rows": counts,
    }
    conn.close()
    return result


def floor_postgres(url: str) -> dict[str, Any]:
    import psycopg

    with psycopg.connect(url) as conn:
        dumps = {}
        for table in TABLES:
            buffer = bytearray()
            with conn.cursor().copy(
                f"COPY (SELECT * FROM {table}) TO STDOUT (FORMAT binary)"
            ) as copy:
                for chunk in copy:
                    buffer += chunk
            dumps[table] = bytes(buffer)
            conn.execute(f"DROP TABLE IF EXISTS floor_{table}")
            conn.execute(f"CREATE TABLE floor_{table} (LIKE {table} INCLUDING ALL)")
            keys = conn.execute(
                "SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint "
                "WHERE conrelid = %s::regclass AND contype = 'f'",
                [table],
            ).fetchall()
            for name, definition in keys:  # the foreign keys too (LIKE copies none)
                conn.execute(f"ALTER TABLE floor_{table} ADD CONSTRAINT f_{name} {definition}")
        conn.commit()
        conn.execute("CHECKPOINT")
        started, cpu = time.perf_counter(), time.process_time()
        counts = {}
        with conn.cursor() as cur:
            for table in TABLES:
                with cur.copy(f"COPY floor_{table} FROM STDIN (FORMAT binary)") as copy:
                    view = memoryview(dumps[table])
                    for i in range(0, len(view), 1 << 20):
                        copy.write(view[i : i + (1 << 20)])
                counts[table] = cur.rowcount
        copied = time.perf_counter() - started
        conn.commit()  # Django's foreign keys are deferred: their checks run here
        result = {
            "seconds": time.perf_counter() - started,
            "cpu": time.process_time() - cpu,
            "rows": counts,
            "copy": copied,
            "commit": time.perf_counter() - started - copied,
        }
        for table in TABLES:
            conn.execute(f"DROP TABLE floor_{table}")
        conn.commit()
    return result


def floor(kind: str, source: str) -> dict[str, Any]:
    """The floor in a child process (its own memory), as JSON on its last line."""
    out = run([PYTHON, __file__, "--floor-child", kind, source], dict(os.environ))
    return {**json.loads(out["output"].strip().splitlines()[-1]), "peak": out["peak"]}


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--file", default="million", choices=["million", "province"])
    parser.add_argument("--db", nargs="+", default=["sqlite", "postgres"])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--people", type=int, default=100_000)
    parser.add_argument("--locations", type=int, default=200)
    parser.add_argument("--days", type=int, default=14)
    parser.add_argument("--seed", type=int, default=2021)
    parser.add_argument("--floor-child", nargs=2, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.floor_child:
        kind, source = args.floor_child
        if kind == "sqlite":
            with tempfile.TemporaryDirectory() as tmp:
                print(json.dumps(floor_sqlite(source, f"{tmp}/floor.sqlite3")))
        else:
            print(json.dumps(floor_postgres(source)))
        return
    csv_path = csv_file(args.file, args)
    print(f"{machine()}; file {csv_path.name}; load {load_average()}")
    print(
        "| database | import wall / CPU (s) | bare load wall / CPU (s) | import ÷ bare | floor: "
        "the stored rows alone, wall / CPU (s) | floor ÷ bare | import ÷ floor | load |"
    )
    print("|---|---:|---:|---:|---:|---:|---:|---|")
    for db in args.db:
        with tempfile.TemporaryDirectory() as tmp:
            before = load_average()
            if db == "sqlite":
                url, db_file = f"sqlite:///{tmp}/bench.sqlite3", f"{tmp}/bench.sqlite3"
                imported = bench(url, csv_path, "SQLite (WAL)", reimport=False)
                base = bare("sqlite", csv_path, f"{tmp}/bare.sqlite3")
                low = floor("sqlite", db_file)
                wall = "cpu"  # SQLite runs in the process: CPU is the steadier figure
            else:
                recreate_postgres(PG_URL)
                imported = bench(PG_URL, csv_path, "PostgreSQL 15", reimport=False)
                base = bare("postgres", csv_path, PG_URL)
                low = floor("postgres", PG_URL)
                wall = "seconds"  # the server's work is not the client's CPU
            print(f"  floor rows: {low['rows']}, floor peak {low['peak']} MiB")
            if "commit" in low:
                print(
                    f"  floor: COPY {low['copy']:.1f} s, commit (deferred foreign keys) "
                    f"{low['commit']:.1f} s"
                )
            print(
                f"| {db} | {imported['seconds']:.1f} / {imported['cpu']:.1f} "
                f"| {base['seconds']:.1f} / {base['cpu']:.1f} "
                f"| {imported[wall] / base[wall]:.2f}× ({wall}) "
                f"| {low['seconds']:.1f} / {low['cpu']:.1f} "
                f"| {low[wall] / base[wall]:.2f}× "
                f"| {imported[wall] / low[wall]:.2f}× "
                f"| {before} → {load_average()} |"
            )


if __name__ == "__main__":
    main()
