"""CPU per check-in in one process, through Django's WSGI handler with the full
middleware stack, side by side with the bare insert (the ceiling of
``checkin_http.py``), in rounds that alternate the three requests.

    .venv/bin/python benchmarks/checkin_cpu.py [--db sqlite postgres] [--rounds 2000]
        [--profile first|one-tap|bare] [--floor]

What is counted is this process's CPU (``time.process_time``): the Python of the
request, the driver, and on SQLite the database engine itself; on PostgreSQL the
server's backend runs in another process and is not counted here (over HTTP it
competes for the same cores: see ``checkin_http.py``). Prints, per database, the
median CPU per request over blocks of 50 requests, and the ratios to the bare insert:
the ratio of the medians, and the *paired* ratio (the median over rounds of each
block's ratio to the bare block just before it: steadier when the machine's speed
drifts).
``--profile`` prints a cProfile of one scenario (sorted by own time).

``--floor`` (no profiler) splits each request's CPU into the database calls (every
statement's ``execute`` and every commit, timed around the driver) and the rest, and
times alone the primitives a check-in cannot drop without dropping a guarantee (three
Fernet encryptions, the blind indexes, the form token check, the ticket and cookie
signatures, parsing the POST body). The *floor* of a first visit is then the bare
request's non-database CPU + the check-in's database CPU + those primitives: what any
implementation would cost with this schema and these guarantees if every line of
Python between them were free. Its ratio to the bare insert is the best the 2× target
could reach.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import json
import os
import pstats
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.checkin_http import PY, ROOT, env_for  # noqa: E402

BLOCK = 50  # requests timed together (process_time's resolution is coarse)


def run_child(db: str, args: argparse.Namespace) -> dict[str, Any]:
    env = env_for(db)
    Path(env["STATIC_ROOT"]).mkdir(parents=True, exist_ok=True)
    subprocess.run([PY, "manage.py", "migrate", "-v0"], cwd=ROOT, env=env, check=True)
    child = [PY, __file__, "--child", "--rounds", str(args.rounds)]
    if args.profile:
        child += ["--profile", args.profile]
    if args.floor:
        child += ["--floor"]
    out = subprocess.run(child, cwd=ROOT, env=env, capture_output=True, text=True)
    sys.stderr.write(out.stderr)
    out.check_returncode()
    lines = out.stdout.strip().splitlines()
    print("\n".join(lines[:-1]))
    return json.loads(lines[-1])  # type: ignore[no-any-return]


def child(args: argparse.Namespace) -> None:
    import django

    django.setup()
    from django.core import signing
    from django.core.handlers.wsgi import WSGIHandler
    from django.http import HttpResponse

    from phongdich.checkin.models import DiseaseProfile, Location
    from phongdich.checkin.services import checkin as services
    from phongdich.checkin.views.public import FORM_SALT, PERSON_COOKIE, PERSON_SALT
    from phongdich.org.models import Unit

    unit = Unit.objects.create(code="VP", name="Văn phòng Sở")
    gate = Location.objects.create(code="SO-CONG-CHINH", name="Cổng chính Sở", unit=unit)
    profile = DiseaseProfile.active()
    cookies = []
    for i in range(200):
        person = services.person_upsert(identity=f"+8497{i:07d}", full_name=f"Người Quay Lại {i}")
        services.declaration_create(person=person, profile=profile, answers={}, is_visitor=False)
        response = HttpResponse()
        response.set_signed_cookie(PERSON_COOKIE, str(person.pk), salt=PERSON_SALT)
        cookies.append(response.cookies[PERSON_COOKIE].value)
    ft = signing.dumps(gate.pk, salt=FORM_SALT)
    path = f"/c/{gate.poster_token}"
    handler = WSGIHandler()
    counter = [0]

    def environ(method: str, url: str, body: bytes = b"", cookie: str = "") -> dict[str, Any]:
        env: dict[str, Any] = {
            "REQUEST_METHOD": method,
            "PATH_INFO": url,
            "QUERY_STRING": "",
            "SERVER_NAME": "127.0.0.1",
            "SERVER_PORT": "8765",
            "HTTP_HOST": "127.0.0.1",
            "REMOTE_ADDR": "127.0.0.1",
            "SERVER_PROTOCOL": "HTTP/1.1",
            "wsgi.url_scheme": "http",
            "wsgi.input": io.BytesIO(body),
            "wsgi.errors": sys.stderr,
            "wsgi.multithread": False,
            "wsgi.multiprocess": True,
            "wsgi.run_once": False,
            "wsgi.version": (1, 0),
        }
        if body:
            env["CONTENT_TYPE"] = "application/x-www-form-urlencoded"
            env["CONTENT_LENGTH"] = str(len(body))
        if cookie:
            env["HTTP_COOKIE"] = cookie
        return env

    def bare() -> dict[str, Any]:
        return environ("GET", "/bench/bare")

    def first() -> dict[str, Any]:
        counter[0] += 1
        body = urlencode(
            {
                "ft": ft,
                "full_name": "Nguyễn Văn Khách",
                "phone": f"09{counter[0]:08d}",
                "is_visitor": "0",
                "q_contact": "0",
                "q_outbreak_travel": "0",
                "q_vaccine_doses": "2",
                "consent": "on",
            }
        ).encode()
        return environ("POST", path, body)

    def one_tap() -> dict[str, Any]:
        counter[0] += 1
        cookie = f"{PERSON_COOKIE}={cookies[counter[0] % len(cookies)]}"
        return environ("POST", path, urlencode({"ft": ft, "mode": "quick"}).encode(), cookie)

    scenarios = {"bare": bare, "first": first, "one-tap": one_tap}
    statuses: dict[str, set[str]] = {name: set() for name in scenarios}

    def call(name: str) -> None:
        def start_response(status: str, headers: list[Any], exc_info: Any = None) -> None:
            statuses[name].add(status.split()[0])

        result = handler(scenarios[name](), start_response)
        for _ in result:
            pass
        result.close()  # type: ignore[attr-defined]

    for name in scenarios:  # warm up: caches, imports, compiled SQL
        for _ in range(30):
            call(name)
    if args.profile:
        profiler = cProfile.Profile()
        profiler.enable()
        for _ in range(args.rounds):
            call(args.profile)
        profiler.disable()
        out = io.StringIO()
        pstats.Stats(profiler, stream=out).sort_stats("tottime").print_stats(45)
        print(out.getvalue())
        out = io.StringIO()
        pstats.Stats(profiler, stream=out).sort_stats("cumulative").print_stats(60)
        print(out.getvalue())
        if os.environ.get("BENCH_CALLERS"):  # who calls a hot function (a name pattern)
            out = io.StringIO()
            stats = pstats.Stats(profiler, stream=out).sort_stats("tottime")
            stats.print_callers(os.environ["BENCH_CALLERS"])
            print(out.getvalue())
    samples: dict[str, list[float]] = {name: [] for name in scenarios}
    for _ in range(max(1, args.rounds // BLOCK)):
        for name in scenarios:
            started = time.process_time()
            for _ in range(BLOCK):
                call(name)
            samples[name].append((time.process_time() - started) * 1000 / BLOCK)
    result: dict[str, Any] = {name: statistics.median(v) for name, v in samples.items()}
    # Each round's blocks ran one after the other: their ratio to that round's bare block
    # is paired (the machine's speed drifts between rounds; within one it barely moves).
    result["paired"] = {
        name: statistics.median(x / b for x, b in zip(v, samples["bare"], strict=True))
        for name, v in samples.items()
    }
    if args.floor:
        result["floor"] = floor(call, list(scenarios), args.rounds, ft, cookies[0])
    result["statuses"] = {name: sorted(s) for name, s in statuses.items()}  # type: ignore[assignment]
    print(json.dumps(result))


def _per_call_us(fn: Any, n: int = 3000) -> float:
    """Median CPU of ``fn()`` in µs over 5 batches of n calls."""
    batches = []
    for _ in range(5):
        started = time.process_time()
        for _ in range(n):
            fn()
        batches.append((time.process_time() - started) * 1e6 / n)
    return statistics.median(batches)


def floor(call: Any, names: list[str], rounds: int, ft: str, cookie: str) -> dict[str, Any]:
    """Per scenario: CPU per request, of which in database calls (ms); and the
    irreducible primitives of a first visit (µs each)."""
    from django.core import signing
    from django.db import connection
    from django.http import QueryDict

    from phongdich.checkin.views.public import FORM_SALT, PERSON_SALT, RATE_PURPOSE, TICKET_SALT
    from phongdich.core.crypto import blind_index, encrypt

    in_db = [0.0]

    def wrapper(execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
        started = time.process_time()
        try:
            return execute(sql, params, many, context)
        finally:
            in_db[0] += time.process_time() - started

    wrapper_db: Any = connection  # the vendor's wrapper (its private _commit)
    plain_commit = wrapper_db._commit

    def timed_commit() -> Any:
        started = time.process_time()
        try:
            return plain_commit()
        finally:
            in_db[0] += time.process_time() - started

    wrapper_db._commit = timed_commit
    split: dict[str, dict[str, float]] = {}
    try:
        with connection.execute_wrapper(wrapper):
            for name in names:
                totals, dbs = [], []
                for _ in range(max(1, rounds // BLOCK)):
                    in_db[0] = 0.0
                    started = time.process_time()
                    for _ in range(BLOCK):
                        call(name)
                    totals.append((time.process_time() - started) * 1000 / BLOCK)
                    dbs.append(in_db[0] * 1000 / BLOCK)
                split[name] = {
                    "total": statistics.median(totals),
                    "db": statistics.median(dbs),
                }
    finally:
        del wrapper_db._commit  # the class's own method again
    body = urlencode(
        {
            "ft": ft,
            "full_name": "Nguyễn Văn Khách",
            "phone": "0912345678",
            "is_visitor": "0",
            "q_contact": "0",
            "q_outbreak_travel": "0",
            "q_vaccine_doses": "2",
            "consent": "on",
        }
    )
    answers = json.dumps({"q_contact": False, "q_outbreak_travel": False, "q_vaccine_doses": 2})
    signer = signing.get_cookie_signer(salt=PERSON_SALT)
    primitives = {
        "parse the POST body": _per_call_us(lambda: QueryDict(body).dict()),
        "form token check": _per_call_us(lambda: signing.loads(ft, salt=FORM_SALT)),
        "3 Fernet encryptions": _per_call_us(
            lambda: (encrypt("+84912345678"), encrypt("Nguyễn Văn Khách"), encrypt(answers))
        ),
        "2 blind indexes (identity, rate key)": _per_call_us(
            lambda: (
                blind_index("+84912345678", purpose="phone"),
                blind_index("+84912345678", purpose=RATE_PURPOSE),
            )
        ),
        "ticket and cookie signatures": _per_call_us(
            lambda: (signing.dumps(123456, salt=TICKET_SALT, compress=True), signer.sign(cookie))
        ),
    }
    return {"split": split, "primitives_us": primitives}


def print_floor(db: str, r: dict[str, Any]) -> None:
    split, prim = r["floor"]["split"], r["floor"]["primitives_us"]
    print(f"\n{db}: CPU per request, in database calls (execute + commit) and the rest (ms)")
    print("| request | total | database calls | rest |")
    print("|---|---:|---:|---:|")
    for name, v in split.items():
        print(f"| {name} | {v['total']:.3f} | {v['db']:.3f} | {v['total'] - v['db']:.3f} |")
    print(f"\n{db}: primitives a first visit cannot drop (µs each, alone)")
    for name, us in prim.items():
        print(f"- {name}: {us:.1f}")
    bare, first = split["bare"], split["first"]
    floor_ms = (bare["total"] - bare["db"]) + first["db"] + sum(prim.values()) / 1000
    print(
        f"\n{db}: floor of a first visit = bare's rest {bare['total'] - bare['db']:.3f}"
        f" + the check-in's database calls {first['db']:.3f}"
        f" + primitives {sum(prim.values()) / 1000:.3f} = {floor_ms:.3f} ms"
        f" = {floor_ms / bare['total']:.2f}× the bare insert ({bare['total']:.3f} ms);"
        f" measured first visit {first['total']:.3f} ms ({first['total'] / bare['total']:.2f}×)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--db", nargs="+", default=["sqlite", "postgres"], choices=["sqlite", "postgres"]
    )
    parser.add_argument("--rounds", type=int, default=1000)
    parser.add_argument("--profile", choices=["bare", "first", "one-tap"])
    parser.add_argument("--floor", action="store_true", help="the split and the floor")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args)
        return
    load = Path("/proc/loadavg").read_text().split()[0] if os.path.exists("/proc/loadavg") else ""
    print(f"load average (1 min) before: {load}")
    rows = []
    for db in args.db:
        r = run_child(db, args)
        rows.append((db, r))
    print(
        "| database | bare ms CPU | first visit ms CPU (× bare) | one-tap ms CPU (× bare) "
        "| first visit, paired × | one-tap, paired × |"
    )
    print("|---|---:|---:|---:|---:|---:|")
    for db, r in rows:
        b, paired = r["bare"], r["paired"]
        print(
            f"| {db} | {b:.2f} | {r['first']:.2f} ({r['first'] / b:.2f}×) "
            f"| {r['one-tap']:.2f} ({r['one-tap'] / b:.2f}×) "
            f"| {paired['first']:.2f}× | {paired['one-tap']:.2f}× |"
        )
        print(f"  statuses: {r['statuses']}")
    for db, r in rows:
        if "floor" in r:
            print_floor(db, r)


if __name__ == "__main__":
    main()
