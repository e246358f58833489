"""Experiment (not the benchmark): SqlStore of a git revision against the working tree's.

    DATABASE_URL=... .venv/bin/python benchmarks/trace_scale_experiment.py PERSON ONSET AS_OF
        [--baseline REV] [--rounds 5]

Traces the case (depth 2) over an already imported database (e.g. the files and
database ``benchmarks/trace_scale.py`` leaves behind) with ``SqlStore`` as it was
at ``--baseline`` (default: the commit before the store was optimised) and as it is
now, alternately in one process so that both see the same machine load. The
current store is timed cold (its process-wide identity cache emptied first) and
warm (cache filled by the previous run). Prints min and median of each and checks
that all results are identical.

Earlier experiment (2026-11-26): grouping the windows of one location into one
index scan did not help on PostgreSQL (10.4 s against 10.7 s with the ORM store).
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
import types
from datetime import date, datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "phongdich.settings")
BASELINE = "45cbd41"  # SqlStore over the ORM (one OR-ed query per 150 windows)


def load_baseline(rev: str) -> Any:
    source = subprocess.run(
        ["git", "show", f"{rev}:phongdich/tracing/store.py"],
        cwd=ROOT,
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    module = types.ModuleType("baseline_store")
    module.__file__ = f"<{rev}:phongdich/tracing/store.py>"
    sys.modules[module.__name__] = module
    exec(compile(source, module.__file__, "exec"), module.__dict__)
    return module.SqlStore


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("person")
    parser.add_argument("onset")
    parser.add_argument("as_of")
    parser.add_argument("--baseline", default=BASELINE)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()

    import django

    django.setup()
    from django.db import connection

    from phongdich.checkin.models import DiseaseProfile
    from phongdich.tracing import store as current
    from phongdich.tracing.services import trace_params
    from tracing_engine import Case, trace

    old_store = load_baseline(args.baseline)
    params = trace_params(DiseaseProfile.active(), depth=2)
    case = Case(
        args.person, date.fromisoformat(args.onset), as_of=datetime.fromisoformat(args.as_of)
    )
    connection.ensure_connection()
    print(f"{connection.vendor}, load average {os.getloadavg()}", flush=True)

    def cold() -> Any:
        current._IDENTITY_CACHE.clear()
        return trace(current.SqlStore(), case, params)

    variants = {
        f"baseline ({args.baseline})": lambda: trace(old_store(), case, params),
        "current, cold cache": cold,
        "current, warm cache": lambda: trace(current.SqlStore(), case, params),
    }
    times: dict[str, list[float]] = {name: [] for name in variants}
    outputs: set[str] = set()
    for _ in range(args.rounds):
        for name, run in variants.items():
            started = time.perf_counter()
            result = run()
            times[name].append(time.perf_counter() - started)
            outputs.add(result.to_json())
    assert len(outputs) == 1, "the stores disagree"
    result = trace(current.SqlStore(), case, params)
    levels = [sum(1 for c in result.contacts if c.level == k) for k in (1, 2)]
    for name, values in times.items():
        print(
            f"{name}: min {min(values):.3f} s, median {statistics.median(values):.3f} s "
            f"({', '.join(f'{v:.2f}' for v in values)})"
        )
    print(f"identical results: F1 {levels[0]:,}, F2 {levels[1]:,}; load {os.getloadavg()}")


if __name__ == "__main__":
    main()
