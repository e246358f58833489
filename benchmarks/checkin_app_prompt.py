"""The check-in with and without the weekly app question (issue 13 item 2), in process.

    .venv/bin/python benchmarks/checkin_app_prompt.py [--rounds 300] [--db sqlite|postgres]

A fresh test database (Django's test-database machinery, the project's settings); a
gate, the seeded apps, a staff member whose phone is on the staff record and a visitor
who is not staff. Each round, alternating ``ADOPTION_CHECKIN_PROMPT`` off and on:
  post      the check-in POST of the staff member (the full form, a declaration each);
  visitor   the result page of the visitor (never asked);
  asked     the staff member's result page when the question is shown (the week's ask
            forgotten before each GET: the worst case);
  repeat    the staff member's result page once asked (the common case).
Prints the median time of each, off and on, and the ratio on/off.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=300)
    parser.add_argument("--db", choices=["sqlite", "postgres"], default="sqlite")
    args = parser.parse_args()
    if args.db == "postgres":
        os.environ.setdefault(
            "DATABASE_URL", "postgres://phongdich:phongdich@127.0.0.1:5432/phongdich_gaps"
        )
    else:
        os.environ.pop("DATABASE_URL", None)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "phongdich.settings")
    os.environ["TESTING"] = "1"
    os.environ["CHECKIN_RATE_PER_CLIENT"] = "1000000000"
    os.environ["CHECKIN_RATE_PER_PHONE"] = "1000000000"
    import django

    django.setup()
    from django.conf import settings
    from django.db import connection
    from django.test import Client, override_settings
    from django.test.utils import setup_test_environment

    setup_test_environment()
    old_name = connection.creation.create_test_db(verbosity=0, keepdb=False)
    try:
        run(args.rounds, Client, override_settings, settings)
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


def run(rounds: int, client_class, override_settings, settings) -> None:  # type: ignore[no-untyped-def]
    from phongdich.adoption.models import ReminderLog
    from phongdich.checkin.models import Location
    from phongdich.checkin.tests.public_helpers import submit
    from phongdich.core.tests.base import make_cast

    class Cast:
        pass

    cast = Cast()
    make_cast(cast)
    from phongdich.org.models import Staff

    staff = Staff.objects.get(user=cast.staff_user)  # type: ignore[attr-defined]
    staff.phone = "+84912000777"
    staff.save()
    gate = Location.objects.create(code="BENCH", name="Cổng", unit=cast.office_unit)  # type: ignore[attr-defined]

    def first_visit(phone: str, name: str):  # type: ignore[no-untyped-def]
        client = client_class()
        response = submit(client, gate, full_name=name, phone=phone)
        assert response.status_code == 302, response.content[:300]
        return client, response["Location"]

    staff_client, staff_url = first_visit("0912000777", "Cán bộ Đo")
    _, visitor_url = first_visit("0987111222", "Khách Đo")
    from phongdich.checkin.tests.public_helpers import declaration_data, form_tokens

    def post_ok(client, data) -> None:  # type: ignore[no-untyped-def]
        response = client.post(f"/c/{gate.poster_token}", data)
        assert response.status_code == 302, response.status_code

    times: dict[tuple[str, bool], list[float]] = {}

    def timed(key: tuple[str, bool], fn, *args):  # type: ignore[no-untyped-def]
        start = time.perf_counter()
        result = fn(*args)
        times.setdefault(key, []).append(time.perf_counter() - start)
        return result

    for n in range(rounds):
        on = bool(n % 2)
        with override_settings(ADOPTION_CHECKIN_PROMPT=on):
            data = {**form_tokens(staff_client, gate), **declaration_data(phone="0912000777")}
            timed(("post", on), post_ok, staff_client, data)
            timed(("visitor", on), staff_client.get, visitor_url)
            ReminderLog.objects.all().delete()
            # The staff member's first check-in of the day is the one of staff_url.
            response = timed(("asked", on), staff_client.get, staff_url)
            shown = "Bạn đã cài các ứng dụng này chưa?" in response.content.decode()
            assert shown == on, (on, shown)
            timed(("repeat", on), staff_client.get, staff_url)
    print(
        f"database: {settings.DATABASES['default']['ENGINE'].rsplit('.', 1)[-1]}, "
        f"{rounds // 2} rounds each"
    )
    print("| request | off (ms, median) | on (ms, median) | on / off |")
    print("|---|---:|---:|---:|")
    for name in ("post", "visitor", "asked", "repeat"):
        off = statistics.median(times[(name, False)]) * 1000
        on_ = statistics.median(times[(name, True)]) * 1000
        print(f"| {name} | {off:.2f} | {on_:.2f} | {on_ / off:.2f} |")


if __name__ == "__main__":
    main()
