"""The "Country scale" section of docs/benchmarks.md from benchmarks/country_scale.py's
results (the hand-written part under "### Reading" is kept)."""

from __future__ import annotations

import os
import platform
import re
from pathlib import Path
from typing import Any

LABELS = {"postgres": "PostgreSQL 15, partitioned", "citus": "Citus 13.2 (1 + 2 nodes)"}


def _machine() -> str:
    cpu = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return f"{os.cpu_count()} cores, {cpu}, Python {platform.python_version()}"


def _label(r: dict[str, Any]) -> str:
    label = LABELS.get(r["target"], r["target"])
    if r["target"] == "citus" and not r.get("distributed_tables"):
        label += " — **tables not distributed** (the migration did not distribute them)"
    return label


def _seconds(row: dict[str, Any], key: str) -> str:
    """A purge method's seconds, or "–" when that method was not run (``--purge``)."""
    return f"{row[key]:.2f}" if key in row else "–"


def _rate(stage: dict[str, Any]) -> str:
    """Rows per wall second, and per CPU second of the loading process (the machine is
    shared: the wall time includes waiting for a core)."""
    if not stage or "error" in stage:
        return f"failed ({stage.get('error', 'not run')[:80]})" if stage else "not run"
    rows = stage.get("file_rows") or stage.get("rows") or 0
    seconds = stage.get("seconds") or 0
    cpu = stage.get("cpu")
    text = f"{rows / seconds:,.0f}" if seconds else "–"
    if cpu:
        text += f" ({rows / cpu:,.0f} per CPU s)"
    return text


def _tasks(statements: list[dict[str, Any]]) -> str:
    out = []
    for s in statements:
        sql = " ".join(s["sql"].split())
        verb = sql.split(" ", 1)[0].upper()
        table = re.search(r'(?:INTO|FROM|UPDATE)\s+"?(checkin_\w+|tracing_\w+)"?', sql)
        what = f"{verb} {table.group(1) if table else ''}".strip()
        if sql.startswith("WITH p AS"):
            what = "visits of persons (records_of)"
        elif sql.startswith("WITH w AS"):
            what = "visits at windows (records_at)"
        where = []
        if s["tasks"]:
            where.append(f"tasks {'+'.join(str(t) for t in s['tasks'])}")
        if s["shards"]:
            where.append(f"{len(s['shards'])} shard(s)")
        if s["partitions"]:
            where.append(f"{len(s['partitions'])} partition(s)")
        ms = f"{s['ms']:.2f} ms" if s.get("ms") is not None else "error"
        out.append(f"{what} ({', '.join(where) or 'one table'}; {ms})")
    return "; ".join(out) or "–"


def write(results: dict[str, Any], docs: Path, section: str, keep: str) -> None:
    rows = sorted(results.values(), key=lambda r: (r["scale"], r["target"] != "postgres"))
    lines = [
        section,
        "",
        f"Measured {_today()} on {_machine()}, in one run "
        "of `benchmarks/country_scale.py` (every target and scale one after the other; "
        "the machine shared with other jobs: load averages beside each figure). Citus: "
        "`../shared/citus/cluster.sh` (a coordinator and two workers, all on these 2 "
        "cores).",
        "",
        "| target | scale | visits | people | places | DB size | load (method, rows/s) | "
        "added day, import_checkins rows/s | trace F1+F2 cold / warm min / median (ms) | "
        "F1 / F2 | HTTP bare / first / one-tap (req/s) | purge drop / delete (s) | "
        "VACUUM after drop / delete (s) | load avg |",
        "|---|---:|---:|---:|---:|---:|---|---:|---:|---:|---:|---:|---:|---|",
    ]
    for r in rows:
        st = r["stages"]
        load, added, trace = st.get("load", {}), st.get("added day", {}), st.get("trace", {})
        if "cold" not in trace:
            trace = {
                "cold": float("nan"),
                "warm_min": float("nan"),
                "warm_median": float("nan"),
                "f1": 0,
                "f2": 0,
            }
        http = st.get("http", {})
        purge = st.get("purge", {})
        rps = (
            " / ".join(f"{http[n]['rps']:.0f}" for n in ("bare", "first", "one-tap") if n in http)
            or "–"
        )
        drop, delete = purge.get("drop", {}), purge.get("delete", {})
        lines.append(
            f"| {_label(r)} | ×{r['scale']:g} | {r.get('visits', 0):,} | {r.get('persons', 0):,} | "
            f"{r.get('locations', 0):,} | {r.get('db_bytes', 0) / 2**30:.1f} GiB | "
            f"{load.get('method', '–')}, {_rate(load)} | {_rate(added)} | "
            f"{trace['cold'] * 1000:.0f} / {trace['warm_min'] * 1000:.0f} / "
            f"{trace['warm_median'] * 1000:.0f} | {trace['f1']:,} / {trace['f2']:,} | {rps} | "
            + (
                f"{_seconds(drop, 'seconds')} / {_seconds(delete, 'seconds')} | "
                f"{_seconds(drop, 'vacuum')} / {_seconds(delete, 'vacuum')} | "
                if "seconds" in drop or "seconds" in delete
                else f"failed: {purge.get('error', 'not run')[:60]} | – | "
            )
            + f"{load.get('load_before', '')} |"
        )
    lines += [
        "",
        "Purge detail (days 1–3 by drop, then days 4–6 by row delete, same database):",
        "",
    ]
    lines += [
        "| target | scale | method | purge (s) | WAL (MiB) | VACUUM (s) | visits purged | "
        "people purged | kept as evidence |",
        "|---|---:|---|---:|---:|---:|---:|---:|---:|",
    ]
    for r in rows:
        for method, p in r["stages"].get("purge", {}).items():
            if not isinstance(p, dict) or "seconds" not in p:
                continue
            lines.append(
                f"| {r['target']} | ×{r['scale']:g} | {method} | {p['seconds']:.2f} | "
                f"{p['wal_mib']:.1f} | {p['vacuum']:.2f} | {p['visits_purged']:,} | "
                f"{p['persons_purged']:,} | {p['kept']:,} |"
            )
    citus = [r for r in rows if r["target"] == "citus"]
    if citus:
        lines += [
            "",
            "CPU seconds per node (Citus; /proc of each node's postmaster and "
            "backends, around each stage):",
            "",
        ]
        lines += [
            "| scale | stage | wall (s) | coordinator | worker 1 | worker 2 |",
            "|---:|---|---:|---:|---:|---:|",
        ]
        for r in citus:
            for name, stage in r["stages"].items():
                cpu = stage.get("node_cpu") or {}
                ports = sorted(cpu)
                lines.append(
                    f"| ×{r['scale']:g} | {name} | {stage['seconds']:.1f} | "
                    + " | ".join(f"{cpu[p]:.1f}" for p in ports)
                    + " |"
                )
            for name, h in r["stages"].get("http", {}).items():
                cpu = h.get("node_cpu") if isinstance(h, dict) else None
                if not cpu:
                    continue
                n = h["rps"] * r.get("duration", 15)
                lines.append(
                    f"| ×{r['scale']:g} | HTTP {name} (ms CPU per request) | – | "
                    + " | ".join(f"{1000 * cpu[p] / max(n, 1):.2f}" for p in sorted(cpu))
                    + " |"
                )
    lines += [
        "",
        "Where each statement runs (EXPLAIN ANALYZE of the captured statements on "
        "the check-in tables, rolled back):",
        "",
    ]
    for r in rows:
        for name, statements in r.get("plans", {}).items():
            lines.append(f"- {r['target']} ×{r['scale']:g}, {name}: {_tasks(statements)}")
    lines += [
        "",
        "Reproduce (PostgreSQL on 127.0.0.1:5432, `BENCH_PG_URL`; the cluster from "
        "`bash ../shared/citus/cluster.sh start /tmp/citus-bench 5460`, `BENCH_CITUS_URL`; "
        "plans in /tmp/country_scale/result-*.json):",
        "",
        "```sh",
        "nice -n 10 .venv/bin/python benchmarks/country_scale.py --scales 0.1,1 "
        "--copy-province --duration 10 --repeat 3",
        "# the 10x set: the row delete on the cluster at 10x (~45 min) left out",
        "BENCH_COUNTRY_START=2026-11-19 nice -n 5 .venv/bin/python benchmarks/country_scale.py "
        "--scales 10 --targets postgres --duration 10 --repeat 2 --purge drop,delete",
        "BENCH_COUNTRY_START=2026-11-19 nice -n 5 .venv/bin/python benchmarks/country_scale.py "
        "--scales 10 --targets citus --duration 10 --repeat 2 --purge drop",
        "# the cluster's purge again on its loaded database (after the identity-row fix)",
        "BENCH_COUNTRY_START=2026-11-19 nice -n 5 .venv/bin/python benchmarks/country_scale.py "
        "--scales 10 --targets citus --purge drop --resume-purge --write-docs",
        "```",
        "",
    ]
    body = "\n".join(lines)
    text = docs.read_text()
    if section in text:
        start = text.index(section)
        end = text.find("\n## ", start + len(section))
        old = text[start : end + 1 if end != -1 else len(text)]
        if keep in old:
            body = body.rstrip("\n") + "\n\n" + old[old.index(keep) :].rstrip() + "\n"
        text = text[:start] + body + "\n" + (text[end + 1 :] if end != -1 else "")
    else:
        text = text.rstrip() + "\n\n" + body
    docs.write_text(text.rstrip() + "\n")


def _today() -> str:
    import time

    return time.strftime("%Y-%m-%d")
