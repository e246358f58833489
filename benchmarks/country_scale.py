"""Country scale (issue 17 item 4): the province data set and a 10× one on partitioned
PostgreSQL and on a Citus cluster, side by side in one run.

    .venv/bin/python benchmarks/country_scale.py [--scales 1,10] [--targets postgres,citus]
        [--duration 15] [--repeat 5] [--write-docs]

Data: scale 1 is the province set of benchmarks/trace_scale_gen.py ``country(scale=1)``
(300,000 people, 5,000 locations, ~2.4M check-ins over 14 local days, the 14 days ending
today so that the retention purge has real partitions to drop; CSV under
/tmp/country_scale/). Scale 10 is a country of 10 such provinces: the province set and
9 copies of it, each copy with people of its own (other phone numbers, drawn without
collision) and places of its own (codes prefixed ``P1-`` … ``P9-``): ~3M people, 50,000
locations, ~24M check-ins, every location as busy as in the province, and the busy
case (chosen in the province, copy 0) has the same F1 and F2 in both sets: the trace
answers the same question over 10× the rows. (``country(scale=10)`` generates a
distinct 10× map, but in Python, under this machine's load, it takes about an hour; the
copies are made from the province file as its rows are prepared.)

For each target (``postgres``: a database of its own on the PostgreSQL server,
``BENCH_PG_URL``; ``citus``: the coordinator ``BENCH_CITUS_URL``, its ``public`` schema
dropped and created) and scale, in a child process:

1. ``manage.py migrate``, the day partitions of the 14 days (as the daily job makes them
   ahead of live data).
2. Load of days 1–13: scale 1 through ``manage.py import_checkins`` (the importer's rows/s);
   otherwise (``--copy-province``, scale 0.1, scale 10) the rows the importer would
   write — encrypted people with blind indexes, visits with effective ends,
   person-keyed rows — prepared once as COPY text (``prepare_rows``, its own stage,
   cached under /tmp/country_scale/rows-*) and loaded by COPY (``load_rows``: the
   load's rows/s is the database's), so both targets get the same rows. At scale 10
   copy 0 (the province) stops before its last day and copies 1–9 are whole. Then the
   province's day 14 through ``import_checkins``: the importer's rate for an added day
   into the loaded database (at scale 10: 1 province's day into the country's 24M).
   ``VACUUM ANALYZE`` afterwards (untimed, as autovacuum would).
3. F1+F2 trace of a busy case chosen from the data (the person with most check-ins at
   the 50 busiest locations of the window), ``SqlStore`` + ``trace()`` in a child
   (benchmarks/trace_scale.py's worker), ``--repeat`` runs.
4. The plans: the one-tap check-in (through Django's test client) and one trace, every
   statement on the check-in tables captured and run again under ``EXPLAIN (ANALYZE)``
   (rolled back); the partitions (PostgreSQL) or tasks and shards (Citus) each touched.
5. Check-ins over HTTP: gunicorn + wrk (benchmarks/checkin_http.py's machinery: a bare
   insert as the ceiling, the first-visit form, the one-tap check-in) on the loaded
   database.
6. The retention purge as deployed (``purge_expired``, 50 people tied to an open case):
   days 1–3 by partition drop, then days 4–6 by row delete (the same purge with the
   partitions ignored, what SQLite does); WAL written, the VACUUM it leaves.

On Citus the CPU seconds of each node (postmaster and backends, /proc) are read around
every stage: the cost per node. Results: /tmp/country_scale/results.json; with
``--write-docs`` the section "Country scale" of docs/benchmarks.md (the hand-written
part under "### Reading" is kept).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import signal
import statistics
import subprocess
import sys
import time
from bisect import bisect_right
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parent.parent
OUT = Path(os.environ.get("BENCH_COUNTRY_DIR", "/tmp/country_scale"))
DOCS = ROOT / "docs" / "benchmarks.md"
SECTION = "## Country scale: partitioned PostgreSQL and Citus (issue 17)"
KEEP = "### Reading"
PY = str(ROOT / ".venv" / "bin" / "python")
PG_URL = os.environ.get("BENCH_PG_URL", "postgres://phongdich:phongdich@127.0.0.1:5432")
PG_DB = os.environ.get("BENCH_COUNTRY_DB", "phongdich_bench17")
# The coordinator; the database (PG_DB) is made on every node by ``reset``.
CITUS_URL = os.environ.get("BENCH_CITUS_URL", f"postgres://postgres@127.0.0.1:5460/{PG_DB}")
CITUS_DIR = Path(os.environ.get("BENCH_CITUS_DIR", "/tmp/citus-bench"))
VN = ZoneInfo("Asia/Ho_Chi_Minh")
DAYS = 14
SEED = 2021
TOP_LOCATIONS = 50
PROTECTED = 50

sys.path.insert(0, str(Path(__file__).resolve().parent))


def load_average() -> str:
    return ", ".join(f"{x:.2f}" for x in os.getloadavg())


def first_day() -> date:
    """The data's first day: the 14 days end today, or start on ``BENCH_COUNTRY_START``
    (ISO date: a data set generated on an earlier day is used again)."""
    if fixed := os.environ.get("BENCH_COUNTRY_START"):
        return date.fromisoformat(fixed)
    return datetime.now(VN).date() - timedelta(days=DAYS - 1)


def csv_path(scale: float, start: date) -> Path:
    return OUT / f"checkins-x{scale:g}-{start:%Y%m%d}-seed{SEED}.csv"


def generate(scale: float, start: date) -> Path:
    import trace_scale_gen as gen

    OUT.mkdir(parents=True, exist_ok=True)
    path = csv_path(scale, start)
    if not path.exists():
        began = time.perf_counter()
        tmp = path.with_suffix(".tmp")
        if scale >= 1:
            rows = gen.country(tmp, scale=int(scale), start=start, seed=SEED)
        else:  # a small set for trying the benchmark out: the province's map, fewer people
            rows = gen.province(
                tmp,
                people=int(300_000 * scale),
                locations=5_000,
                days=DAYS,
                checkins=int(2_400_000 * scale),
                start=start,
                seed=SEED,
            )
        tmp.rename(path)
        print(f"[x{scale:g}] generated {rows:,} rows in {time.perf_counter() - began:.0f} s")
    return path


def split_last_day(path: Path, start: date) -> tuple[Path, Path, int, int]:
    """The file without its last day, and the last day alone (the added day)."""
    head, tail = path.with_suffix(".head.csv"), path.with_suffix(".lastday.csv")
    prefix = (start + timedelta(days=DAYS - 1)).isoformat()
    if not (head.exists() and tail.exists()):
        head_tmp, tail_tmp = head.with_suffix(".tmp"), tail.with_suffix(".tmp")
        with (
            open(path, encoding="utf-8") as src,
            open(head_tmp, "w", encoding="utf-8") as h,
            open(tail_tmp, "w", encoding="utf-8") as t,
        ):
            header = src.readline()
            h.write(header)
            t.write(header)
            for line in src:
                # person,name,location,check_in,…: the check-in's local date
                (t if line.split(",", 4)[3].startswith(prefix) else h).write(line)
        head_tmp.rename(head)  # renamed only when complete: an interrupted run splits again
        tail_tmp.rename(tail)
    count = [sum(1 for _ in open(p, encoding="utf-8")) - 1 for p in (head, tail)]
    return head, tail, count[0], count[1]


# Environment ---------------------------------------------------------------------------


def bench_env(url: str) -> dict[str, str]:
    import checkin_http

    env = checkin_http.env_for("sqlite")  # production settings, the benchmark's keys
    env["DATABASE_URL"] = url
    env["ALLOWED_HOSTS"] = "127.0.0.1,testserver"
    return env


def target_url(target: str) -> str:
    return CITUS_URL if target == "citus" else f"{PG_URL}/{PG_DB}"


def reset(target: str) -> None:
    """A fresh database: on PostgreSQL dropped and created; on Citus on every node (the
    coordinator and the workers of ``pg_dist_node`` of its ``postgres`` database), the
    extension created in each and the workers added to the new database's metadata."""
    import psycopg

    if target != "citus":
        with psycopg.connect(f"{PG_URL}/postgres", autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{PG_DB}" WITH (FORCE)')
            conn.execute(f'CREATE DATABASE "{PG_DB}"')
        return
    base = CITUS_URL.rsplit("/", 1)[0]
    with psycopg.connect(f"{base}/postgres", autocommit=True) as conn:
        workers = conn.execute(
            "SELECT nodename, nodeport FROM pg_dist_node WHERE groupid > 0 ORDER BY nodeport"
        ).fetchall()
        coordinator = conn.execute(
            "SELECT nodename, nodeport FROM pg_dist_node WHERE groupid = 0"
        ).fetchone()
    user = base.split("//", 1)[1].split("@", 1)[0]
    for host, port in [*workers, coordinator]:
        with psycopg.connect(f"postgres://{user}@{host}:{port}/postgres", autocommit=True) as c:
            c.execute(f'DROP DATABASE IF EXISTS "{PG_DB}" WITH (FORCE)')
            c.execute(f'CREATE DATABASE "{PG_DB}"')
        with psycopg.connect(f"postgres://{user}@{host}:{port}/{PG_DB}", autocommit=True) as c:
            c.execute("CREATE EXTENSION citus")
    with psycopg.connect(CITUS_URL, autocommit=True) as conn:
        conn.execute("SELECT citus_set_coordinator_host(%s, %s)", coordinator)
        for host, port in workers:
            conn.execute("SELECT citus_add_node(%s, %s)", [host, port])


def run(cmd: list[str], env: dict[str, str], *, nice: bool = False) -> tuple[float, str, float]:
    """Wall seconds, output, CPU seconds (user + system) of the child."""
    began = time.perf_counter()
    proc = subprocess.Popen(
        (["nice", "-n", "10"] if nice else []) + cmd,
        env=env,
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    assert proc.stdout is not None
    output = proc.stdout.read()
    _, status, usage = os.wait4(proc.pid, 0)
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"{' '.join(cmd)} failed:\n{output[-4000:]}")
    return time.perf_counter() - began, output, usage.ru_utime + usage.ru_stime


# CPU per node (Citus: the cluster is the benchmark's own) -----------------------------------


def node_cpu() -> dict[str, float]:
    """CPU seconds so far of each node under CITUS_DIR: the postmaster's own and its
    reaped children's (cutime) plus its live children's."""
    tick = os.sysconf("SC_CLK_TCK")
    stats: dict[int, list[str]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                text = (entry / "stat").read_text()
            except OSError:
                continue
            stats[int(entry.name)] = text[text.rindex(")") + 2 :].split()
    out: dict[str, float] = {}
    for pidfile in sorted(CITUS_DIR.glob("node-*/postmaster.pid")):
        port = pidfile.parent.name.split("-")[1]
        out[port] = tree_cpu(int(pidfile.read_text().split()[0]), stats) / tick
    return out


def tree_cpu(pid: int, stats: dict[int, list[str]] | None = None) -> float:
    """Clock ticks of ``pid``, its reaped children and its live children (one level)."""
    if stats is None:
        stats = {}
        for entry in Path("/proc").iterdir():
            if entry.name.isdigit():
                try:
                    text = (entry / "stat").read_text()
                except OSError:
                    continue
                stats[int(entry.name)] = text[text.rindex(")") + 2 :].split()
        return tree_cpu(pid, stats) / os.sysconf("SC_CLK_TCK")
    own = stats.get(pid)
    if own is None:
        return 0.0
    total = sum(int(v) for v in own[11:15])  # utime stime cutime cstime
    for fields in stats.values():
        if int(fields[1]) == pid:
            total += int(fields[11]) + int(fields[12])
    return float(total)


class Stages:
    """Wall time, load average and (Citus) CPU per node of each stage."""

    def __init__(self, citus: bool) -> None:
        self.citus = citus
        self.rows: dict[str, dict[str, Any]] = {}

    def measure(self, name: str) -> Any:
        stages = self

        class _Stage:
            def __enter__(self) -> dict[str, Any]:
                self.cpu = node_cpu() if stages.citus else {}
                self.began = time.perf_counter()
                self.row: dict[str, Any] = {"load_before": load_average()}
                return self.row

            def __exit__(self, *exc: object) -> None:
                self.row["seconds"] = time.perf_counter() - self.began
                self.row["load_after"] = load_average()
                if stages.citus:
                    after = node_cpu()
                    self.row["node_cpu"] = {p: after[p] - self.cpu.get(p, 0.0) for p in after}
                stages.rows[name] = self.row
                print(f"  {name}: {self.row['seconds']:.1f} s {self.row.get('node_cpu', '')}")

        return _Stage()


# The direct load -------------------------------------------------------------------------


def _copy_prefix(k: int) -> str:
    return f"P{k}-" if k else ""


def country_mapping(head: Path, tail: Path, copies: int) -> list[dict[str, str]]:
    """For copies 1…``copies``-1 of the province: each province identity -> a phone of
    its own (deterministic, no two people alike, none of the province's)."""
    import random

    from phongdich.checkin.importer import _identity

    order: dict[str, None] = {}
    for path in (head, tail):
        with open(path, encoding="utf-8") as src:
            src.readline()
            last = ""
            for line in src:
                raw = line.split(",", 1)[0]
                if raw != last:
                    last = raw
                    order.setdefault(_identity(raw))
    used = set(order)
    maps: list[dict[str, str]] = [{}]
    for k in range(1, copies):
        rng = random.Random(SEED * 100 + k)
        mapping: dict[str, str] = {}
        for identity in order:
            while True:
                n = rng.randrange(5 * 10**8)
                phone = f"+84{'35789'[n % 5]}{n // 5:08d}"
                if phone not in used:
                    break
            used.add(phone)
            mapping[identity] = phone
        maps.append(mapping)
    return maps


def _text(value: Any) -> str:
    """A value in COPY's text format (the prepared rows hold no tab, newline or backslash)."""
    return "\\N" if value is None else str(value)


class _Rows:
    """A prepared-rows file: ``write_row`` as psycopg's COPY has it, in COPY's text format."""

    def __init__(self, path: Path) -> None:
        self.file = open(path, "w", encoding="utf-8")  # noqa: SIM115 - closed by the caller

    def write_row(self, row: tuple[Any, ...]) -> None:
        self.file.write("\t".join(map(_text, row)) + "\n")

    def close(self) -> None:
        self.file.close()


def rows_dir(scale: float, start: date) -> Path:
    return OUT / f"rows-x{scale:g}-{start:%Y%m%d}-seed{SEED}"


def prepare_rows(sources: list[Path], maps: list[dict[str, str]], out: Path) -> dict[str, Any]:
    """The rows ``manage.py import_checkins`` would write for ``sources[k]`` in copy k of
    ``maps`` (copy k > 0 with its people's phones and its locations prefixed ``Pk-``),
    written once as COPY text under ``out`` and loaded into each target by ``load_rows``
    (the same encrypted rows in PostgreSQL and on Citus): people (Fernet-encrypted
    identity and name, blind index, last seen; ids from 1), visits (effective ends: the
    check-out, else the earliest of check-in + open hours, local midnight and the
    person's next check-in), person-keyed check-ins; visits and check-ins name their
    location by code (each target has its own ids). Needs the file's rows of one person
    together (the generator writes them so). One shortcut: a full name's Fernet token is
    made once and reused for everyone of that name (the generator has ~2,300 names);
    every identity is encrypted on its own."""
    from django.utils import timezone

    from phongdich.checkin.importer import _identity
    from phongdich.checkin.models import DiseaseProfile
    from phongdich.checkin.presence import open_visit_end
    from phongdich.checkin.services.imports import _hasher
    from phongdich.core.crypto import encrypt

    done = out / "counts.json"
    if done.exists():
        return {**json.loads(done.read_text()), "cached": True}
    began = time.perf_counter()
    tmp = out.with_suffix(".tmp")
    tmp.mkdir(parents=True, exist_ok=True)
    hours = DiseaseProfile.active().open_visit_hours
    index = _hasher("person")
    now = timezone.now()
    moments: dict[str, datetime] = {}
    # presence.open_visit_end (check-in + open hours, local midnight, the next check-in)
    # with the midnight after each distinct check-in moment computed once.
    ends: dict[datetime, datetime] = {}
    identities: dict[str, str] = {}  # a person's spellings (each row may differ)
    names: dict[str, str] = {}  # name -> token: a name's token is reused (same plaintext)
    codes: set[str] = set()

    def moment(text: str) -> datetime:
        value = moments.get(text)
        if value is None:
            value = moments[text] = datetime.fromisoformat(text).astimezone(UTC)
            # presence.open_visit_end without a next check-in
            ends[value] = open_visit_end(value, open_visit_hours=hours).astimezone(UTC)
        return value

    def name_token(name: str) -> str:
        token = names.get(name)
        if token is None:
            token = names[name] = encrypt(name)
        return token

    persons, visits = _Rows(tmp / "persons.tsv"), _Rows(tmp / "visits.tsv")
    checkins, identity_rows = _Rows(tmp / "personcheckin.tsv"), _Rows(tmp / "identity.tsv")
    counts: dict[str, Any] = {"rows": 0, "persons": 0, "visits": 0, "person_checkins": 0}
    next_id = 1

    def flush(identity: str, name: str, records: set[tuple[str, datetime, Any]]) -> None:
        nonlocal next_id
        pid = next_id
        next_id += 1
        starts = sorted({ci for _, ci, _ in records})
        blind = index(identity)
        identity_rows.write_row((blind, pid))
        persons.write_row(
            (pid, encrypt(identity), blind, name_token(name) if name else "", "", "", None, now)
            + (starts[-1],)
        )
        seen: set[tuple[str, datetime]] = set()
        for code, ci, co in sorted(records, key=lambda r: (r[1], r[0], r[2] or r[1])):
            if co is None:
                end = ends[ci]
                nxt = bisect_right(starts, ci)
                if nxt < len(starts) and starts[nxt] < end:
                    end = starts[nxt]
            else:
                end = co
            visits.write_row((pid, code, ci, co, end))
            if (code, ci) not in seen:
                seen.add((code, ci))
                checkins.write_row((pid, ci, code))
        counts["persons"] += 1
        counts["visits"] += len(records)
        counts["person_checkins"] += len(seen)

    for k, (path, mapping) in enumerate(zip(sources, maps, strict=True)):
        prefix = _copy_prefix(k)
        current, name = "", ""
        records: set[tuple[str, datetime, Any]] = set()
        last_raw, identity = "", ""
        with open(path, encoding="utf-8") as src:
            src.readline()
            for line in src:
                raw, nm, code, ci, co = line.rstrip("\n").split(",")
                counts["rows"] += 1
                if raw != last_raw:
                    last_raw = raw
                    identity = identities.get(raw) or identities.setdefault(raw, _identity(raw))
                    if k:
                        identity = mapping[identity]
                if identity != current:
                    if records:
                        flush(current, name, records)
                    current, name, records = identity, "", set()
                if nm and not name:
                    name = nm
                codes.add(prefix + code)
                records.add((prefix + code, moment(ci), moment(co) if co else None))
            if records:
                flush(current, name, records)
        print(
            f"    prepared copy {k}: {counts['rows']:,} rows, {time.perf_counter() - began:.0f} s",
            flush=True,
        )
    for rows in (persons, visits, checkins, identity_rows):
        rows.close()
    (tmp / "codes.txt").write_text("\n".join(sorted(codes)) + "\n", encoding="utf-8")
    counts["seconds"] = time.perf_counter() - began
    (tmp / "counts.json").write_text(json.dumps(counts))
    tmp.rename(out)  # complete: an interrupted run prepares again
    return counts


def load_rows(prepared: Path, url: str) -> dict[str, Any]:
    """COPY the prepared rows into an empty migrated database: the locations through the
    importer's own ``_locations`` (under the default unit), then people, (Citus) the
    identity index, visits and person-keyed check-ins, each location code replaced by
    this database's id (and the visit's unit snapshot)."""
    import psycopg
    from django.db import connection

    from phongdich.checkin import models as checkin_models
    from phongdich.checkin.models import Person, PersonCheckin, Visit
    from phongdich.checkin.services.imports import ImportResult, _locations

    began = time.perf_counter()
    counts = json.loads((prepared / "counts.json").read_text())
    codes = set((prepared / "codes.txt").read_text(encoding="utf-8").split())
    locations = _locations(codes, ImportResult())
    # Citus (the cluster's migration): the identity index -> person table of the
    # two-statement upsert, filled by the importer there; absent or unused elsewhere.
    identity_model = getattr(checkin_models, "PersonIdentity", None)
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_extension WHERE extname = 'citus'")
        if cursor.fetchone() is None:
            identity_model = None
        cursor.execute(f"SELECT count(*) FROM {Person._meta.db_table}")  # noqa: S608
        if cursor.fetchone()[0]:
            raise RuntimeError("load_rows needs a database without people")
    person_cols = "id, identity, identity_index, full_name, cccd, cccd_index, staff_id, "
    person_cols += "created_at, last_seen_at"
    visit_cols = "person_id, location_id, unit_id_snapshot, check_in, check_out, "
    visit_cols += "effective_end, source, status, decision_note"
    ids = {code: f"{lid}\t{unit}" for code, (lid, unit) in locations.items()}
    lids = {code: str(lid) for code, (lid, _) in locations.items()}

    def visit_line(line: str) -> str:
        pid, code, rest = line.split("\t", 2)
        return f"{pid}\t{ids[code]}\t{rest[:-1]}\timport\tadmitted\t\n"

    def checkin_line(line: str) -> str:
        pid, ci, code = line.rstrip("\n").split("\t")
        return f"{pid}\t{ci}\t{lids[code]}\n"

    def copy(conn: Any, sql: str, name: str, convert: Any = None) -> None:
        with open(prepared / name, encoding="utf-8") as src, conn.cursor().copy(sql) as dst:
            batch: list[str] = []
            for line in src:
                batch.append(convert(line) if convert else line)
                if len(batch) == 20_000:
                    dst.write("".join(batch))
                    batch.clear()
            dst.write("".join(batch))
        conn.commit()
        print(f"    loaded {name}: {time.perf_counter() - began:.0f} s", flush=True)

    with psycopg.connect(url) as conn:
        # The people first, committed: on Citus the person-keyed rows' foreign key to the
        # person (same co-location group) is checked on the workers at COPY time.
        copy(conn, f"COPY {Person._meta.db_table} ({person_cols}) FROM STDIN", "persons.tsv")
        if identity_model is not None:
            table = identity_model._meta.db_table
            copy(conn, f"COPY {table} (identity_index, person_id) FROM STDIN", "identity.tsv")
        sql = f"COPY {Visit._meta.db_table} ({visit_cols}) FROM STDIN"
        copy(conn, sql, "visits.tsv", visit_line)
        table = PersonCheckin._meta.db_table
        sql = f"COPY {table} (person_id, check_in, location_id) FROM STDIN"
        copy(conn, sql, "personcheckin.tsv", checkin_line)
        conn.execute(
            f"SELECT setval(pg_get_serial_sequence('{Person._meta.db_table}', 'id'), %s)",  # noqa: S608
            [counts["persons"]],
        )
        conn.commit()
    counts["seconds"] = time.perf_counter() - began
    return counts


def make_gates(path: Path, copies: int) -> int:
    """The file's gates, made before the load (a province registers its gates before
    their check-ins arrive) under the importer's default unit, in batches; a batch
    that draws a manual code already taken is drawn again. (The importer's own
    ``bulk_create`` of thousands of new gates can fail on that unique code:
    ``checkin_location_manual_code_key``, seen at 5,000 gates.)"""
    from django.db import IntegrityError, transaction

    from phongdich.checkin.models import Location
    from phongdich.checkin.services.imports import default_unit

    codes: set[str] = set()
    with open(path, encoding="utf-8") as src:
        src.readline()
        for line in src:
            codes.add(line.split(",", 3)[2])
    wanted = sorted(_copy_prefix(k) + code for k in range(copies) for code in codes)
    unit = default_unit()
    have = set(Location.objects.values_list("code", flat=True))
    todo = [code for code in wanted if code not in have]
    for i in range(0, len(todo), 1000):
        batch = todo[i : i + 1000]
        for _ in range(20):
            try:
                with transaction.atomic():
                    Location.objects.bulk_create(
                        [Location(code=code, name=code, unit=unit) for code in batch]
                    )
                break
            except IntegrityError:
                continue
    return len(todo)


def importer(path: Path, env: dict[str, str]) -> dict[str, Any]:
    seconds, output, cpu = run([PY, "manage.py", "import_checkins", str(path)], env)
    found = {
        key: int(m.group(1)) if (m := re.search(pattern, output)) else None
        for key, pattern in (
            ("rows", r"đã đọc: (\d+)"),
            ("imported", r"Đã nhập: (\d+)"),
            ("persons", r"Người mới: (\d+)"),
        )
    }
    stages = re.findall(r"([a-z][a-z -]+) ([\d.]+)(?:,|$)", output.split("Stages")[-1])
    return {**found, "seconds": seconds, "cpu": cpu, "output": output[-1500:], "stages": stages}


# The trace --------------------------------------------------------------------------------


def case_window(start: date) -> tuple[date, datetime, datetime]:
    onset = start + timedelta(days=DAYS - 3)
    as_of = datetime.combine(onset + timedelta(days=1), datetime.min.time(), VN) + timedelta(
        hours=12
    )
    w0 = datetime.combine(onset - timedelta(days=2), datetime.min.time(), VN)
    return onset, as_of, w0


def busy_case(w0: datetime, w1: datetime) -> tuple[int, str, int]:
    from django.db import connection

    from phongdich.checkin.models import Person

    with connection.cursor() as cursor:
        cursor.execute(
            """WITH top AS (
                 SELECT v.location_id FROM checkin_visit v
                 JOIN checkin_location l ON l.id = v.location_id
                 WHERE v.check_in >= %s AND v.check_in < %s AND l.code !~ '^P[0-9]+-'
                 GROUP BY v.location_id ORDER BY count(*) DESC, v.location_id LIMIT %s)
               SELECT person_id, count(*) FROM checkin_visit
               WHERE check_in >= %s AND check_in < %s
                 AND location_id IN (SELECT location_id FROM top)
               GROUP BY person_id ORDER BY count(*) DESC, person_id LIMIT 1""",
            [w0, w1, TOP_LOCATIONS, w0, w1],
        )
        pid, count = cursor.fetchone()
    return pid, Person.objects.get(pk=pid).identity, count


def trace_run(
    env: dict[str, str], identity: str, onset: date, as_of: datetime, repeat: int
) -> dict[str, Any]:
    result = OUT / "trace-result.json"
    cmd = [
        PY,
        str(ROOT / "benchmarks" / "trace_scale.py"),
        "--worker",
        "--person",
        identity,
        "--onset",
        onset.isoformat(),
        "--as-of",
        as_of.isoformat(),
        "--repeat",
        str(repeat),
        "--result",
        str(result),
    ]
    seconds, _, cpu = run(cmd, env)
    payload = json.loads(result.read_text())
    timings = payload["timings"]
    levels = {1: 0, 2: 0}
    for level, *_ in payload["contacts"]:
        levels[level] += 1
    return {
        "cold": timings[0],
        "warm_min": min(timings[1:] or timings),
        "warm_median": statistics.median(timings[1:] or timings),
        "f1": levels[1],
        "f2": levels[2],
        "sql_queries": payload["stats"]["sql_queries"],
        "sql_seconds": payload["stats"]["sql_seconds"],
        "calls": payload["stats"]["calls"],
        "process_cpu": cpu,
        "process_seconds": seconds,
    }


# Plans ------------------------------------------------------------------------------------

CHECKIN_TABLES = re.compile(
    r"checkin_(visit|personcheckin|submission|declaration|person|personidentity)\b|tracing_kept"
)


def captured(fn: Any) -> list[tuple[str, Any]]:
    from django.db import connection

    seen: list[tuple[str, Any]] = []

    def wrapper(execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
        if not many:
            seen.append((sql, params))
        return execute(sql, params, many, context)

    with connection.execute_wrapper(wrapper):
        fn()
    return seen


def explain(statements: list[tuple[str, Any]], citus: bool) -> list[dict[str, Any]]:
    """Each statement on the check-in tables under EXPLAIN ANALYZE, rolled back: its plan,
    the day partitions it touched (PostgreSQL) or its tasks and shards (Citus)."""
    from django.db import connection, transaction

    out = []
    for sql, params in statements:
        if not CHECKIN_TABLES.search(sql) or sql.lstrip().upper().startswith(
            ("SAVEPOINT", "RELEASE")
        ):
            continue
        try:
            with transaction.atomic(), connection.cursor() as cursor:
                cursor.execute("EXPLAIN (ANALYZE, COSTS OFF, TIMING ON, SUMMARY ON) " + sql, params)
                plan = [row[0] for row in cursor.fetchall()]
                transaction.set_rollback(True)
        except Exception as error:  # noqa: BLE001 - report the statement Citus refuses
            plan = [f"ERROR: {error}"]
        text = "\n".join(plan)
        tasks = [int(n) for n in re.findall(r"Task Count: (\d+)", text)]
        shards = sorted(set(re.findall(r"(checkin_\w+?_\d{6,})\b", text)))
        parts = sorted(set(re.findall(r"(checkin_\w+_p\d{8}|checkin_\w+_default)\b", text)))
        ms = re.search(r"Execution Time: ([\d.]+) ms", text)
        out.append(
            {
                "sql": sql[:4000],
                "plan": plan,
                "tasks": tasks,
                "shards": shards,
                "partitions": parts,
                "ms": float(ms.group(1)) if ms else None,
            }
        )
    return out


def checkin_statements() -> dict[str, list[tuple[str, Any]]]:
    """The SQL of a one-tap and of a first-visit check-in through the public view."""
    from django.core import signing
    from django.http import HttpResponse
    from django.test import Client

    from phongdich.checkin.models import DiseaseProfile, Location
    from phongdich.checkin.services import checkin as services
    from phongdich.checkin.views.public import FORM_SALT, PERSON_COOKIE, PERSON_SALT
    from phongdich.org.models import Unit

    unit, _ = Unit.objects.get_or_create(code="VP-PLAN", defaults={"name": "Văn phòng"})
    gate, _ = Location.objects.get_or_create(
        code="PLAN-CONG", defaults={"name": "Cổng đo", "unit": unit}
    )
    person = services.person_upsert(identity="+84970000001", full_name="Người Đo")
    services.declaration_create(
        person=person, profile=DiseaseProfile.active(), answers={}, is_visitor=False
    )
    response = HttpResponse()
    response.set_signed_cookie(PERSON_COOKIE, str(person.pk), salt=PERSON_SALT)
    ft = signing.dumps(gate.pk, salt=FORM_SALT)
    client = Client(HTTP_HOST="127.0.0.1", HTTP_X_FORWARDED_PROTO="https")
    client.cookies[PERSON_COOKIE] = response.cookies[PERSON_COOKIE].value
    url = f"/c/{gate.poster_token}"

    def one_tap() -> None:
        assert client.post(url, {"ft": ft, "mode": "quick"}).status_code in (200, 302)

    def first() -> None:
        fresh = Client(HTTP_HOST="127.0.0.1", HTTP_X_FORWARDED_PROTO="https")
        body = {
            "ft": ft,
            "full_name": "Nguyễn Văn Khách",
            "phone": "0912000001",
            "is_visitor": "0",
            "q_contact": "0",
            "q_outbreak_travel": "0",
            "q_vaccine_doses": "2",
            "consent": "on",
        }
        assert fresh.post(url, body).status_code in (200, 302)

    return {"one-tap": captured(one_tap), "first": captured(first)}


def trace_statements(identity: str, onset: date, as_of: datetime) -> list[tuple[str, Any]]:
    from phongdich.checkin.models import DiseaseProfile
    from phongdich.tracing.services import trace_params
    from phongdich.tracing.store import SqlStore
    from tracing_engine import Case, trace

    params = trace_params(DiseaseProfile.active(), depth=2)
    return captured(lambda: trace(SqlStore(), Case(identity, onset, as_of=as_of), params))


# HTTP ---------------------------------------------------------------------------------------


def http(env: dict[str, str], args: argparse.Namespace) -> dict[str, Any]:
    import checkin_http as ch

    setup = subprocess.run(
        [PY, "-c", ch._SETUP, "500", "0", "quiet"],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    )
    info = json.loads(setup.stdout.strip().splitlines()[-1])
    cookies = ",".join(json.dumps(c) for c in info["cookies"])
    scripts = {
        "bare": ch.LUA_BARE,
        "first": ch.fill(ch.LUA_FIRST, ft=info["ft"], token=info["token"]),
        "one-tap": ch.fill(ch.LUA_ONE_TAP, ft=info["ft"], token=info["token"], cookies=cookies),
    }
    results: dict[str, Any] = {}
    server = ch.start_server(env, args.workers)
    try:
        ch.run_wrk(ch.LUA_BARE, duration=3, connections=args.connections)
        for name, script in scripts.items():
            cpu = node_cpu() if args.target == "citus" else {}
            app = tree_cpu(server.pid)
            results[name] = ch.run_wrk(script, duration=args.duration, connections=args.connections)
            results[name]["load"] = load_average()
            results[name]["app_cpu"] = tree_cpu(server.pid) - app  # gunicorn, all workers
            if cpu:
                after = node_cpu()
                results[name]["node_cpu"] = {p: after[p] - cpu.get(p, 0.0) for p in after}
            print(f"  http {name}: {results[name]}", flush=True)
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)
    return results


# Purge --------------------------------------------------------------------------------------


def purge(start: date, citus: bool, methods: list[str]) -> dict[str, Any]:
    from unittest import mock

    from django.db import connection

    from phongdich.checkin import partitions
    from phongdich.checkin.models import DiseaseProfile, Person, PersonCheckin, Visit
    from phongdich.checkin.services import retention
    from phongdich.tracing.models import Case, KeptVisit

    profile = DiseaseProfile.active()
    for person in Person.objects.order_by("pk")[:PROTECTED]:
        if not Case.objects.filter(person=person, profile=profile).exists():  # --resume-purge
            Case.objects.create(person=person, profile=profile, onset=start)
    out: dict[str, Any] = {}
    # drop: days 1-3 (cutoff local midnight of day 4); delete: days 4-6.
    for method, days in (("drop", 3), ("delete", 6)):
        if method not in methods:
            continue
        cutoff = partitions.day_start(start + timedelta(days=days))
        now = cutoff + timedelta(days=profile.retention_days)
        before = Visit.objects.count()
        patch = mock.patch.object(
            retention.partitions,
            "enabled",
            **({"return_value": False} if method == "delete" else {"wraps": partitions.enabled}),
        )
        cpu = node_cpu() if citus else {}
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_current_wal_lsn()")
            (wal_before,) = cursor.fetchone()
        with patch:
            began = time.perf_counter()
            report = retention.purge_expired(now=now)
            seconds = time.perf_counter() - began
        with connection.cursor() as cursor:
            # Citus: the coordinator's WAL only (the workers' is not read here).
            cursor.execute("SELECT pg_wal_lsn_diff(pg_current_wal_lsn(), %s)", [wal_before])
            (wal,) = cursor.fetchone()
            began = time.perf_counter()
            for model in (Visit, PersonCheckin):
                cursor.execute(f"VACUUM {model._meta.db_table}")
            vacuum = time.perf_counter() - began
        row = {
            "seconds": seconds,
            "vacuum": vacuum,
            "wal_mib": float(wal) / 2**20,
            "visits_purged": report.visits,
            "persons_purged": report.persons,
            "visits_before": before,
            "kept": KeptVisit.objects.count(),
            "load": load_average(),
        }
        if cpu:
            after = node_cpu()
            row["node_cpu"] = {p: after[p] - cpu.get(p, 0.0) for p in after}
        out[method] = row
        print(f"  purge {method}: {row}", flush=True)
    return out


# One target and scale (a child process) ---------------------------------------------------


def child(args: argparse.Namespace) -> None:
    target, scale = args.target, args.scale
    citus = target == "citus"
    start = first_day()
    path = generate(1 if scale >= 1 else scale, start)
    head, tail, head_rows, tail_rows = split_last_day(path, start)
    copies = int(scale) if scale >= 1 else 1
    url = target_url(target)
    env = bench_env(url)
    os.environ.update(env)
    if args.resume_purge:
        resume_purge(args, start, citus)
        return
    reset(target)
    stages = Stages(citus)
    result: dict[str, Any] = {
        "target": target,
        "scale": scale,
        "start": start.isoformat(),
        "duration": args.duration,
    }
    with stages.measure("migrate"):
        run([PY, "manage.py", "migrate", "--noinput", "-v0"], env)
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.db import connection

    from phongdich.checkin import partitions

    with connection.cursor() as cursor:
        cursor.execute("SELECT extname FROM pg_extension WHERE extname = 'citus'")
        result["citus"] = cursor.fetchone() is not None
        cursor.execute("SELECT count(*) FROM pg_dist_partition" if result["citus"] else "SELECT 0")
        result["distributed_tables"] = cursor.fetchone()[0]
    partitions.ensure_partitions(today=start, ahead=DAYS + 7)
    maps: list[dict[str, str]] = [{}]
    sources = [head]
    if copies > 1:
        # Copy 0 without its last day (the added day below, through the importer); copies
        # 1… whole: the added day lands in a database holding the country's other days.
        maps = country_mapping(head, tail, copies)
        sources += [path] * (copies - 1)
        head_rows += (head_rows + tail_rows) * (copies - 1)

    with stages.measure("gates"):
        make_gates(head, copies)
    if scale == 1 and not args.copy_province:
        with stages.measure("load") as row:
            row.update(importer(head, env), method="import_checkins")
            row["file_rows"] = head_rows
    else:
        prepared = rows_dir(scale, start)
        with stages.measure("prepare") as row:
            row.update(prepare_rows(sources, maps, prepared))
        with stages.measure("load") as row:
            row.update(load_rows(prepared, url), method="COPY")
            row["file_rows"] = head_rows

    def save() -> None:
        result["stages"] = stages.rows
        Path(args.result).write_text(json.dumps(result, indent=1, default=str))

    def guarded(name: str, step: Any) -> None:
        """A stage that fails is recorded with its error; the others still run."""
        try:
            step()
        except Exception as error:  # noqa: BLE001 - reported in the results
            import traceback

            traceback.print_exc()
            stages.rows.setdefault(name, {})["error"] = f"{type(error).__name__}: {error}"[:2000]
            connection.close()
        save()

    save()

    def added_day() -> None:
        with stages.measure("added day") as row:
            row.update(importer(tail, env), method="import_checkins")
            row["file_rows"] = tail_rows

    guarded("added day", added_day)
    with stages.measure("vacuum analyze"):
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM checkin_visit")
        result["visits"] = cursor.fetchone()[0]
        cursor.execute("SELECT count(*) FROM checkin_person")
        result["persons"] = cursor.fetchone()[0]
        cursor.execute("SELECT count(*) FROM checkin_location")
        result["locations"] = cursor.fetchone()[0]
        # Citus: the coordinator's database only (the shards are on the workers).
        cursor.execute("SELECT pg_database_size(current_database())")
        result["db_bytes"] = cursor.fetchone()[0]
    save()

    onset, as_of, w0 = case_window(start)
    pid, identity, count = busy_case(w0, as_of)
    result["case"] = {
        "person_id": pid,
        "count": count,
        "onset": onset.isoformat(),
        "as_of": as_of.isoformat(),
    }

    def trace_stage() -> None:
        with stages.measure("trace") as row:
            row.update(trace_run(env, identity, onset, as_of, args.repeat))

    guarded("trace", trace_stage)

    def plans_stage() -> None:
        plans = {name: explain(stmts, citus) for name, stmts in checkin_statements().items()}
        result["plans"] = plans
        plans["trace"] = explain(trace_statements(identity, onset, as_of), citus)

    guarded("plans", plans_stage)
    if args.duration:

        def http_stage() -> None:
            with stages.measure("http") as row:
                row.update(http(env, args))

        guarded("http", http_stage)

    def purge_stage() -> None:
        with stages.measure("purge") as row:
            row.update(purge(start, citus, args.purge.split(",")))

    guarded("purge", purge_stage)


def resume_purge(args: argparse.Namespace, start: date, citus: bool) -> None:
    """``--resume-purge``: the purge stage again on the database a run left loaded (a
    purge stopped or changed after the load), into the same result."""
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    result = json.loads(Path(args.result).read_text())
    stages = Stages(citus)
    stages.rows = result["stages"]
    with stages.measure("purge") as row:
        row.update(purge(start, citus, args.purge.split(",")), resumed=True)
    result["stages"] = stages.rows
    Path(args.result).write_text(json.dumps(result, indent=1, default=str))


# The driver --------------------------------------------------------------------------------


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scales", default="1,10")
    parser.add_argument("--targets", default="postgres,citus")
    parser.add_argument("--duration", type=int, default=15, help="wrk seconds (0: no HTTP)")
    parser.add_argument("--connections", type=int, default=50)
    parser.add_argument("--workers", type=int, default=3)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument(
        "--purge", default="drop,delete", help="purge methods: drop (days 1-3), delete (4-6)"
    )
    parser.add_argument(
        "--resume-purge", action="store_true", help="the purge again on the loaded database"
    )
    parser.add_argument("--copy-province", action="store_true", help="COPY at scale 1 too")
    parser.add_argument("--write-docs", action="store_true")
    parser.add_argument("--docs-only", action="store_true")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--target", help=argparse.SUPPRESS)
    parser.add_argument("--scale", type=float, help=argparse.SUPPRESS)
    parser.add_argument("--result", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args)
        return
    saved = OUT / "results.json"
    if not args.docs_only:
        OUT.mkdir(parents=True, exist_ok=True)
        results = json.loads(saved.read_text()) if saved.exists() else {}
        for scale in [float(s) for s in args.scales.split(",")]:
            for target in args.targets.split(","):
                print(f"[{target} x{scale}] load average {load_average()}", flush=True)
                out = OUT / f"result-{target}-x{scale:g}.json"
                cmd = [
                    PY,
                    __file__,
                    "--child",
                    "--target",
                    target,
                    "--scale",
                    str(scale),
                    "--result",
                    str(out),
                    "--duration",
                    str(args.duration),
                    "--connections",
                    str(args.connections),
                    "--workers",
                    str(args.workers),
                    "--repeat",
                    str(args.repeat),
                    "--purge",
                    args.purge,
                ]
                cmd += ["--copy-province"] if args.copy_province else []
                cmd += ["--resume-purge"] if args.resume_purge else []
                subprocess.run(cmd, cwd=ROOT, check=True)
                results[f"{target}-x{scale:g}"] = json.loads(out.read_text())
                saved.write_text(json.dumps(results, indent=1))
    if args.write_docs or args.docs_only:
        import country_scale_docs

        country_scale_docs.write(json.loads(saved.read_text()), DOCS, SECTION, KEEP)
        print(f"updated {DOCS}")


if __name__ == "__main__":
    main()
