"""Benchmark of ``manage.py import_checkins`` with a realistic million-row CSV.

    .venv/bin/python benchmarks/import_checkins.py [--rows 1000000] [--no-postgres]

Writes the CSV to benchmarks/out/, loads it into a fresh, migrated SQLite file and
into PostgreSQL (database phongdich_bench, recreated), measures wall time and the
child's peak memory, and updates the "Import of check-ins" section of
docs/benchmarks.md. PostgreSQL URL: BENCH_POSTGRES_URL (default below).
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import re
import subprocess
import sys
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "benchmarks" / "out"
DOCS = ROOT / "docs" / "benchmarks.md"
PYTHON = sys.executable
PG_URL = os.environ.get(
    "BENCH_POSTGRES_URL", "postgres://phongdich:phongdich@127.0.0.1:5432/phongdich_bench"
)
SECTION = "## Import of check-ins (import_checkins)"
TZ = "+07:00"


def generate(path: Path, rows: int, *, people: int, locations: int, days: int, seed: int) -> None:
    """Working days of people at gates: a few check-ins a day, most with a check-out,
    some open; numbers written in mixed formats; some exact duplicate rows."""
    rng = random.Random(seed)
    gates = [f"CONG-{n:03d}" for n in range(1, locations + 1)]
    formats = [
        lambda s: f"09{s}",
        lambda s: f"+849{s}",
        lambda s: f"849{s}",
        lambda s: f"09{s[:2]}.{s[2:5]}.{s[5:]}",
        lambda s: f"+84 9{s[:2]} {s[2:5]} {s[5:]}",
    ]
    start = date(2021, 9, 1)
    home_gate = [rng.randrange(locations) for _ in range(people)]
    names = [f"Người Thử {n}" for n in range(people)]
    written = 0
    with open(path, "w", encoding="utf-8", newline="") as out:
        out.write("person,name,location,check_in,check_out\n")
        buffer: list[str] = []
        while written < rows:
            n = rng.randrange(people)
            staff = n < people // 50
            person = f"CB{n:05d}" if staff else rng.choice(formats)(f"{n:08d}")
            day = start + timedelta(days=rng.randrange(days))
            minute = rng.randrange(6 * 60, 20 * 60)
            gate = gates[home_gate[n]] if rng.random() < 0.6 else rng.choice(gates)
            check_in = datetime(day.year, day.month, day.day, minute // 60, minute % 60)
            stay = rng.randrange(5, 240)
            check_out = check_in + timedelta(minutes=stay)
            ci = check_in.strftime("%Y-%m-%dT%H:%M:00") + TZ
            co = "" if rng.random() < 0.1 else check_out.strftime("%Y-%m-%dT%H:%M:00") + TZ
            line = f"{person},{names[n] if rng.random() < 0.3 else ''},{gate},{ci},{co}\n"
            buffer.append(line)
            written += 1
            if rng.random() < 0.005 and written < rows:  # an exact duplicate row
                buffer.append(line)
                written += 1
            if len(buffer) >= 100_000:
                out.writelines(buffer)
                buffer.clear()
        out.writelines(buffer)


def run(cmd: list[str], env: dict[str, str]) -> tuple[float, int, str, float]:
    """Wall seconds, peak RSS in MiB of that child alone, its output, its CPU seconds."""
    started = time.perf_counter()
    proc = subprocess.Popen(
        cmd, env=env, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
    )
    assert proc.stdout is not None
    output = proc.stdout.read()
    _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    elapsed = time.perf_counter() - started
    if proc.returncode != 0:
        raise SystemExit(f"{' '.join(cmd)} failed ({proc.returncode}):\n{output}")
    return elapsed, usage.ru_maxrss // 1024, output, usage.ru_utime + usage.ru_stime


def bench(url: str, csv_path: Path, label: str) -> dict[str, object]:
    env = {**os.environ, "DATABASE_URL": url}
    manage = [PYTHON, "manage.py"]
    run([*manage, "migrate", "--noinput", "-v0"], env)
    seconds, peak, output, cpu = run([*manage, "import_checkins", "-v2", str(csv_path)], env)
    again, _, output2, _ = run([*manage, "import_checkins", str(csv_path)], env)
    print(f"{label}: {seconds:.1f} s, cpu {cpu:.1f} s, peak {peak} MiB; re-import {again:.1f} s")
    print(output)
    stages = re.search(r"Thời gian \(giây\): (.*)", output)
    imported = int(re.search(r"Đã nhập: (\d+)", output).group(1))  # type: ignore[union-attr]
    read = int(re.search(r"đã đọc: (\d+)", output).group(1))  # type: ignore[union-attr]
    again_imported = int(re.search(r"Đã nhập: (\d+)", output2).group(1))  # type: ignore[union-attr]
    return {
        "label": label,
        "seconds": seconds,
        "rows": read,
        "imported": imported,
        "peak": peak,
        "again": again,
        "again_imported": again_imported,
        "cpu": cpu,
        "stages": stages.group(1) if stages else "",
    }


def recreate_postgres(url: str) -> None:
    import psycopg

    base, _, name = url.rpartition("/")
    with psycopg.connect(f"{base}/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        conn.execute(f'CREATE DATABASE "{name}"')


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


def write_docs(results: list[dict[str, object]], args: argparse.Namespace) -> None:
    today = datetime.now(UTC).date().isoformat()
    lines = [
        SECTION,
        "",
        f"Measured {today} on {machine()}.",
        f"Input: {args.rows:,} rows, about {args.people:,} people, {args.locations} gates, "
        f"{args.days} days, ~10% without check-out, ~0.5% exact duplicate rows, phone "
        "numbers in mixed formats, 2% staff codes.",
        "",
        "| database | rows | imported | time | CPU | rows/s | peak memory | re-import (adds) |",
        "|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in results:
        seconds = float(r["seconds"])  # type: ignore[arg-type]
        lines.append(
            f"| {r['label']} | {r['rows']:,} | {r['imported']:,} | {seconds:.1f} s | "
            f"{float(r['cpu']):.1f} s | "  # type: ignore[arg-type]
            f"{int(int(r['rows']) / seconds):,} | {r['peak']} MiB | "  # type: ignore[call-overload]
            f"{float(r['again']):.1f} s ({r['again_imported']}) |"  # type: ignore[arg-type]
        )
    lines += [""] + [f"Stages, {r['label']} (s): {r['stages']}" for r in results]
    lines += [
        "",
        "Time is the whole `manage.py import_checkins` process (start-up, parsing, "
        "validation, one Fernet encryption per new person, effective ends, inserts, "
        "commit) on a fresh migrated database; CPU is the child's user + system time (the "
        "machine is shared: wall time includes waiting for a core); peak memory is the "
        "child's maximum RSS. "
        "The re-import loads the same file again: every row is a duplicate, nothing is added.",
        "",
        "Reproduce:",
        "",
        "```sh",
        "pg_ctlcluster 15 main start  # for the PostgreSQL row",
        f".venv/bin/python benchmarks/import_checkins.py --rows {args.rows}",
        "```",
        "",
    ]
    section = "\n".join(lines)
    text = DOCS.read_text() if DOCS.exists() else "# Benchmarks\n\nMeasurements of Phòng dịch số.\n"
    pattern = re.compile(rf"^{re.escape(SECTION)}\n.*?(?=^## |\Z)", re.S | re.M)
    if pattern.search(text):
        text = pattern.sub(lambda _: section + "\n", text).rstrip() + "\n"
    else:
        text = text.rstrip() + "\n\n" + section
    DOCS.parent.mkdir(exist_ok=True)
    DOCS.write_text(text)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--people", type=int, default=100_000)
    parser.add_argument("--locations", type=int, default=200)
    parser.add_argument("--days", type=int, default=14)
    parser.add_argument("--seed", type=int, default=2021)
    parser.add_argument("--no-postgres", action="store_true")
    parser.add_argument("--no-docs", action="store_true")
    args = parser.parse_args()
    OUT.mkdir(parents=True, exist_ok=True)
    csv_path = OUT / f"checkins-{args.rows}.csv"
    if not csv_path.exists():
        started = time.perf_counter()
        generate(
            csv_path,
            args.rows,
            people=args.people,
            locations=args.locations,
            days=args.days,
            seed=args.seed,
        )
        print(f"generated {csv_path} in {time.perf_counter() - started:.1f} s")
    results = []
    with tempfile.TemporaryDirectory() as tmp:
        results.append(bench(f"sqlite:///{tmp}/bench.sqlite3", csv_path, "SQLite (WAL)"))
    if not args.no_postgres:
        recreate_postgres(PG_URL)
        results.append(bench(PG_URL, csv_path, "PostgreSQL 15"))
    if not args.no_docs:
        write_docs(results, args)
        print(f"updated {DOCS}")


if __name__ == "__main__":
    main()
