"""The retention purge on partitioned PostgreSQL: whole-day partition drops against row
deletes, on the same generated data, side by side in one run.

    DATABASE_URL=postgres://…/phongdich_scale .venv/bin/python benchmarks/retention_purge.py \
        [--visits 200000] [--days 28] [--protected 50]

The database given is emptied of check-in data (use a scratch database). Visits are
spread over ``--days`` local days ending today (COPY, one person-keyed row each);
``--protected`` people are tied to an open case. Each method runs on a fresh copy of the
same rows: ``drop`` is ``purge_expired`` as deployed (drops the expired days after the
tracing app keeps the open case's visits), ``delete`` is the same purge with the
partitions ignored (row deletes, what SQLite does). Prints seconds and counts.
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import time
from datetime import UTC, timedelta
from pathlib import Path
from unittest import mock

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "phongdich.settings")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--visits", type=int, default=200_000)
    parser.add_argument("--days", type=int, default=28)
    parser.add_argument("--protected", type=int, default=50)
    args = parser.parse_args()

    import django

    django.setup()
    from django.db import connection, transaction
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    from phongdich.checkin import partitions, sql
    from phongdich.checkin.models import DiseaseProfile, Location, Person, PersonCheckin, Visit
    from phongdich.checkin.services import retention
    from phongdich.org.models import Unit
    from phongdich.tracing.models import Case, KeptVisit

    if connection.vendor != "postgresql":
        raise SystemExit("PostgreSQL only (partitions)")

    def reset() -> None:
        with connection.cursor() as cursor:
            for model in (KeptVisit, Case, Visit, PersonCheckin):
                cursor.execute(f"TRUNCATE {model._meta.db_table} CASCADE")  # noqa: S608

    profile = DiseaseProfile.active()
    today = timezone.localdate()
    first_day = today - timedelta(days=args.days - 1)
    partitions.ensure_partitions(today=first_day, ahead=args.days + 7)
    unit, _ = Unit.objects.get_or_create(code="BENCH", defaults={"name": "Đơn vị đo"})
    gates = [
        Location.objects.get_or_create(code=f"B{n:03d}", defaults={"name": "Cổng", "unit": unit})[0]
        for n in range(50)
    ]
    people = list(Person.objects.all()[:2000])
    while len(people) < 2000:
        p = Person(identity=f"+8491{len(people):07d}")
        p.save()
        people.append(p)
    rng = random.Random(17)
    start = partitions.day_start(first_day)
    span = (partitions.day_start(today + timedelta(days=1)) - start).total_seconds()
    rows = []
    for _ in range(args.visits):
        check_in = (start + timedelta(seconds=rng.random() * span)).astimezone(UTC)
        rows.append((rng.choice(people).pk, rng.choice(gates), check_in))

    def load() -> None:
        reset()
        partitions.ensure_partitions(today=first_day, ahead=args.days + 7)
        with transaction.atomic():
            sql.bulk_insert(
                Visit._meta.db_table,
                sql.VISIT_IMPORT_COLUMNS,
                (
                    (pid, g.pk, unit.pk, t, None, t + timedelta(hours=1), "import", "admitted", "")
                    for pid, g, t in rows
                ),
            )
            sql.bulk_insert(
                PersonCheckin._meta.db_table,
                ("person_id", "check_in", "location_id"),
                sorted({(pid, t, g.pk) for pid, g, t in rows}),
            )
            for person in people[: args.protected]:
                Case.objects.create(person=person, profile=profile, onset=first_day)
        with connection.cursor() as cursor:
            # A vacuumed start: the VACUUM after the purge then measures only what the
            # purge left behind (dead rows), not the fresh load's first pass.
            for model in (Visit, PersonCheckin, KeptVisit):
                cursor.execute(f"VACUUM ANALYZE {model._meta.db_table}")

    results = {}
    for method in ("drop", "delete"):
        load()
        before = Visit.objects.count()
        patch = (
            mock.patch.object(retention.partitions, "enabled", return_value=False)
            if method == "delete"
            else mock.patch.object(retention.partitions, "enabled", wraps=partitions.enabled)
        )
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_current_wal_lsn()")
            (wal_before,) = cursor.fetchone()
        with patch, CaptureQueriesContext(connection) as queries:
            began = time.perf_counter()
            report = retention.purge_expired()
            seconds = time.perf_counter() - began
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_wal_lsn_diff(pg_current_wal_lsn(), %s)", [wal_before])
            (wal,) = cursor.fetchone()
            # What the row deletes leave to (auto)vacuum: the dead rows of the purge.
            began = time.perf_counter()
            for model in (Visit, PersonCheckin):
                cursor.execute(f"VACUUM {model._meta.db_table}")
            vacuum = time.perf_counter() - began
        if os.environ.get("BENCH_SHOW_QUERIES"):
            for q in sorted(queries.captured_queries, key=lambda q: -float(q["time"]))[:8]:
                print(method, q["time"], q["sql"][:160])
        results[method] = (seconds, report.visits, before, KeptVisit.objects.count(), wal, vacuum)
    print(
        f"{args.visits} visits over {args.days} days, retention {profile.retention_days} days, "
        f"{args.protected} people tied to an open case"
    )
    for method, (seconds, purged, before, kept, wal, vacuum) in results.items():
        print(
            f"{method:7s} purge {seconds:6.2f} s, WAL {float(wal) / 2**20:7.1f} MiB, "
            f"then VACUUM {vacuum:6.2f} s; visits purged {purged} of {before}, "
            f"kept as evidence {kept}"
        )
    print(f"ratio delete/drop: {results['delete'][0] / max(results['drop'][0], 1e-9):.1f}")
    reset()


if __name__ == "__main__":
    main()
