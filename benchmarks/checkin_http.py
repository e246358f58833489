"""Check-ins per second through HTTP under gunicorn, side by side with a bare
Django view that only inserts one row (the ceiling on this machine).

    .venv/bin/python benchmarks/checkin_http.py [--db sqlite postgres] [--duration 20]
        [--connections 50] [--workers 3] [--threads 1] [--write-docs]

Needs Debian's `wrk` (apt-get install wrk) and, for PostgreSQL, a server where
postgres://phongdich:phongdich@127.0.0.1:5432/ may create a database. Each
database gets a fresh copy; the server runs with production settings (DEBUG=0).
Three scenarios, each for --duration seconds with --connections clients:
  bare      GET that inserts one row (same middleware stack) — the ceiling;
  first     the first-visit form: a new person each request (identity, name and
            answers encrypted, health declaration, consent, visit);
  one-tap   a returning person (signed cookie) with a valid declaration.

With --guard-consoles N each scenario runs twice, side by side: alone, then with N
guard consoles polling their live part every 1.5 s (as the console's htmx does,
sending the stamp of what they show). --guard-gate quiet (default) puts the
consoles on another unit's gate (every poll: the one-query 204), busy on the gate
being checked into (every poll sees a change and renders the live part).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import signal
import subprocess
import tempfile
import textwrap
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PY = str(ROOT / ".venv" / "bin" / "python")
GUNICORN = str(ROOT / ".venv" / "bin" / "gunicorn")
PG_ADMIN_URL = os.environ.get("BENCH_PG_URL", "postgres://phongdich:phongdich@127.0.0.1:5432")
# BENCH_PORT / BENCH_PG_DB / BENCH_SQLITE: a port and databases of one's own when several people
# share the machine (the database is dropped and created again).
PORT = int(os.environ.get("BENCH_PORT", "8765"))
PG_DB = os.environ.get("BENCH_PG_DB", "phongdich_bench_http")
SQLITE_PATH = os.environ.get(
    "BENCH_SQLITE", str(Path(tempfile.gettempdir()) / "phongdich-bench-http.sqlite3")
)
DOCS = ROOT / "docs" / "benchmarks.md"
SECTION = "## Check-in over HTTP"
GUARD_POLL_SECONDS = 1.5  # the console's hx-trigger="every 1500ms"
NOTES = "### What limits it"


def env_for(db: str) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        DJANGO_SETTINGS_MODULE="benchmarks.bench_settings",
        DEBUG="0",
        SECRET_KEY="bench-" + "x" * 60,
        ALLOWED_HOSTS="127.0.0.1",
        # A key of the benchmark's own: production settings refuse the published one.
        FIELD_ENCRYPTION_KEYS="ikH2L25nktXCBmvDuwgFuceEtIq-EUWcEstgLrlPIyw=",
        BLIND_INDEX_KEY="bench-blind-index-key-0123456789abcdef-0123",
        PUBLIC_BASE_URL="https://checkin.example.vn",
        SECURE_SSL_REDIRECT="0",
        CHECKIN_RATE_PER_CLIENT="1000000000",  # one client address: count, never refuse
        PYTHONPATH=str(ROOT),
        STATIC_ROOT=str(Path(tempfile.gettempdir()) / "phongdich-bench-static"),
    )
    env.pop("TESTING", None)
    if db == "sqlite":
        path = Path(SQLITE_PATH)
        for suffix in ("", "-wal", "-shm"):
            Path(str(path) + suffix).unlink(missing_ok=True)
        env["DATABASE_URL"] = f"sqlite:///{path}"
    else:
        subprocess.run(
            [PY, "-c", _PG_RESET],
            check=True,
            env={**env, "ADMIN_URL": PG_ADMIN_URL + "/postgres", "BENCH_DB": PG_DB},
        )
        env["DATABASE_URL"] = f"{PG_ADMIN_URL}/{PG_DB}"
    return env


_PG_RESET = """
import os, psycopg
with psycopg.connect(os.environ["ADMIN_URL"], autocommit=True) as c:
    name = os.environ["BENCH_DB"]
    c.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    c.execute(f'CREATE DATABASE "{name}"')
"""

_SETUP = """
import json, sys
import django
django.setup()
from django.core import signing
from phongdich.checkin.services import checkin as services
from phongdich.checkin.models import DiseaseProfile, Location
from django.http import HttpResponse
from phongdich.checkin.views.public import FORM_SALT, PERSON_COOKIE, PERSON_SALT
from phongdich.org.models import Unit
unit = Unit.objects.create(code="VP", name="Văn phòng Sở")
gate = Location.objects.create(code="SO-CONG-CHINH", name="Cổng chính Sở", unit=unit)
profile = DiseaseProfile.active()
cookies = []
n = int(sys.argv[1])
for i in range(n):
    person = services.person_upsert(identity=f"+8497{i:07d}", full_name=f"Người Quay Lại {i}")
    services.declaration_create(person=person, profile=profile, answers={}, is_visitor=False)
    response = HttpResponse()
    response.set_signed_cookie(PERSON_COOKIE, str(person.pk), salt=PERSON_SALT)
    cookies.append(response.cookies[PERSON_COOKIE].value)
# The guard consoles: one guard per console, signed in through a real session.
from importlib import import_module
from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from phongdich.accounts.models import User
from phongdich.org.models import RoleAssignment
quiet = Unit.objects.create(code="TT", name="Trung tâm khác")
Location.objects.create(code="TT-CONG", name="Cổng Trung tâm", unit=quiet)
store = import_module(settings.SESSION_ENGINE).SessionStore
sessions = []
for i in range(int(sys.argv[2])):
    user = User.objects.create_user(username=f"baove{i}", password=None)
    watched = unit if sys.argv[3] == "busy" else quiet
    RoleAssignment.objects.create(user=user, role="guard", unit=watched)
    session = store()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[-1]
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.save()
    sessions.append(session.session_key)
print(json.dumps({"token": gate.poster_token, "ft": signing.dumps(gate.pk, salt=FORM_SALT),
                  "cookies": cookies, "sessions": sessions}))
"""

_POLLERS = """
import json, re, sys, threading, time, urllib.request
port, interval, seconds = int(sys.argv[1]), float(sys.argv[2]), float(sys.argv[3])
sessions = json.loads(sys.stdin.read())
stamp_re = re.compile(r'hien-tai/[?]v=([^"&]+)')
counts = {"204": 0, "200": 0, "other": 0}
latencies = []
lock = threading.Lock()
end = time.monotonic() + seconds

def console(key, offset):
    stamp = ""
    time.sleep(offset)
    while time.monotonic() < end:
        started = time.monotonic()
        request = urllib.request.Request(
            f"http://127.0.0.1:{port}/check-in/bao-ve/hien-tai/?v={stamp}",
            headers={"Cookie": f"sessionid={key}", "HX-Request": "true",
                     "X-Forwarded-Proto": "https"})
        try:
            with urllib.request.urlopen(request, timeout=30) as response:
                body = response.read().decode()
                status = str(response.status)
        except Exception:
            status, body = "other", ""
        took = time.monotonic() - started
        match = stamp_re.search(body)
        if match:
            stamp = match.group(1)
        with lock:
            counts[status if status in counts else "other"] += 1
            latencies.append(took * 1000)
        time.sleep(max(0.0, interval - took))

threads = [threading.Thread(target=console, args=(key, i * interval / max(1, len(sessions))))
           for i, key in enumerate(sessions)]
for thread in threads: thread.start()
for thread in threads: thread.join()
latencies.sort()
def p(q):
    return latencies[min(len(latencies) - 1, int(q * len(latencies)))] if latencies else -1
print(json.dumps({**counts, "p50": p(0.5), "p99": p(0.99)}))
"""

LUA_FIRST = """
local counter = 0
local id = 0
function setup(thread) id = id + 1; thread:set("tid", id) end
function request()
  counter = counter + 1
  local phone = string.format("09%d%07d", tid % 10, counter)
  local body = "ft={{ft}}&full_name=Nguy%E1%BB%85n+V%C4%83n+Kh%C3%A1ch&phone=" .. phone ..
    "&is_visitor=0&q_contact=0&q_outbreak_travel=0&q_vaccine_doses=2&consent=on"
  return wrk.format("POST", "/c/{{token}}",
    {["Content-Type"] = "application/x-www-form-urlencoded"}, body)
end
"""

LUA_ONE_TAP = """
local cookies = {{{cookies}}}
local counter = 0
function request()
  counter = counter + 1
  local cookie = cookies[(counter % #cookies) + 1]
  return wrk.format("POST", "/c/{{token}}",
    {["Content-Type"] = "application/x-www-form-urlencoded", ["Cookie"] = "pd_person=" .. cookie},
    "ft={{ft}}&mode=quick")
end
"""

LUA_BARE = """
function request() return wrk.format("GET", "/bench/bare") end
"""


def fill(template: str, **values: str) -> str:
    for key, value in values.items():
        template = template.replace("{{" + key + "}}", value)
    return template


def start_server(env: dict[str, str], workers: int, threads: int = 1) -> subprocess.Popen[bytes]:
    server = subprocess.Popen(
        [
            GUNICORN,
            "phongdich.wsgi",
            "--workers",
            str(workers),
            "--threads",  # 1: the sync worker; more: gthread
            str(threads),
            "--bind",
            f"127.0.0.1:{PORT}",
            "--log-level",
            "warning",
            "--backlog",
            "2048",
        ],
        cwd=ROOT,
        env=env,
    )
    for _ in range(100):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{PORT}/bench/ping", timeout=1)  # noqa: S310
            return server
        except OSError:
            time.sleep(0.1)
    server.kill()
    raise SystemExit("gunicorn did not start")


def run_wrk(script: str, *, duration: int, connections: int) -> dict[str, float]:
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as handle:
        handle.write(script)
    out = subprocess.run(
        [
            "wrk",
            "-t2",
            f"-c{connections}",
            f"-d{duration}s",
            "--latency",
            "-s",
            handle.name,
            f"http://127.0.0.1:{PORT}",
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    os.unlink(handle.name)
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))  # type: ignore[union-attr]
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    socket_errors = re.search(r"Socket errors: (.*)", out)

    def pct(p: str) -> float:
        match = re.search(rf"\s{p}%\s+([\d.]+)(us|ms|s)", out)
        if not match:
            return float("nan")
        value, unit = float(match.group(1)), match.group(2)
        return value / 1000 if unit == "us" else value * 1000 if unit == "s" else value

    return {
        "rps": rps,
        "p50": pct("50"),
        "p99": pct("99"),
        "bad": float(errors.group(1)) if errors else 0.0,
        "socket_errors": socket_errors.group(1) if socket_errors else "",  # type: ignore[dict-item]
    }


def count_visits(env: dict[str, str]) -> int:
    code = (
        "import django; django.setup(); "
        "from phongdich.checkin.models import Visit; print(Visit.objects.count())"
    )
    out = subprocess.run([PY, "-c", code], env=env, capture_output=True, text=True, check=True)
    return int(out.stdout.strip())


def bench(db: str, args: argparse.Namespace) -> dict[str, dict[str, float]]:
    env = env_for(db)
    subprocess.run([PY, "manage.py", "migrate", "-v0"], cwd=ROOT, env=env, check=True)
    subprocess.run(
        [PY, "manage.py", "collectstatic", "--noinput", "-v0"], cwd=ROOT, env=env, check=True
    )
    setup = subprocess.run(
        [PY, "-c", _SETUP, str(args.returning), str(args.guard_consoles), args.guard_gate],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    )
    info = json.loads(setup.stdout.strip().splitlines()[-1])
    cookies = ",".join(json.dumps(c) for c in info["cookies"])
    scripts = {
        "bare": LUA_BARE,
        "first": fill(LUA_FIRST, ft=info["ft"], token=info["token"]),
        "one-tap": fill(LUA_ONE_TAP, ft=info["ft"], token=info["token"], cookies=cookies),
    }
    results: dict[str, dict[str, float]] = {}
    server = start_server(env, args.workers, args.threads)
    try:
        run_wrk(LUA_BARE, duration=3, connections=args.connections)  # warm up
        for name in args.scenarios:
            runs = [(name, False)]
            if args.guard_consoles and name != "bare":
                runs.append((f"{name} + {args.guard_consoles} consoles", True))
            for label, polling in runs:
                before = count_visits(env)
                pollers = start_pollers(info["sessions"], args) if polling else None
                results[label] = run_wrk(
                    scripts[name], duration=args.duration, connections=args.connections
                )
                results[label]["visits"] = count_visits(env) - before
                if pollers is not None:
                    out, _ = pollers.communicate(timeout=args.duration + 60)
                    results[label]["polls"] = json.loads(out.strip().splitlines()[-1])
                print(db, label, results[label], flush=True)
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)
    return results


def start_pollers(sessions: list[str], args: argparse.Namespace) -> subprocess.Popen[str]:
    """N guard consoles polling every 1.5 s for the scenario's duration (one process,
    one thread per console, staggered evenly over the interval)."""
    process = subprocess.Popen(
        [PY, "-c", _POLLERS, str(PORT), str(GUARD_POLL_SECONDS), str(args.duration)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert process.stdin is not None
    process.stdin.write(json.dumps(sessions))
    process.stdin.close()
    process.stdin = None  # communicate() must not flush the closed pipe
    return process


def machine() -> str:
    cpu = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return f"{os.cpu_count()} cores, {cpu}, Python {platform.python_version()}"


def write_docs(
    all_results: dict[str, dict[str, dict[str, float]]], args: argparse.Namespace
) -> None:
    lines = [
        SECTION,
        "",
        f"Measured {time.strftime('%Y-%m-%d')} on {machine()}; gunicorn {args.workers} "
        + ("sync workers" if args.threads == 1 else f"gthread workers × {args.threads} threads")
        + f", wrk 2 threads × {args.connections} connections × {args.duration} s, load "
        "generator on the same cores; production settings (DEBUG=0).",
        "",
        "Reproduce: `.venv/bin/python benchmarks/checkin_http.py --write-docs` "
        "(needs `apt-get install wrk` and a PostgreSQL server).",
        "",
        "| database | scenario | requests/s | % of bare insert | p50 ms | p99 ms | rows checked |",
        "|---|---|---:|---:|---:|---:|---:|",
    ]
    for db, results in all_results.items():
        ceiling = results.get("bare", {}).get("rps") or float("nan")
        for name, r in results.items():
            share = "—" if name == "bare" else f"{100 * r['rps'] / ceiling:.0f}%"
            lines.append(
                f"| {db} | {name} | {r['rps']:.0f} | {share} | {r['p50']:.1f} | {r['p99']:.1f} "
                f"| {int(r.get('visits', 0)) if name != 'bare' else '—'} |"
            )
    lines.append("")
    body = "\n".join(lines) + "\n"
    text = DOCS.read_text() if DOCS.exists() else "# Benchmarks\n\n"
    if SECTION in text:
        start = text.index(SECTION)
        end = text.find("\n## ", start + len(SECTION))
        old = text[start : end + 1 if end != -1 else len(text)]
        if NOTES in old:  # the hand-written analysis under the table stays
            body = body.rstrip("\n") + "\n\n" + old[old.index(NOTES) :].rstrip() + "\n\n"
        text = text[:start] + body + (text[end + 1 :] if end != -1 else "")
    else:
        text = text.rstrip() + "\n\n" + body
    DOCS.write_text(text)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--db", nargs="+", default=["sqlite", "postgres"], choices=["sqlite", "postgres"]
    )
    parser.add_argument("--scenarios", nargs="+", default=["bare", "first", "one-tap"])
    parser.add_argument("--duration", type=int, default=20)
    parser.add_argument("--connections", type=int, default=50)
    parser.add_argument("--workers", type=int, default=3)
    parser.add_argument("--threads", type=int, default=1, help="more than 1: gthread workers")
    parser.add_argument("--returning", type=int, default=2000)
    parser.add_argument("--guard-consoles", type=int, default=0, help="N consoles polling")
    parser.add_argument("--guard-gate", choices=["quiet", "busy"], default="quiet")
    parser.add_argument("--write-docs", action="store_true")
    args = parser.parse_args()
    results = {db: bench(db, args) for db in args.db}
    print(textwrap.indent(json.dumps(results, indent=2), "  "))
    if args.write_docs:
        write_docs(results, args)


if __name__ == "__main__":
    main()
