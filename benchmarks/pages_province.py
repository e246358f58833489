"""The pages people wait for, at province scale on PostgreSQL: the guard console's live
part, the tracing case page, the status dashboard and the Director's home.

    .venv/bin/python benchmarks/pages_province.py --load [--csv FILE]   # once, minutes
    .venv/bin/python benchmarks/pages_province.py [--rounds 15] [--old /path/to/checkout]
        [--write-docs]

``--load`` builds the database named by BENCH_PG_URL (default
postgres://phongdich:phongdich@127.0.0.1:5432/phongdich_pages, dropped and made again):
``migrate``, ``load_demo``, then the province file of benchmarks/trace_scale_gen.py
(300,000 people, 5,000 places, about 2.4M check-ins over 14 days; written to --csv if
it is not there) loaded directly (COPY into a staging table, the people encrypted in
Python, the visits with their effective ends computed in SQL), its 14 days moved so
that the last one is today and nothing lies after now. The places belong to 24 district
units under the department (the Director and the Office see them; the demo guard does
not). On top: 1,000 people inside the guard's main gate now (the busy gate), a case with
3,000 F1 and 12,000 F2 contacts, and the issued directives copied 20 times (the status
dashboard's rows).

The measurement signs the demo users in (test client, DEBUG off, the full middleware)
and times each page warm, the median of --rounds requests, beside a baseline requested
alternately in the same run: the plain staff home (session, roles, the home blocks, the
menu). With ``--old DIR`` the same measurement runs a second time with the code of
another checkout (the code before this change) on the same database, so the old and new
figures are side by side in one run.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import subprocess
import sys
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs" / "benchmarks.md"
SECTION = "## Pages people wait for, at province scale (issue 18 item 4)"
PG_URL = os.environ.get(
    "BENCH_PG_URL", "postgres://phongdich:phongdich@127.0.0.1:5432/phongdich_pages"
)
SETTINGS = "benchmarks.home_settings"
CSV = Path("/tmp/pages_bench/province.csv")
FIRST_DAY = date(2021, 9, 1)  # the generator's first day (trace_scale_gen.province)
DAYS = 14
DISTRICTS = 24
BUSY_INSIDE = 1000
F1, F2 = 3000, 12000
DIRECTIVE_COPIES = 20


def _env(code: Path = ROOT) -> dict[str, str]:
    return {
        **os.environ,
        "DATABASE_URL": PG_URL,
        "DJANGO_SETTINGS_MODULE": SETTINGS,
        "TWO_FACTOR_REQUIRED_ROLES": "it",
        "PYTHONPATH": str(code),
    }


def _setup_django() -> None:
    # The code measured is the checkout the child runs in (--old: another one).
    sys.path.insert(0, os.getcwd())
    import django

    django.setup()


# The load ---------------------------------------------------------------------------


def load(csv: Path) -> None:
    import psycopg

    if not csv.exists():
        sys.path.insert(0, str(ROOT / "benchmarks"))
        import trace_scale_gen as gen

        csv.parent.mkdir(parents=True, exist_ok=True)
        gen.province(csv, people=300_000, checkins=2_400_000)
    base, name = PG_URL.rsplit("/", 1)
    with psycopg.connect(f"{base}/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')
    manage = [sys.executable, str(ROOT / "manage.py")]
    started = time.perf_counter()
    subprocess.run([*manage, "migrate", "-v0"], env=_env(), check=True, cwd=ROOT)
    subprocess.run([*manage, "load_demo"], env=_env(), check=True, cwd=ROOT, capture_output=True)
    print(f"migrate + load_demo: {time.perf_counter() - started:.0f} s", flush=True)
    subprocess.run(
        [sys.executable, __file__, "--load-child", "--csv", str(csv)],
        env=_env(),
        check=True,
        cwd=ROOT,
    )


def load_child(csv: Path) -> None:  # noqa: PLR0915 - one straight script
    _setup_django()
    from django.db import connection, transaction
    from django.utils import timezone

    from phongdich.checkin.models import DiseaseProfile, Location, Person
    from phongdich.core.crypto import encrypt
    from phongdich.org.models import Unit

    started = time.perf_counter()

    def step(what: str) -> None:
        print(f"  {what}: {time.perf_counter() - started:.0f} s", flush=True)

    root = Unit.objects.order_by("path").first()
    assert root is not None
    districts = []
    for d in range(DISTRICTS):
        unit, _ = Unit.objects.get_or_create(
            code=f"QUAN-{d:02d}",
            defaults={"name": f"Quận/huyện {d:02d}", "parent": root, "kind": Unit.Kind.OTHER},
        )
        districts.append(unit)
    hours = DiseaseProfile.active().open_visit_hours
    today = timezone.localdate()
    shift = today - (FIRST_DAY + timedelta(days=DAYS - 1))
    with connection.cursor() as cur:
        cur.execute(
            "CREATE UNLOGGED TABLE bench_stage (person text, name text, location text, "
            "check_in timestamptz, check_out timestamptz)"
        )
        with (
            cur.copy("COPY bench_stage FROM STDIN WITH (FORMAT csv, HEADER true)") as copy,
            csv.open("rb") as source,
        ):
            while chunk := source.read(1 << 20):
                copy.write(chunk)
        step("staging COPY")
        cur.execute(
            "CREATE UNLOGGED TABLE bench_people AS SELECT right(regexp_replace(person, "
            "'\\D', '', 'g'), 9) AS national, max(name) AS name FROM bench_stage GROUP BY 1"
        )
        cur.execute("SELECT national, coalesce(name, '') FROM bench_people")
        people = cur.fetchall()
        step(f"{len(people)} people read")
        now = timezone.now()
        cur.execute("CREATE UNLOGGED TABLE bench_map (national text PRIMARY KEY, idx text)")
        with cur.copy("COPY bench_map FROM STDIN") as copy:
            for national, _name in people:
                copy.write_row((national, Person.index_of(f"+84{national}")))
        with cur.copy(
            "COPY checkin_person (identity, identity_index, full_name, cccd, cccd_index, "
            "created_at) FROM STDIN"
        ) as copy:
            for national, person_name in people:
                identity = f"+84{national}"
                copy.write_row(
                    (
                        encrypt(identity),
                        Person.index_of(identity),
                        encrypt(person_name) if person_name else "",
                        "",
                        "",
                        now,
                    )
                )
        del people
        step("people encrypted and copied")
    codes = sorted(
        {
            code
            for (code,) in connection.cursor().execute("SELECT DISTINCT location FROM bench_stage")
        }
    )
    gates = []
    for code in codes:
        district = int(code[1:3]) if code.startswith("Q") else None
        unit = districts[district] if district is not None else root
        gates.append(Location(code=code, name=f"Địa điểm {code}", unit=unit))
    Location.objects.bulk_create(gates, batch_size=1000)
    step(f"{len(gates)} places")
    with connection.cursor() as cur:
        cur.execute(
            """
            INSERT INTO checkin_visit (person_id, location_id, unit_id_snapshot, check_in,
                check_out, effective_end, source, status, decision_note)
            SELECT person_id, location_id, unit_id, ci, co,
                CASE WHEN co IS NOT NULL THEN co ELSE least(
                    ci + make_interval(hours => %(hours)s),
                    (date_trunc('day', ci AT TIME ZONE 'Asia/Ho_Chi_Minh') + interval '1 day')
                        AT TIME ZONE 'Asia/Ho_Chi_Minh',
                    coalesce(next_ci, 'infinity')) END,
                'import', 'admitted', ''
            FROM (
                SELECT p.id AS person_id, l.id AS location_id, l.unit_id, s.ci,
                    CASE WHEN s.co <= %(now)s THEN s.co END AS co,
                    lead(s.ci) OVER (PARTITION BY p.id ORDER BY s.ci) AS next_ci
                FROM (SELECT right(regexp_replace(person, '\\D', '', 'g'), 9) AS national,
                        location, check_in + %(shift)s AS ci, check_out + %(shift)s AS co
                      FROM bench_stage) s
                JOIN bench_map m ON m.national = s.national
                JOIN checkin_person p ON p.identity_index = m.idx
                JOIN checkin_location l ON l.code = s.location
                WHERE s.ci <= %(now)s
            ) v
            """,
            {"hours": hours, "now": now, "shift": timedelta(days=shift.days)},
        )
        step(f"{cur.rowcount} visits")
        cur.execute("DROP TABLE bench_stage, bench_people, bench_map")
    busy_gate()
    step("busy gate")
    big_case()
    step("case with contacts")
    sys.path.insert(0, str(ROOT / "benchmarks"))
    import status_dashboard

    with transaction.atomic():
        status_dashboard.copy_directives(DIRECTIVE_COPIES - 1)
    step("directives copied")
    with connection.cursor() as cur:
        cur.execute("VACUUM ANALYZE")
    step("analyze")


def guard_gate() -> object:
    from django.contrib.auth import get_user_model

    from phongdich.checkin.selectors.guard import guard_gates

    guard = get_user_model().objects.get(username="baove")
    return guard_gates(user=guard, active_only=True).first()


def busy_gate() -> None:
    """BUSY_INSIDE people inside the guard's first gate now, checked in over 3 hours."""
    from django.utils import timezone

    from phongdich.checkin.models import DiseaseProfile, Person, Visit
    from phongdich.checkin.presence import open_visit_end

    gate = guard_gate()
    hours = DiseaseProfile.active().open_visit_hours
    rng = random.Random(18)
    now = timezone.now()
    start = max(now - timedelta(hours=3), timezone.localtime(now).replace(hour=0, minute=1))
    span = max(60, int((now - start).total_seconds()))
    ids = rng.sample(list(Person.objects.values_list("pk", flat=True)[:200_000]), BUSY_INSIDE)
    visits = []
    for pk in ids:
        moment = start + timedelta(seconds=rng.randrange(span))
        visits.append(
            Visit(
                person_id=pk,
                location=gate,
                unit_id_snapshot=gate.unit_id,  # type: ignore[attr-defined]
                check_in=moment,
                effective_end=open_visit_end(moment, open_visit_hours=hours),
                source=Visit.Source.QR,
                status=Visit.Status.ADMITTED,
            )
        )
    Visit.objects.bulk_create(visits, batch_size=1000)


def big_case() -> None:
    """A case of the tracer's with F1 F1s and F2 F2s stored from one finished run."""
    from django.contrib.auth import get_user_model
    from django.utils import timezone

    from phongdich.checkin.models import DiseaseProfile, Location, Person
    from phongdich.tracing.models import Case, Contact, TraceRun

    tracer = get_user_model().objects.get(username="truyvet")
    profile = DiseaseProfile.active()
    rng = random.Random(20)
    people = list(Person.objects.order_by("pk").values_list("pk", flat=True)[:100_000])
    places = list(Location.objects.filter(code__startswith="Q").values_list("pk", flat=True))
    chosen = rng.sample(people, 1 + F1 + F2)
    zero, f1s, f2s = chosen[0], chosen[1 : 1 + F1], chosen[1 + F1 :]
    now = timezone.now()
    case = Case.objects.create(
        person_id=zero,
        profile=profile,
        onset=timezone.localdate() - timedelta(days=2),
        created_by=tracer,
    )
    run = TraceRun.objects.create(
        case=case,
        started_by=tracer,
        as_of=now,
        depth=2,
        days_before_onset=profile.days_before_onset,
        min_overlap_minutes=profile.min_overlap_minutes,
        open_visit_hours=profile.open_visit_hours,
        status=TraceRun.Status.DONE,
        contact_count=F1 + F2,
        counts_by_level={"1": F1, "2": F2},
    )
    contacts = []
    for level, group in ((1, f1s), (2, f2s)):
        for pk in group:
            contacts.append(
                Contact(
                    case=case,
                    run=run,
                    person_id=pk,
                    level=level,
                    exposed_at=now - timedelta(minutes=rng.randrange(5 * 24 * 60)),
                    via_id=zero if level == 1 else rng.choice(f1s),
                    location_id=rng.choice(places),
                    overlap_minutes=rng.randrange(15, 240),
                )
            )
    Contact.objects.bulk_create(contacts, batch_size=2000)
    print(f"  case {case.pk}: {len(contacts)} contacts", flush=True)


# The measurement ----------------------------------------------------------------------


PAGES = {
    # key: (user, url (a callable of the case's pk), what)
    "baseline": ("canbo", "/", "baseline: the plain staff home"),
    "guard_live": ("baove", "/check-in/bao-ve/hien-tai/", "guard console, live part"),
    "guard_poll": ("baove", None, "guard console, unchanged poll (204)"),
    "guard_index": ("baove", "/check-in/bao-ve/", "guard console, whole page"),
    "case": ("truyvet", "case", "tracing case page (15,000 contacts)"),
    "dashboard": ("vanphong", "/chi-dao/bang-theo-doi/", "status dashboard"),
    "director": ("giamdoc", "/", "Director's home"),
}


def profile_page(client: Any, url: str) -> None:
    """Where one warm request of a page goes: its slowest statements (wall time around
    the driver) and a cProfile (own time), printed."""
    import cProfile
    import io
    import pstats

    from django.db import connection

    spent: list[tuple[float, str]] = []

    def wrapper(execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            spent.append((time.perf_counter() - started, " ".join(sql.split())[:150]))

    client.get(url)
    with connection.execute_wrapper(wrapper):
        started = time.perf_counter()
        client.get(url)
        total = time.perf_counter() - started
    in_sql = sum(t for t, _ in spent)
    print(f"request {total * 1000:.1f} ms, {len(spent)} statements {in_sql * 1000:.1f} ms")
    for t, sql in sorted(spent, reverse=True)[:8]:
        print(f"  {t * 1000:7.1f} ms  {sql}")
    profiler = cProfile.Profile()
    profiler.enable()
    for _ in range(3):
        client.get(url)
    profiler.disable()
    out = io.StringIO()
    pstats.Stats(profiler, stream=out).sort_stats("tottime").print_stats(25)
    print(out.getvalue())
    out = io.StringIO()
    pstats.Stats(profiler, stream=out).sort_stats("cumulative").print_stats(45)
    print(out.getvalue())


def child(rounds: int, only: list[str], profile: str | None = None) -> None:
    _setup_django()
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse

    from phongdich.accounts.models import User
    from phongdich.tracing.models import Case

    backend = "phongdich.core.tests.base.ForceLoginBackend"
    case = Case.objects.order_by("-pk").first()
    assert case is not None
    urls = {
        key: reverse("tracing:case_detail", args=[case.pk]) if url == "case" else url
        for key, (_, url, _) in PAGES.items()
    }
    urls["dashboard"] = reverse("directives:dashboard")
    clients: dict[str, Client] = {}
    for key, (username, _, _) in PAGES.items():
        if key not in only and key != "baseline":
            continue
        client = Client()
        client.force_login(User.objects.get(username=username), backend=backend)
        clients[key] = client
    if "guard_poll" in clients:
        live = clients["guard_poll"].get(urls["guard_live"]).content.decode()
        stamp = live.split("?v=", 1)[1].split('"', 1)[0]
        urls["guard_poll"] = f"{urls['guard_live']}?v={stamp}"
    times: dict[str, list[float]] = {key: [] for key in clients}
    status: dict[str, int] = {}
    for key, client in clients.items():
        for _ in range(2):  # warm
            status[key] = client.get(urls[key]).status_code
    for _ in range(rounds):
        for key, client in clients.items():
            if key == "guard_poll":  # a fresh stamp (a stamp older than a minute renders)
                live = client.get(urls["guard_live"]).content.decode()
                stamp = live.split("?v=", 1)[1].split('"', 1)[0]
                urls["guard_poll"] = f"{urls['guard_live']}?v={stamp}"
            start = time.perf_counter()
            response = client.get(urls[key])
            times[key].append(1000 * (time.perf_counter() - start))
            status[key] = response.status_code
    if profile:
        profile_page(clients[profile], urls[profile])
        return
    queries = {}
    sizes = {}
    for key, client in clients.items():
        with CaptureQueriesContext(connection) as captured:
            response = client.get(urls[key])
        queries[key] = len(captured.captured_queries)
        sizes[key] = len(response.content)
    print(
        json.dumps(
            {
                "median": {k: statistics.median(v) for k, v in times.items()},
                "p90": {k: sorted(v)[int(0.9 * (len(v) - 1))] for k, v in times.items()},
                "queries": queries,
                "bytes": sizes,
                "status": status,
                "load": open("/proc/loadavg").read().split()[:3],
            }
        )
    )


def measure(code: Path, rounds: int, only: list[str]) -> dict[str, object]:
    out = subprocess.run(
        [
            sys.executable,
            str(ROOT / "benchmarks" / "pages_province.py"),
            "--child",
            "--rounds",
            str(rounds),
            "--only",
            *only,
        ],
        env=_env(code),
        check=True,
        cwd=code,
        capture_output=True,
        text=True,
    )
    result: dict[str, object] = json.loads(out.stdout.strip().splitlines()[-1])
    return result


def counts() -> dict[str, int]:
    import psycopg

    with psycopg.connect(PG_URL) as conn:
        one = lambda sql: conn.execute(sql).fetchone()[0]  # noqa: E731
        return {
            "visits": one("SELECT count(*) FROM checkin_visit"),
            "people": one("SELECT count(*) FROM checkin_person"),
            "places": one("SELECT count(*) FROM checkin_location"),
            "contacts": one("SELECT count(*) FROM tracing_contact"),
            "inside_busy": one(
                "SELECT count(*) FROM checkin_visit WHERE check_out IS NULL "
                "AND effective_end > now()"
            ),
        }


def table(new: dict[str, object], old: dict[str, object] | None) -> list[str]:
    med_new = new["median"]
    assert isinstance(med_new, dict)
    q_new = new["queries"]
    assert isinstance(q_new, dict)
    base = med_new["baseline"]
    head = "| page | median ms | p90 ms | ratio to baseline | queries |"
    rule = "|---|---:|---:|---:|---:|"
    if old is not None:
        head += " before: median ms | before: ratio | before: queries |"
        rule += "---:|---:|---:|"
    lines = [head, rule]
    for key, (_, _, what) in PAGES.items():
        if key not in med_new:
            continue
        p90 = new["p90"][key]  # type: ignore[index]
        row = (
            f"| {what} | {med_new[key]:.1f} | {p90:.1f} | {med_new[key] / base:.2f} "
            f"| {q_new[key]} |"
        )
        if old is not None:
            med_old, q_old = old["median"], old["queries"]
            assert isinstance(med_old, dict) and isinstance(q_old, dict)
            if key in med_old:
                row += (
                    f" {med_old[key]:.1f} | {med_old[key] / med_old['baseline']:.2f} "
                    f"| {q_old[key]} |"
                )
            else:
                row += " – | – | – |"
        lines.append(row)
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--load", action="store_true")
    parser.add_argument("--csv", type=Path, default=CSV)
    parser.add_argument("--rounds", type=int, default=15)
    parser.add_argument("--old", type=Path, help="another checkout: the code before")
    parser.add_argument("--old-rounds", type=int, default=5)
    parser.add_argument("--only", nargs="+", default=list(PAGES))
    parser.add_argument("--write-docs", action="store_true")
    parser.add_argument("--profile", choices=list(PAGES), help="where one page's time goes")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--load-child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.load_child:
        load_child(args.csv)
        return
    if args.child:
        child(args.rounds, args.only, args.profile)
        return
    if args.profile:
        subprocess.run(
            [sys.executable, __file__, "--child", "--rounds", "0", "--only", args.profile,
             "--profile", args.profile],
            env=_env(ROOT), check=True, cwd=ROOT,
        )  # fmt: skip
        return
    if args.load:
        load(args.csv)
        return
    size = counts()
    print(json.dumps(size))
    new = measure(ROOT, args.rounds, args.only)
    old = measure(args.old, args.old_rounds, args.only) if args.old else None
    lines = table(new, old)
    print("\n".join(lines))
    print("load", new["load"], "bytes", new["bytes"], "status", new["status"])
    if old is not None:
        print("before: load", old["load"], "bytes", old["bytes"], "status", old["status"])
    if args.write_docs:
        write_docs(lines, size, new, old, args)


def write_docs(
    lines: list[str],
    size: dict[str, int],
    new: dict[str, object],
    old: dict[str, object] | None,
    args: argparse.Namespace,
) -> None:
    today = datetime.now(UTC).date().isoformat()
    text = [
        SECTION,
        "",
        f"Measured {today} on {os.cpu_count()} cores, Python {sys.version.split()[0]}, "
        f"PostgreSQL 15; load average {' '.join(new['load'])} at the end of the run "  # type: ignore[arg-type]
        f"(before: {' '.join(old['load']) if old else '–'}). "  # type: ignore[arg-type]
        f"Data: {size['visits']:,} check-ins, {size['people']:,} people, "
        f"{size['places']:,} places, {size['contacts']:,} contacts of one case, "
        f"{size['inside_busy']:,} visits open now ({BUSY_INSIDE:,} at the guard's busy gate). "
        f"Warm, median of {args.rounds} requests (before: {args.old_rounds}) through the test "
        "client, DEBUG off, each page beside the baseline in the same loop.",
        "",
        *lines,
        "",
        "```sh",
        ".venv/bin/python benchmarks/pages_province.py --load",
        f".venv/bin/python benchmarks/pages_province.py --rounds {args.rounds} "
        "--old /path/to/the/checkout/before --write-docs",
        "```",
        "",
    ]
    doc = DOCS.read_text(encoding="utf-8")
    block = "\n".join(text)
    if SECTION in doc:
        head, rest = doc.split(SECTION, 1)
        tail = rest.split("\n## ", 1)
        doc = head + block + ("\n## " + tail[1] if len(tail) > 1 else "")
    else:
        doc = doc.rstrip("\n") + "\n\n" + block
    DOCS.write_text(doc, encoding="utf-8")


if __name__ == "__main__":
    main()
