"""Benchmark: import and F1+F2 tracing at department and province scale, next to DuckDB.

    .venv/bin/python benchmarks/trace_scale.py [--scales department,province]
        [--databases sqlite,postgres] [--repeat 5] [--profile] [--no-docs]

For each scale (synthetic check-ins from benchmarks/trace_scale_gen.py, written
as the import CSV to benchmarks/out/, deterministic) and each database (a fresh
SQLite file /tmp/trace_scale_<scale>.sqlite3; PostgreSQL database
phongdich_bench_trace_<scale>, dropped and created; base URL from BENCH_TRACE_POSTGRES_URL):

1. ``manage.py migrate``, then ``manage.py import_checkins FILE``: wall time and
   the child's peak RSS (``os.wait4``).
2. A busy case, chosen deterministically from the data (the person with the
   most check-ins at the busiest locations during the case window; ties: the
   smallest identity), traced with ``manage.py trace --person P --onset D
   --as-of T --depth 2 --format json --output …`` end to end (3 runs), and
   in-process (``SqlStore`` + ``trace()`` after ``django.setup()``, ``--repeat``
   runs, min and median) in a child process.
3. The same question in DuckDB over the same CSV (benchmarks/trace_scale_duck.py;
   load and query timed separately), and the F1 and F2 person sets (and
   exposure times) compared with the engine's, which is the reference.

Results go to the "Tracing at department and province scale" section of
docs/benchmarks.md (other sections are kept). Not part of the test run.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import statistics
import subprocess
import sys
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "benchmarks" / "out"
DOCS = ROOT / "docs" / "benchmarks.md"
PYTHON = sys.executable
PG_URL = os.environ.get(
    "BENCH_TRACE_POSTGRES_URL",
    "postgres://phongdich:phongdich@127.0.0.1:5432/phongdich_bench_trace",
)
SECTION = "## Tracing at department and province scale"
VN = ZoneInfo("Asia/Ho_Chi_Minh")
RESULT_JSON = OUT / "trace_scale-worker.json"
SQLITE_DIR = Path(os.environ.get("BENCH_TRACE_SQLITE_DIR", "/tmp"))

sys.path.insert(0, str(Path(__file__).resolve().parent))

# scale -> (onset, as_of, number of busiest locations for the case choice)
SCALES: dict[str, tuple[date, datetime, int]] = {
    "department": (date(2021, 9, 23), datetime(2021, 9, 24, 18, 0, tzinfo=VN), 5),
    "province": (date(2021, 9, 12), datetime(2021, 9, 13, 12, 0, tzinfo=VN), 50),
}
DAYS_BEFORE_ONSET = 2  # the COVID-19 profile's defaults, which a fresh database gets
MIN_OVERLAP = 15
OPEN_VISIT_HOURS = 8


def _us(value: datetime) -> int:
    return (value - datetime(1970, 1, 1, tzinfo=UTC)) // timedelta(microseconds=1)


def _iso(us: int) -> str:
    moment = datetime(1970, 1, 1, tzinfo=UTC) + timedelta(microseconds=us)
    return moment.astimezone(VN).replace(microsecond=0).isoformat()


def window(scale: str) -> tuple[int, int, int]:
    onset, as_of, _ = SCALES[scale]
    w0 = datetime.combine(onset - timedelta(days=DAYS_BEFORE_ONSET), datetime.min.time(), VN)
    return _us(w0), _us(as_of), _us(as_of)


# Processes -------------------------------------------------------------------


def run(cmd: list[str], env: dict[str, str]) -> tuple[float, int, str]:
    """Wall seconds, peak RSS (MiB) of that child alone, and its output."""
    started = time.perf_counter()
    proc = subprocess.Popen(
        cmd, env=env, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
    )
    assert proc.stdout is not None
    output = proc.stdout.read()
    _, status, usage = os.wait4(proc.pid, 0)
    code = os.waitstatus_to_exitcode(status)
    elapsed = time.perf_counter() - started
    if code != 0:
        raise SystemExit(f"{' '.join(cmd)} failed ({code}):\n{output}")
    return elapsed, usage.ru_maxrss // 1024, output


def pg_url(scale: str) -> str:
    """Each scale's own database (``…_department``, ``…_province``): reusing one never
    drops the other's import."""
    return f"{PG_URL}_{scale}"


def recreate_postgres(url: str) -> None:
    import psycopg

    base, _, name = url.rpartition("/")
    with psycopg.connect(f"{base}/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        conn.execute(f'CREATE DATABASE "{name}"')


def fresh_sqlite(scale: str) -> str:
    path = sqlite_path(scale)
    for suffix in ("", "-wal", "-shm", "-journal"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    return f"sqlite:///{path}"


def sqlite_path(scale: str) -> Path:
    return SQLITE_DIR / f"trace_scale_{scale}.sqlite3"


def visit_count(scale: str, label: str) -> int | None:
    """Visits in the database the benchmark left for ``scale`` (None: no such database)."""
    try:
        if label == "SQLite":
            import sqlite3

            if not sqlite_path(scale).exists():
                return None
            with sqlite3.connect(sqlite_path(scale)) as con:
                return int(con.execute("SELECT count(*) FROM checkin_visit").fetchone()[0])
        import psycopg

        with psycopg.connect(pg_url(scale)) as con:
            row = con.execute("SELECT count(*) FROM checkin_visit").fetchone()
            return None if row is None else int(row[0])
    except Exception:  # noqa: BLE001 - missing database or table: import afresh
        return None


def reusable(scale: str, label: str, args: argparse.Namespace) -> dict[str, Any] | None:
    """The previous result of (scale, database) if its database still holds that import."""
    saved = OUT / "trace_scale-results.json"
    if not saved.exists():
        return None
    data = json.loads(saved.read_text())
    for r in data["results"]:
        if r["scale"] == scale and r["database"] == label:
            if visit_count(scale, label) == r["imported"]:
                mtime = datetime.fromtimestamp(saved.stat().st_mtime, VN).date().isoformat()
                r.setdefault("import_measured", data.get("measured") or mtime)
                return {**r, "import_reused": True}
            print(f"[{scale}/{label}] the database does not hold this import: importing")
    return None


def machine() -> str:
    cpu = platform.processor() or "?"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return f"{os.cpu_count()} cores (nproc), {cpu}, Python {platform.python_version()}"


def today() -> str:
    return datetime.now(VN).date().isoformat()


def load_average() -> str:
    return ", ".join(f"{x:.2f}" for x in os.getloadavg())


# Engine in process (child) ---------------------------------------------------------


def sql_alone(statements: list[tuple[str, Any]]) -> dict[str, Any]:
    """The trace's reads replayed as they were sent, each row fetched and dropped: the
    database's share of a trace with every line of Python after the driver free (the
    floor of any engine over this store). Min of 3 replays."""
    from django.db import connection

    reads = [
        (sql, params)
        for sql, params in statements
        if sql.split(None, 1)[0].upper() in ("SELECT", "WITH")
    ]
    best, rows = float("inf"), 0
    for _ in range(3):
        rows = 0
        started = time.perf_counter()
        with connection.cursor() as cursor:
            for sql, params in reads:
                cursor.execute(sql, params)
                rows += len(cursor.fetchall())
        best = min(best, time.perf_counter() - started)
    return {"seconds": best, "rows": rows, "replayed": len(reads), "sent": len(statements)}


def worker(args: argparse.Namespace) -> None:
    """Runs inside a child process with DATABASE_URL set: SqlStore + trace()."""
    import cProfile
    import io
    import pstats

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "phongdich.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.db import connection

    from phongdich.checkin.models import DiseaseProfile
    from phongdich.tracing.services import trace_params
    from phongdich.tracing.store import SqlStore
    from tracing_engine import Case, trace

    params = trace_params(DiseaseProfile.active(), depth=args.depth)
    case = Case(
        args.person, date.fromisoformat(args.onset), as_of=datetime.fromisoformat(args.as_of)
    )
    connection.ensure_connection()
    timings = []
    result = None
    for _ in range(args.repeat):
        started = time.perf_counter()
        result = trace(SqlStore(), case, params)
        timings.append(time.perf_counter() - started)
    assert result is not None

    # One instrumented run: questions, rows, SQL time, persons decrypted.
    stats: dict[str, Any] = {"sql_queries": 0, "sql_seconds": 0.0, "calls": []}

    statements: list[tuple[str, Any]] = []

    def wrapper(execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            stats["sql_queries"] += 1
            stats["sql_seconds"] += time.perf_counter() - started
            if not many:
                statements.append((sql, params))

    class Counting(SqlStore):
        def columns_of(self, persons: Any, start: Any, end: Any, *, open_visit: Any) -> Any:
            began = time.perf_counter()
            out = super().columns_of(persons, start, end, open_visit=open_visit)
            stats["calls"].append(
                ["records_of", len(persons), len(out), time.perf_counter() - began]
            )
            return out

        def columns_at(self, windows: Any, *, open_visit: Any) -> Any:
            began = time.perf_counter()
            out = super().columns_at(windows, open_visit=open_visit)
            stats["calls"].append(
                ["records_at", len(windows), len(out), time.perf_counter() - began]
            )
            return out

    store = Counting()
    with connection.execute_wrapper(wrapper):
        started = time.perf_counter()
        trace(store, case, params)
        stats["instrumented_seconds"] = time.perf_counter() - started
    stats["persons_decrypted"] = len(store._identities)
    stats["sql_alone"] = sql_alone(statements)

    profile_text = ""
    if args.profile:
        profiler = cProfile.Profile()
        profiler.enable()
        trace(SqlStore(), case, params)
        profiler.disable()
        buffer = io.StringIO()
        pstats.Stats(profiler, stream=buffer).sort_stats("tottime").print_stats(18)
        profile_text = buffer.getvalue()

    payload = {
        "timings": timings,
        "stats": stats,
        "profile": profile_text,
        "contacts": [
            [c.level, c.person, c.exposed_at.isoformat(), c.via, c.location]
            for c in result.contacts
        ],
    }
    Path(args.result).write_text(json.dumps(payload))


# The benchmark -------------------------------------------------------------------


def generate(scale: str, seed: int) -> Path:
    import trace_scale_gen as gen

    OUT.mkdir(parents=True, exist_ok=True)
    path = OUT / f"trace_scale-{scale}-seed{seed}.csv"
    if path.exists():
        print(f"[{scale}] reusing {path.relative_to(ROOT)}")
        return path
    started = time.perf_counter()
    tmp = path.with_suffix(".tmp")
    rows = (gen.department if scale == "department" else gen.province)(tmp, seed=seed)
    tmp.rename(path)
    print(f"[{scale}] generated {rows:,} rows in {time.perf_counter() - started:.1f} s -> {path}")
    return path


def engine_sets(contacts: list[list[Any]], depth: int) -> dict[int, dict[str, str]]:
    levels: dict[int, dict[str, str]] = {k: {} for k in range(1, depth + 1)}
    for level, person, exposed, *_ in contacts:
        levels[level][person] = datetime.fromisoformat(exposed).replace(microsecond=0).isoformat()
    return levels


def compare(
    engine: dict[int, dict[str, str]], duck: dict[int, dict[str, int]]
) -> tuple[bool, bool, list[str]]:
    """(sets equal, exposures equal too, notes on the differences)."""
    notes: list[str] = []
    sets_equal = True
    times_equal = True
    for level in sorted(engine):
        mine, theirs = set(engine[level]), set(duck[level])
        if mine != theirs:
            sets_equal = False
            only_e, only_d = sorted(mine - theirs), sorted(theirs - mine)
            notes.append(
                f"F{level}: {len(only_e)} only in the engine {only_e[:5]}, "
                f"{len(only_d)} only in DuckDB {only_d[:5]}"
            )
        wrong = [p for p in mine & theirs if engine[level][p] != _iso(duck[level][p])]
        if wrong:
            times_equal = False
            p = sorted(wrong)[0]
            notes.append(
                f"F{level}: {len(wrong)} exposure times differ, e.g. {p}: "
                f"engine {engine[level][p]}, DuckDB {_iso(duck[level][p])}"
            )
    return sets_equal, times_equal, notes


def bench_scale(scale: str, args: argparse.Namespace) -> list[dict[str, Any]]:
    import trace_scale_duck as duck

    onset, as_of, top = SCALES[scale]
    csv_path = generate(scale, args.seed)
    w0, w1, as_of_us = window(scale)

    con = duck.connect()
    loaded = duck.load(con, csv_path, open_visit_hours=OPEN_VISIT_HOURS)
    print(
        f"[{scale}] DuckDB load {loaded['seconds']:.2f} s: {loaded['records']:,} unique "
        f"records, {loaded['persons']:,} persons, {loaded['open']:,} without check-out"
    )
    person, count, places = duck.busy_case(con, w0, w1, top)
    print(
        f"[{scale}] case: {person} ({count} check-ins at the {top} busiest locations between "
        f"{_iso(w0)} and {_iso(w1)}; busiest: {', '.join(places[:5])})"
    )
    duck_runs: dict[int, tuple[list[float], dict[int, dict[str, int]]]] = {}
    for depth in args.depths:
        duck_times = []
        duck_levels: dict[int, dict[str, int]] = {}
        for _ in range(3):
            seconds, duck_levels = duck.query(con, person, w0, w1, as_of_us, depth=depth)
            duck_times.append(seconds)
        duck_runs[depth] = (duck_times, duck_levels)
        print(
            f"[{scale}] DuckDB query F1..F{depth} min {min(duck_times):.3f} s, median "
            f"{statistics.median(duck_times):.3f} s (3 runs): "
            + ", ".join(f"F{k} {len(v):,}" for k, v in duck_levels.items())
        )
    con.close()

    results = []
    for database in args.databases:
        label = "SQLite" if database == "sqlite" else "PostgreSQL 15"
        manage = [PYTHON, "manage.py"]
        earlier = reusable(scale, label, args) if args.skip_import else None
        if earlier is not None:
            url = f"sqlite:///{sqlite_path(scale)}" if database == "sqlite" else pg_url(scale)
            env = {**os.environ, "DATABASE_URL": url}
            run([*manage, "migrate", "--noinput", "-v0"], env)  # new migrations only
            seconds, peak = earlier["import_seconds"], earlier["import_peak"]
            read, imported, persons = earlier["rows"], earlier["imported"], earlier["persons"]
            print(
                f"[{scale}/{label}] reusing the imported database ({imported:,} visits; "
                f"import figures from {earlier.get('import_measured', 'the previous run')})"
            )
        else:
            if database == "sqlite":
                url = fresh_sqlite(scale)
            else:
                url = pg_url(scale)
                recreate_postgres(url)
            env = {**os.environ, "DATABASE_URL": url}
            run([*manage, "migrate", "--noinput", "-v0"], env)
            print(f"[{scale}/{label}] importing (load average {load_average()}) …", flush=True)
            seconds, peak, output = run([*manage, "import_checkins", str(csv_path)], env)
            read = int(re.search(r"đã đọc: (\d+)", output).group(1))  # type: ignore[union-attr]
            imported = int(re.search(r"Đã nhập: (\d+)", output).group(1))  # type: ignore[union-attr]
            persons = int(re.search(r"Người mới: (\d+)", output).group(1))  # type: ignore[union-attr]
            print(
                f"[{scale}/{label}] import {seconds:.1f} s ({read / seconds:,.0f} rows/s), "
                f"peak {peak} MiB: {read:,} rows read, {imported:,} imported, {persons:,} persons"
            )
        if database == "postgres":
            # untimed, as autovacuum would (it also vacuums after bulk inserts): statistics,
            # and the visibility map that lets the covering index answer index-only
            run([*manage, "dbshell", "--", "-c", "VACUUM ANALYZE"], env)

        trace_cmd = [
            *manage, "trace", "--person", person, "--onset", onset.isoformat(),
            "--as-of", as_of.isoformat(), "--depth", "2", "--format", "json",
            "--output", str(OUT / "trace_scale-command.json"),
        ]  # fmt: skip
        e2e = []
        for _ in range(3):
            elapsed, _, _ = run(trace_cmd, env)
            e2e.append(elapsed)
        command_out = json.loads((OUT / "trace_scale-command.json").read_text())
        command_levels = {1: set(), 2: set()}  # type: dict[int, set[str]]
        for c in command_out["contacts"]:
            command_levels[c["level"]].add(c["person"])

        for depth in args.depths:
            worker_cmd = [
                PYTHON, __file__, "--worker", "--person", person, "--onset", onset.isoformat(),
                "--as-of", as_of.isoformat(), "--repeat", str(args.repeat),
                "--result", str(RESULT_JSON), "--depth", str(depth),
            ] + (["--profile"] if args.profile else [])  # fmt: skip
            run(worker_cmd, env)
            payload = json.loads(RESULT_JSON.read_text())
            timings = payload["timings"]
            engine = engine_sets(payload["contacts"], depth)
            if depth == 2:
                assert {k: set(v) for k, v in engine.items()} == command_levels, (
                    "command != process"
                )
            duck_times, duck_levels = duck_runs[depth]
            sets_equal, times_equal, notes = compare(engine, duck_levels)
            stats = payload["stats"]
            print(
                f"[{scale}/{label}] F1..F{depth}: trace end to end (depth 2): "
                f"{', '.join(f'{t:.2f}' for t in e2e)} s; in process: cold "
                f"{timings[0] * 1000:.0f} ms, "
                f"warm min {min(timings[1:] or timings) * 1000:.0f} ms, "
                f"median {statistics.median(timings[1:] or timings) * 1000:.0f} ms; "
                + ", ".join(f"F{k} {len(v):,}" for k, v in engine.items())
                + f"; DuckDB sets match: {sets_equal} (exposure times too: {times_equal})"
            )
            warm = min(timings[1:] or timings)
            print(
                f"[{scale}/{label}] F1..F{depth}: ratio to DuckDB's query (same run): warm "
                f"{warm / min(duck_times):.2f}x, cold {timings[0] / min(duck_times):.2f}x; "
                f"cold / warm {timings[0] / warm:.2f}"
            )
            print(
                f"[{scale}/{label}] instrumented run {stats['instrumented_seconds']:.2f} s: "
                f"{stats['sql_queries']} SQL queries, {stats['sql_seconds']:.2f} s in execute, "
                f"{stats['persons_decrypted']:,} persons mapped to identities; store calls "
                + "; ".join(
                    f"{n}({a:,} in) -> {r:,} rows in {s:.2f} s" for n, a, r, s in stats["calls"]
                )
            )
            alone = stats["sql_alone"]
            print(
                f"[{scale}/{label}] the trace's SQL alone (its {alone['replayed']} reads "
                f"replayed, execute + fetchall of the raw rows, no conversion; min of 3): "
                f"{alone['seconds'] * 1000:.0f} ms for {alone['rows']:,} rows = "
                f"{alone['seconds'] / min(duck_times):.2f}x DuckDB's query, "
                f"{alone['seconds'] / warm:.2f} of the warm trace"
            )
            for note in notes:
                print(f"[{scale}/{label}]   difference: {note}")
            if payload["profile"]:
                prof = OUT / f"trace_scale-profile-{scale}-{database}-depth{depth}.txt"
                prof.write_text(payload["profile"])
                print(f"[{scale}/{label}] profile -> {prof.relative_to(ROOT)}")
            results.append(
                {
                    "scale": scale,
                    "database": label,
                    "rows": read,
                    "imported": imported,
                    "persons": persons,
                    "import_seconds": seconds,
                    "import_peak": peak,
                    "e2e": e2e,
                    "engine_cold": timings[0],
                    "engine_min": min(timings[1:] or timings),
                    "engine_median": statistics.median(timings[1:] or timings),
                    "import_measured": earlier.get("import_measured") if earlier else today(),
                    "import_reused": earlier is not None,
                    "depth": depth,
                    "levels": [len(v) for v in engine.values()],
                    "f1": len(engine[1]),
                    "f2": len(engine.get(2, {})),
                    "duck_load": loaded["seconds"],
                    "duck_query": min(duck_times),
                    "duck_query_median": statistics.median(duck_times),
                    "duck_persons": loaded["persons"],
                    "match": sets_equal,
                    "times_match": times_equal,
                    "notes": notes,
                    "case": person,
                    "case_count": count,
                    "top": top,
                    "onset": onset.isoformat(),
                    "as_of": as_of.isoformat(),
                    "stats": {k: v for k, v in stats.items()},
                }
            )
    return results


def write_docs(results: list[dict[str, Any]], args: argparse.Namespace, loads: list[str]) -> None:
    reused = sorted({f"{r['scale']}/{r['database']} of {r['import_measured']}" for r in results
                     if r.get("import_reused")})  # fmt: skip
    lines = [
        SECTION,
        "",
        f"Measured {today()} on {machine()}; load average (1, 5, 15 min) at the start and "
        "end of each scale: " + "; ".join(loads) + ".",
        "",
        "| scale | database | depth | import time (s) | import rows/s | import peak RSS (MB) | "
        "trace end-to-end (s) | trace in-process cold / warm min / warm median (ms) | "
        "contacts per level | DuckDB load (s) | DuckDB query (ms) | warm ÷ DuckDB | "
        "cold ÷ warm | DuckDB matches |",
        "|---|---|---:|---:|---:|---:|---:|---:|---|---:|---:|---:|---:|---|",
    ]
    for r in results:
        match = "yes" if r["match"] else "no"
        if r["match"] and not r["times_match"]:
            match += " (sets; exposure times differ)"
        elif r["match"]:
            match += " (sets and exposure times)"
        cold = f"{r['engine_cold'] * 1000:.0f}" if "engine_cold" in r else "–"
        depth = r.get("depth", 2)
        levels = r.get("levels") or [r["f1"], r["f2"]]
        ratio = r["engine_min"] / r["duck_query"]
        e2e = f"{statistics.median(r['e2e']):.2f}" if depth == 2 else "–"
        lines.append(
            f"| {r['scale']} | {r['database']} | {depth} | {r['import_seconds']:.1f} | "
            f"{r['rows'] / r['import_seconds']:,.0f} | {r['import_peak']} | {e2e} | "
            f"{cold} / {r['engine_min'] * 1000:.0f} / {r['engine_median'] * 1000:.0f} | "
            f"{' + '.join(f'{n:,}' for n in levels)} | {r['duck_load']:.1f} | "
            f"{r['duck_query'] * 1000:.0f} | {ratio:.2f} | "
            f"{r.get('engine_cold', r['engine_min']) / r['engine_min']:.2f} | {match} |"
        )
    seen: set[str] = set()
    lines += ["", "Cases (chosen from the data, deterministic):", ""]
    for r in results:
        if r["scale"] in seen:
            continue
        seen.add(r["scale"])
        lines.append(
            f"- {r['scale']}: {r['rows']:,} rows ({r['imported']:,} unique records, "
            f"{r['persons']:,} persons); case `{r['case']}` ({r['case_count']} check-ins at "
            f"the {r['top']} busiest locations in the window), onset {r['onset']}, "
            f"as of {r['as_of']}, COVID-19 defaults (2 days, 15 min, 8 h)."
        )
    lines += [
        "",
        "Import: the whole `manage.py import_checkins FILE` process on a fresh migrated "
        "database; peak RSS is that child's maximum (PostgreSQL: `VACUUM ANALYZE` after the "
        "import, untimed, as autovacuum would)"
        + (
            f" (databases reused with `--skip-import`, import figures from earlier runs: "
            f"{'; '.join(reused)})"
            if reused
            else ""
        )
        + ". Trace end-to-end: median of 3 runs "
        "of the whole `manage.py trace … --depth 2 --format json --output /tmp/x.json` "
        "process (Django start-up included). In-process: `SqlStore()` + `trace()` "
        f"after `django.setup()`, {args.repeat} runs in one process: cold = the first "
        "(the process-wide identity cache empty; the database's own caches warm from the "
        "end-to-end runs), warm = min and median of the others. DuckDB "
        f"{_duck_version()}: load = read the CSV, normalise identities, drop identical "
        "records, materialise presence intervals (the counterpart of the importer's "
        "`effective_end`), day buckets; query = F1 and F2 by interval joins (min of 3 runs, "
        'all cores); "matches" compares DuckDB\'s F1 and F2 person sets (and exposure '
        "times) with the engine's.",
        "",
        "Reproduce:",
        "",
        "```sh",
        "pg_ctlcluster 15 main start  # for the PostgreSQL rows",
        ".venv/bin/python benchmarks/trace_scale.py --profile",
        "```",
        "",
    ]
    if args.analysis:
        lines += [Path(args.analysis).read_text().rstrip(), ""]
    section = "\n".join(lines)
    text = DOCS.read_text() if DOCS.exists() else "# Benchmarks\n\nMeasurements of Phòng dịch số.\n"
    pattern = re.compile(rf"^{re.escape(SECTION)}\n.*?(?=^## |\Z)", re.S | re.M)
    if pattern.search(text):
        text = pattern.sub(lambda _: section + "\n", text).rstrip() + "\n"
    else:
        text = text.rstrip() + "\n\n" + section
    DOCS.parent.mkdir(exist_ok=True)
    DOCS.write_text(text)


def _duck_version() -> str:
    import duckdb

    return str(duckdb.__version__)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scales", default="department,province")
    parser.add_argument("--databases", default="sqlite,postgres")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--depths", default="2,3", help="trace depths (DuckDB side by side)")
    parser.add_argument("--depth", type=int, default=2, help=argparse.SUPPRESS)
    parser.add_argument("--seed", type=int, default=2021)
    parser.add_argument("--profile", action="store_true", help="cProfile one in-process run")
    parser.add_argument("--no-docs", action="store_true")
    parser.add_argument(
        "--skip-import",
        action="store_true",
        help="reuse the databases a previous run imported when they still hold that import "
        "(new migrations are applied; import figures are carried over from the results JSON)",
    )
    parser.add_argument("--analysis", help="a Markdown file appended to the doc section")
    parser.add_argument(
        "--docs-only", action="store_true", help="rewrite the doc from the last results JSON"
    )
    # child mode
    parser.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--person", help=argparse.SUPPRESS)
    parser.add_argument("--onset", help=argparse.SUPPRESS)
    parser.add_argument("--as-of", help=argparse.SUPPRESS)
    parser.add_argument("--result", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        worker(args)
        return
    args.databases = [d.strip() for d in args.databases.split(",") if d.strip()]
    args.depths = [int(d) for d in args.depths.split(",") if d.strip()]
    saved = OUT / "trace_scale-results.json"
    if args.docs_only:
        data = json.loads(saved.read_text())
        write_docs(data["results"], args, data["loads"])
        print(f"updated {DOCS}")
        return
    print(f"machine: {machine()}; load average {load_average()}")
    results: list[dict[str, Any]] = []
    loads: list[str] = []
    for scale in [s.strip() for s in args.scales.split(",") if s.strip()]:
        loads.append(f"{scale} {load_average()}")
        results.extend(bench_scale(scale, args))
        loads[-1] += f" → {load_average()}"
    OUT.mkdir(parents=True, exist_ok=True)
    saved.write_text(
        json.dumps({"results": results, "loads": loads, "measured": today()}, indent=1)
    )
    if not args.no_docs:
        write_docs(results, args, loads)
        print(f"updated {DOCS}")


if __name__ == "__main__":
    main()
