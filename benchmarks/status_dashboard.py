"""The status dashboard (/chi-dao/theo-doi/) at the demo's rows and at 10× them.

    .venv/bin/python benchmarks/status_dashboard.py [--times 10] [--scale 10] [--write-docs]

Builds a fresh SQLite file (benchmarks/out/status_dashboard.sqlite3) with the org and
directives demo (``org.demo.load``, ``directives.demo.load_directive``: the seed letter
with its reports), times the page through Django's test client as the Office
(median of --times requests after one warm-up), then copies every issued directive
(tasks, assignments, reports and their versions) until there are --scale times the rows
and times it again. Side by side: the bare selection (``dashboard_rows``, the two
queries and the status computation, no template) at both sizes, and the rows view and
the .xlsx export at 10×. With --write-docs it replaces the "Status dashboard" section of
docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import os
import platform
import re
import statistics
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "benchmarks" / "out"
DB = OUT / "status_dashboard.sqlite3"
DOCS = ROOT / "docs" / "benchmarks.md"
SECTION = "## Status dashboard"


def setup() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    for suffix in ("", "-wal", "-shm"):
        Path(f"{DB}{suffix}").unlink(missing_ok=True)
    os.environ["DATABASE_URL"] = f"sqlite:///{DB}"
    # The Office signs in with force_login: no second factor to type in a benchmark.
    os.environ["TWO_FACTOR_REQUIRED_ROLES"] = "it"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "phongdich.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command

    settings.DEBUG = False  # no query log
    call_command("migrate", verbosity=0)


def load_demo() -> None:
    from phongdich.directives import demo as directives_demo
    from phongdich.org import demo as org_demo

    org_demo.load()
    directives_demo.load_directive()


def copy_directives(copies: int) -> None:
    """``copies`` copies of every issued directive, with their tasks, assignments,
    reports and report versions (numbers 1000 apart, so they stay unique)."""
    from django.db import transaction

    from phongdich.directives.models import Directive, Report, Task, TaskAssignment

    originals = list(Directive.objects.filter(state=Directive.State.ISSUED))
    with transaction.atomic():
        for copy in range(1, copies + 1):
            for original in originals:
                tasks = list(original.tasks.order_by("order"))
                directive = Directive.objects.get(pk=original.pk)
                directive.pk = None
                directive.number = (original.number or 0) + 1000 * copy
                directive.save()
                task_map: dict[int, Task] = {}
                for task in tasks:
                    old_pk, parent = task.pk, task.parent_id
                    task.pk = None
                    task.directive = directive
                    task.parent = task_map.get(parent) if parent else None
                    task.save()
                    task_map[old_pk] = task
                TaskAssignment.objects.bulk_create(
                    TaskAssignment(
                        task=task_map[a.task_id],
                        unit_id=a.unit_id,
                        role=a.role,
                        must_report=a.must_report,
                    )
                    for a in TaskAssignment.objects.filter(task_id__in=task_map)
                )
                for report in Report.objects.filter(task_id__in=task_map).select_related(
                    "current_version"
                ):
                    version = report.current_version
                    report.pk = None
                    report.task = task_map[report.task_id]
                    report.current_version = None
                    report.save()
                    if version is not None:
                        version.pk = None
                        version.report = report
                        version.save()
                        Report.objects.filter(pk=report.pk).update(current_version=version)


def row_count() -> int:
    from phongdich.directives.selectors.reports import dashboard_rows

    return len(dashboard_rows(user=office()))


def office() -> Any:
    from django.contrib.auth import get_user_model

    return get_user_model().objects.get(username="vanphong")


def _timed(call: Any, times: int) -> tuple[float, float, Any]:
    """Median wall and CPU milliseconds of ``times`` calls (after one warm-up). On a
    shared machine the wall time includes waiting for a core; the CPU time of this
    process (the database is SQLite, in process) does not."""
    result = call()
    wall, cpu = [], []
    for _ in range(times):
        start, start_cpu = time.perf_counter(), time.process_time()
        result = call()
        wall.append((time.perf_counter() - start) * 1000)
        cpu.append((time.process_time() - start_cpu) * 1000)
    return statistics.median(wall), statistics.median(cpu), result


def time_get(client: Any, url: str, times: int) -> tuple[float, float, int]:
    wall, cpu, response = _timed(lambda: client.get(url), times)
    return wall, cpu, response.status_code


def time_bare(times: int) -> tuple[float, float]:
    from phongdich.directives.selectors.reports import dashboard_rows

    # A fresh user object each time: nothing cached on it.
    wall, cpu, _ = _timed(lambda: dashboard_rows(user=office()), times)
    return wall, cpu


def measure(times: int) -> dict[str, float]:
    from django.test import Client

    client = Client(SERVER_NAME="localhost")
    client.force_login(office())
    result: dict[str, float] = {"rows": row_count()}
    for key, url in (
        ("page", "/chi-dao/theo-doi/"),
        ("rows_view", "/chi-dao/theo-doi/?view=rows"),
        ("export", "/chi-dao/theo-doi/xuat/"),
    ):
        wall, cpu, status = time_get(client, url, times)
        assert status == 200, (url, status)
        result[key], result[key + "_cpu"] = wall, cpu
    result["bare"], result["bare_cpu"] = time_bare(times)
    return result


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--times", type=int, default=10)
    parser.add_argument("--scale", type=int, default=10)
    parser.add_argument("--write-docs", action="store_true")
    args = parser.parse_args()
    setup()
    load_demo()
    demo = measure(args.times)
    copy_directives(args.scale - 1)
    scaled = measure(args.times)
    lines = report(demo, scaled, args)
    print("\n".join(lines))
    if args.write_docs:
        write_docs(lines)


def report(demo: dict[str, float], scaled: dict[str, float], args: Any) -> list[str]:
    load = os.getloadavg()[0]
    head = (
        f"Measured {time.strftime('%Y-%m-%d')} on {os.cpu_count()} cores, "
        f"{platform.python_version()}, SQLite, load average {load:.1f}; median of "
        f"{args.times} requests through Django's test client as the Office, after one "
        "warm-up. Target: the page under 300 ms at 10× the demo's rows."
    )
    table = [
        f"| what | demo rows | demo: wall / CPU (ms) | ×{args.scale} rows "
        f"| ×{args.scale}: wall / CPU (ms) | ratio (CPU) |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for key, label in (
        ("page", "the page (grouped by directive and unit, chart, 25 a page)"),
        ("rows_view", "the rows view (`?view=rows`, 25 a page)"),
        ("export", "the .xlsx export (both sheets, every row)"),
        ("bare", "baseline: the bare selection (`dashboard_rows`, no template)"),
    ):
        cpu = key + "_cpu"
        table.append(
            f"| {label} | {demo['rows']:,.0f} | {demo[key]:.0f} / {demo[cpu]:.0f} "
            f"| {scaled['rows']:,.0f} | {scaled[key]:.0f} / {scaled[cpu]:.0f} "
            f"| {scaled[cpu] / demo[cpu]:.2f} |"
        )
    page_over_bare = scaled["page_cpu"] / scaled["bare_cpu"]
    return [
        SECTION,
        "",
        head,
        "",
        *table,
        "",
        f"At ×{args.scale} the page costs {page_over_bare:.2f}× the bare selection (CPU): "
        "what grows with the rows is the selection (two queries and the status of each "
        "row in Python); the template renders one page of groups. The query count does "
        "not grow with the rows (pinned in "
        "`directives/tests/test_dashboard_groups.py`).",
        "",
        "Reproduce:",
        "",
        "```sh",
        f".venv/bin/python benchmarks/status_dashboard.py --times {args.times} "
        f"--scale {args.scale} --write-docs",
        "```",
        "",
    ]


def write_docs(lines: list[str]) -> None:
    text = DOCS.read_text(encoding="utf-8")
    block = "\n".join(lines)
    pattern = re.compile(rf"^{re.escape(SECTION)}\n.*?(?=^## |\Z)", re.S | re.M)
    if pattern.search(text):
        text = pattern.sub(block + "\n", text)
    else:
        text = text.rstrip("\n") + "\n\n" + block
    DOCS.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
