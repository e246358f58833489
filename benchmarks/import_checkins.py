"""Benchmark of ``manage.py import_checkins`` against a bare load of the same file.

    .venv/bin/python benchmarks/import_checkins.py [--files million,province] [--no-postgres]

Files (written once to benchmarks/out/): ``million``, 1,000,000 rows (about 100,000
people, 200 gates, 14 days, generated below) and ``province``, about 2.4M rows
(300,000 people, 5,000 places, 14 days: benchmarks/trace_scale_gen.py). For each
file, in one run, side by side:

- **bare SQLite**: Python's csv reader → ``sqlite3`` ``executemany`` of the five text
  columns into one table with one index (on location, check_in), one transaction,
  the project's connection PRAGMAs (WAL, synchronous=NORMAL);
- **import SQLite**: ``manage.py import_checkins -v2 FILE`` on a fresh migrated file;
- **bare PostgreSQL**: one ``COPY … FROM STDIN (FORMAT csv, HEADER)`` of the file's
  bytes into one plain table (no index);
- **import PostgreSQL**: the same command on a fresh migrated database (partitioned
  check-in tables).

Each is a child process: wall time, CPU (user + system) and peak RSS of that child.
The ratios (import / bare, wall and CPU) are printed and written to the section
"Import of check-ins against a bare load" of docs/benchmarks.md. PostgreSQL:
BENCH_POSTGRES_URL (default below; the database is dropped and recreated), the
bare load uses BENCH_POSTGRES_URL's database too.
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
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "benchmarks" / "out"
DOCS = ROOT / "docs" / "benchmarks.md"
PYTHON = sys.executable
PG_URL = os.environ.get(
    "BENCH_POSTGRES_URL", "postgres://phongdich:phongdich@127.0.0.1:5432/phongdich_bench"
)
SECTION = "## Import of check-ins against a bare load (import_checkins)"
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


def run(cmd: list[str], env: dict[str, str]) -> dict[str, Any]:
    """Wall seconds, CPU seconds (user + system), peak RSS in MiB of that child alone,
    and its output."""
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
    return {
        "seconds": elapsed,
        "cpu": usage.ru_utime + usage.ru_stime,
        "peak": usage.ru_maxrss // 1024,
        "output": output,
    }


# The bare loads (run as children: ``--bare sqlite|postgres FILE TARGET``) ----------------


def bare_sqlite(csv_path: Path, db_path: str) -> int:
    """csv → sqlite3 executemany into one table with one index, one transaction."""
    import csv
    import sqlite3
    from itertools import islice

    conn = sqlite3.connect(db_path, isolation_level=None)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA synchronous=NORMAL")
    conn.execute(
        "CREATE TABLE bare (person TEXT, name TEXT, location TEXT, check_in TEXT, check_out TEXT)"
    )
    conn.execute("CREATE INDEX bare_location_time ON bare (location, check_in)")
    count = 0
    conn.execute("BEGIN")
    with open(csv_path, encoding="utf-8", newline="") as handle:
        reader = csv.reader(handle)
        next(reader)
        while batch := list(islice(reader, 50_000)):
            conn.executemany("INSERT INTO bare VALUES (?, ?, ?, ?, ?)", batch)
            count += len(batch)
    conn.execute("COMMIT")
    conn.close()
    return count


def bare_postgres(csv_path: Path, url: str) -> int:
    """One COPY of the file's bytes into one plain table (no index)."""
    import psycopg

    with psycopg.connect(url) as conn:
        conn.execute("DROP TABLE IF EXISTS bare")
        conn.execute(
            "CREATE TABLE bare (person text, name text, location text, check_in timestamptz, "
            "check_out timestamptz)"
        )
        with conn.cursor() as cur:
            with cur.copy("COPY bare FROM STDIN (FORMAT csv, HEADER)") as copy:
                with open(csv_path, "rb") as handle:
                    while chunk := handle.read(1 << 20):
                        copy.write(chunk)
            count = cur.rowcount
        conn.commit()
        conn.execute("DROP TABLE bare")
        conn.commit()
    return count


def bare(kind: str, csv_path: Path, target: str) -> dict[str, Any]:
    result = run([PYTHON, __file__, "--bare", kind, str(csv_path), target], dict(os.environ))
    result["rows"] = int(result["output"].split()[-1])
    return result


# The import -----------------------------------------------------------------------------


def bench(url: str, csv_path: Path, label: str, *, reimport: bool) -> dict[str, Any]:
    env = {**os.environ, "DATABASE_URL": url}
    manage = [PYTHON, "manage.py"]
    run([*manage, "migrate", "--noinput", "-v0"], env)
    first = run([*manage, "import_checkins", "-v2", str(csv_path)], env)
    output = first["output"]
    print(f"{label}: {first['seconds']:.1f} s, cpu {first['cpu']:.1f} s, peak {first['peak']} MiB")
    print("\n".join(line for line in output.splitlines() if not line.startswith("Địa điểm mới")))
    stages = re.search(r"Thời gian \(giây\): (.*)", output)
    result: dict[str, Any] = {
        **first,
        "label": label,
        "rows": int(re.search(r"đã đọc: (\d+)", output).group(1)),  # type: ignore[union-attr]
        "imported": int(re.search(r"Đã nhập: (\d+)", output).group(1)),  # type: ignore[union-attr]
        "stages": stages.group(1) if stages else "",
        "again": None,
    }
    if reimport:
        again = run([*manage, "import_checkins", str(csv_path)], env)
        added = int(re.search(r"Đã nhập: (\d+)", again["output"]).group(1))  # type: ignore[union-attr]
        result["again"] = (again["seconds"], again["cpu"], added)
        print(f"  re-import {again['seconds']:.1f} s, cpu {again['cpu']:.1f} s, adds {added}")
    return result


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


def load_average() -> str:
    return ", ".join(f"{x:.2f}" for x in os.getloadavg())


def csv_file(name: str, args: argparse.Namespace) -> Path:
    """The benchmark file ``name`` (million or province), written once."""
    OUT.mkdir(parents=True, exist_ok=True)
    if name == "million":
        path = OUT / f"checkins-{args.rows}.csv"
    else:
        path = OUT / "province-2400000.csv"
    if path.exists():
        return path
    started = time.perf_counter()
    if name == "million":
        generate(
            path, args.rows, people=args.people, locations=args.locations, days=args.days,
            seed=args.seed,
        )  # fmt: skip
    else:
        sys.path.insert(0, str(ROOT / "benchmarks"))
        import trace_scale_gen

        trace_scale_gen.province(path, people=300_000, locations=5_000, checkins=2_400_000)
    print(f"generated {path} in {time.perf_counter() - started:.1f} s")
    return path


FILES = {
    "million": "1,000,000 rows: about 100,000 people, 200 gates, 14 days, ~10% without "
    "check-out, ~0.5% exact duplicate rows, phone numbers in mixed formats, 2% staff codes "
    "(`generate` in the benchmark)",
    "province": "about 2.4M rows: 300,000 people, 5,000 places, 14 days, ~15% without "
    "check-out, phone numbers in mixed formats (`trace_scale_gen.province(people=300_000, "
    "checkins=2_400_000)`)",
}


def ratio(a: float, b: float) -> str:
    return f"{a / b:.2f}×" if b else "—"


def write_docs(runs: list[dict[str, Any]], args: argparse.Namespace) -> None:
    today = datetime.now(UTC).date().isoformat()
    lines = [
        SECTION,
        "",
        f"Measured {today} on {machine()}. Each import beside a bare load of the same file "
        "in the same run (ratios: import / bare).",
        "",
        "| file | database | rows | imported | import wall / CPU | bare wall / CPU | "
        "ratio wall | ratio CPU | import peak RSS | bare peak RSS | re-import wall / CPU (adds) "
        "| load (1, 5, 15 min) |",
        "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|",
    ]
    for r in runs:
        imp, base = r["import"], r["bare"]
        again = imp["again"]
        again_text = f"{again[0]:.1f} / {again[1]:.1f} s ({again[2]})" if again else "—"
        lines.append(
            f"| {r['file']} | {imp['label']} | {imp['rows']:,} | {imp['imported']:,} | "
            f"{imp['seconds']:.1f} / {imp['cpu']:.1f} s | {base['seconds']:.1f} / "
            f"{base['cpu']:.1f} s | {ratio(imp['seconds'], base['seconds'])} | "
            f"{ratio(imp['cpu'], base['cpu'])} | {imp['peak']} MiB | {base['peak']} MiB | "
            f"{again_text} | {r['load_before']} → {r['load_after']} |"
        )
    lines.append("")
    for r in runs:
        lines.append(f"Stages, {r['file']}, {r['import']['label']} (s): {r['import']['stages']}")
    lines += [
        "",
        "Files: " + "; ".join(f"`{name}`: {text}" for name, text in FILES.items()) + ".",
        "",
        "Import: the whole `manage.py import_checkins -v2 FILE` process on a fresh migrated "
        "database (start-up, parsing, validation, dedup, one Fernet encryption per new "
        "person, effective ends, inserts, index builds, commit). Bare SQLite: a child that "
        "reads the file with Python's csv module and inserts the five text columns with "
        "`sqlite3` `executemany` into one table with one index (location, check_in), one "
        "transaction, WAL and synchronous=NORMAL as the project's connections. Bare "
        "PostgreSQL: one `COPY … FROM STDIN (FORMAT csv, HEADER)` of the file's bytes into "
        "one plain table (text and timestamptz columns, no index). CPU is the child's user + "
        "system time (the machine is shared: wall time includes waiting for a core; the "
        "PostgreSQL server's own CPU is not in it); peak RSS is the child's maximum. The "
        "re-import loads the same file again: every row is a duplicate, nothing is added.",
        "",
        "Reproduce:",
        "",
        "```sh",
        "pg_ctlcluster 15 main start  # for the PostgreSQL rows",
        f".venv/bin/python benchmarks/import_checkins.py --files {args.files}"
        + (" --no-reimport" if args.no_reimport else ""),
        "```",
        "",
    ]
    section = "\n".join(lines)
    text = DOCS.read_text() if DOCS.exists() else "# Benchmarks\n\nMeasurements of Phòng dịch số.\n"
    pattern = re.compile(rf"^{re.escape(SECTION)}\n.*?(?=^## |\Z)", re.S | re.M)
    if pattern.search(text):
        text = pattern.sub(lambda _: section + "\n", text).rstrip() + "\n"
    else:  # first time: before the older section, which stays for comparison
        old = "## Import of check-ins (import_checkins)"
        if old in text:
            text = text.replace(old, section + "\n" + old, 1)
        else:
            text = text.rstrip() + "\n\n" + section
    DOCS.parent.mkdir(exist_ok=True)
    DOCS.write_text(text)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--files", default="million,province")
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--people", type=int, default=100_000)
    parser.add_argument("--locations", type=int, default=200)
    parser.add_argument("--days", type=int, default=14)
    parser.add_argument("--seed", type=int, default=2021)
    parser.add_argument("--no-sqlite", action="store_true")
    parser.add_argument("--no-postgres", action="store_true")
    parser.add_argument("--no-reimport", action="store_true")
    parser.add_argument("--no-docs", action="store_true")
    parser.add_argument("--bare", nargs=3, metavar=("KIND", "FILE", "TARGET"))
    args = parser.parse_args()
    if args.bare:
        kind, path, target = args.bare
        loader = bare_sqlite if kind == "sqlite" else bare_postgres
        print(loader(Path(path), target))
        return
    runs = []
    for name in args.files.split(","):
        csv_path = csv_file(name, args)
        if not args.no_sqlite:
            with tempfile.TemporaryDirectory() as tmp:
                load_before = load_average()
                base = bare("sqlite", csv_path, f"{tmp}/bare.sqlite3")
                print(f"{name} bare SQLite: {base['seconds']:.1f} s, cpu {base['cpu']:.1f} s")
                imp = bench(
                    f"sqlite:///{tmp}/bench.sqlite3", csv_path, "SQLite (WAL)",
                    reimport=not args.no_reimport,
                )  # fmt: skip
            print(f"  ratio wall {ratio(imp['seconds'], base['seconds'])}, "
                  f"CPU {ratio(imp['cpu'], base['cpu'])}")  # fmt: skip
            runs.append({"file": name, "bare": base, "import": imp,
                         "load_before": load_before, "load_after": load_average()})  # fmt: skip
            if not args.no_docs:  # after each run: a long run interrupted keeps its figures
                write_docs(runs, args)
        if not args.no_postgres:
            load_before = load_average()
            recreate_postgres(PG_URL)
            base = bare("postgres", csv_path, PG_URL)
            print(f"{name} bare COPY: {base['seconds']:.1f} s, cpu {base['cpu']:.1f} s")
            imp = bench(PG_URL, csv_path, "PostgreSQL 15", reimport=not args.no_reimport)
            print(f"  ratio wall {ratio(imp['seconds'], base['seconds'])}, "
                  f"CPU {ratio(imp['cpu'], base['cpu'])}")  # fmt: skip
            runs.append({"file": name, "bare": base, "import": imp,
                         "load_before": load_before, "load_after": load_average()})  # fmt: skip
            if not args.no_docs:
                write_docs(runs, args)
    if not args.no_docs:
        write_docs(runs, args)
        print(f"updated {DOCS}")


if __name__ == "__main__":
    main()
