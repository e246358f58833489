"""The Director's home page (the live picture, core.tiles) on the demo data, timed
through the Django test client side by side with the plain home page of a staff member
(the baseline: same middleware, session, roles and template, no tiles).

    .venv/bin/python benchmarks/director_home.py [--db sqlite postgres] [--rounds 40]
        [--write-docs]

Each database gets a fresh copy with `migrate` and `load_demo`; SQLite in a temporary
file, PostgreSQL in the database named by BENCH_POSTGRES_URL (default
postgres://phongdich:phongdich@127.0.0.1:5432/phongdich_director, dropped and made
again). Settings: benchmarks/home_settings.py (DEBUG off). The two pages are requested
alternately, after three warm-up requests each; the figure is the median and the 90th
percentile of --rounds requests, the target a median under 300 ms.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs" / "benchmarks.md"
PG_URL = os.environ.get(
    "BENCH_POSTGRES_URL", "postgres://phongdich:phongdich@127.0.0.1:5432/phongdich_director"
)
SECTION = "## The Director's home (director_home)"
SETTINGS = "benchmarks.home_settings"


def machine() -> str:
    cpus = os.cpu_count() or 0
    cpu = platform.processor() or platform.machine()
    return f"{cpu}, {cpus} cores, Python {platform.python_version()}"


def fresh(label: str, url: str) -> None:
    env = {**os.environ, "DATABASE_URL": url, "DJANGO_SETTINGS_MODULE": SETTINGS}
    if label == "postgres":
        import psycopg

        base, name = url.rsplit("/", 1)
        with psycopg.connect(f"{base}/postgres", autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            conn.execute(f'CREATE DATABASE "{name}"')
    manage = [sys.executable, str(ROOT / "manage.py")]
    subprocess.run([*manage, "migrate", "-v0"], env=env, check=True, cwd=ROOT)
    subprocess.run([*manage, "load_demo"], env=env, check=True, cwd=ROOT, capture_output=True)


def measure(label: str, url: str, rounds: int) -> dict[str, object]:
    """In a child process (one Django set-up per database): the timings as JSON."""
    env = {**os.environ, "DATABASE_URL": url, "DJANGO_SETTINGS_MODULE": SETTINGS}
    out = subprocess.run(
        [sys.executable, __file__, "--child", "--rounds", str(rounds)],
        env=env,
        check=True,
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    result: dict[str, object] = json.loads(out.stdout.strip().splitlines()[-1])
    result["label"] = label
    return result


def child(rounds: int) -> None:
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from phongdich.accounts.models import User

    backend = "phongdich.core.tests.base.ForceLoginBackend"
    clients = {}
    for name in ("giamdoc", "canbo"):
        client = Client()
        client.force_login(User.objects.get(username=name), backend=backend)
        for _ in range(3):
            response = client.get("/")
            assert response.status_code == 200, (name, response.status_code)
        clients[name] = client
    assert b'class="picture"' in clients["giamdoc"].get("/").content
    times: dict[str, list[float]] = {name: [] for name in clients}
    for _ in range(rounds):
        for name, client in clients.items():
            start = time.perf_counter()
            client.get("/")
            times[name].append(1000 * (time.perf_counter() - start))
    from django.utils import timezone

    from phongdich.core.tiles import tiles

    per_tile: dict[str, list[float]] = {}
    for _ in range(max(5, rounds // 4)):
        for tile in tiles():
            user = User.objects.get(username="giamdoc")  # fresh: no per-request cache
            start = time.perf_counter()
            tile.build(user=user, today=timezone.localdate())
            per_tile.setdefault(tile.key, []).append(1000 * (time.perf_counter() - start))
    queries = {}
    for name, client in clients.items():
        with CaptureQueriesContext(connection) as captured:
            client.get("/")
        queries[name] = len(captured.captured_queries)

    def stats(values: list[float]) -> dict[str, float]:
        ordered = sorted(values)
        return {
            "median": statistics.median(ordered),
            "p90": ordered[int(0.9 * (len(ordered) - 1))],
        }

    print(
        json.dumps(
            {
                "director": stats(times["giamdoc"]),
                "staff": stats(times["canbo"]),
                "queries": queries,
                "rounds": rounds,
                "tiles": {k: statistics.median(v) for k, v in per_tile.items()},
                "load": os.getloadavg()[0],
            }
        )
    )


def write_docs(results: list[dict[str, object]]) -> None:
    today = datetime.now(UTC).date().isoformat()
    lines = [
        SECTION,
        "",
        f"Measured {today} on {machine()} (a machine shared with other work: read the ratio "
        "more than the milliseconds).",
        "Command: `.venv/bin/python benchmarks/director_home.py --db sqlite postgres "
        "--write-docs`. The demo data (`load_demo`: 17 units, 122 staff, 5 directives, about "
        "1,750 check-ins, 126 devices, …), DEBUG off, through the Django test client (no network), "
        "median and 90th percentile of the rounds, the two pages requested alternately.",
        "",
        "| database | Director's home (median / p90) | staff home, baseline (median / p90) "
        "| ratio of medians | queries (Director / staff) |",
        "|---|---:|---:|---:|---:|",
    ]
    for r in results:
        d, s, q = r["director"], r["staff"], r["queries"]  # type: ignore[index]
        lines.append(
            f"| {r['label']} | {d['median']:.0f} / {d['p90']:.0f} ms | "  # type: ignore[index]
            f"{s['median']:.0f} / {s['p90']:.0f} ms | "  # type: ignore[index]
            f"{d['median'] / s['median']:.1f}× | {q['giamdoc']} / {q['canbo']} |"  # type: ignore[index]
        )
    lines.append("")
    for r in results:
        parts = ", ".join(f"{k} {v:.0f}" for k, v in r["tiles"].items())  # type: ignore[attr-defined]
        lines.append(
            f"Per tile, {r['label']} (median ms, each tile alone): {parts}. Load average "
            f"during the run: {r['load']:.1f} on {os.cpu_count()} cores."
        )
    lines += [
        "",
        "Target: the Director's home under 300 ms on the demo data. Its query count is pinned "
        "in `core/tests/test_home_picture.py` (rows added, same count). Most of the time is "
        "in Python: the status rows of every issued directive (`directives.selectors."
        "status_rows`, shared by the two directives' tiles), the readiness of every staff "
        "member (`equipment`) and the app adoption timelines (`adoption`). In the page "
        "`late_units` reuses the directives' rows (kept on the request's user), so the page "
        "pays for them once; measured alone, each tile reads its own.",
        "",
    ]
    text = DOCS.read_text(encoding="utf-8")
    block = "\n".join(lines)
    if SECTION in text:
        head, rest = text.split(SECTION, 1)
        tail = rest.split("\n## ", 1)
        text = head + block + ("\n## " + tail[1] if len(tail) > 1 else "")
    else:
        text = text.rstrip("\n") + "\n\n" + block
    DOCS.write_text(text, encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", nargs="+", default=["sqlite"], choices=["sqlite", "postgres"])
    parser.add_argument("--rounds", type=int, default=40)
    parser.add_argument("--write-docs", action="store_true")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.rounds)
        return
    results = []
    with tempfile.TemporaryDirectory() as tmp:
        for label in args.db:
            url = f"sqlite:///{tmp}/home.sqlite3" if label == "sqlite" else PG_URL
            fresh(label, url)
            result = measure(label, url, args.rounds)
            results.append(result)
            d, s = result["director"], result["staff"]
            print(
                f"{label}: Director {d['median']:.0f} ms (p90 {d['p90']:.0f}), "  # type: ignore[index]
                f"staff {s['median']:.0f} ms (p90 {s['p90']:.0f}), "  # type: ignore[index]
                f"queries {result['queries']}"
            )
    if args.write_docs:
        write_docs(results)


if __name__ == "__main__":
    main()
