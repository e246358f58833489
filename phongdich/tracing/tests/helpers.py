"""Shared helpers of the tracing app's tests: random check-in data and loading it."""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from phongdich.checkin.services.imports import import_records
from tracing_engine import CheckinRecord

VN = ZoneInfo("Asia/Ho_Chi_Minh")
BASE = datetime(2021, 9, 8, tzinfo=VN)
ONSET = date(2021, 9, 10)
AS_OF = datetime(2021, 9, 12, 9, 0, tzinfo=VN)
PEOPLE = [f"+849123456{n:02d}" for n in range(14)] + ["NV-01", "NV-02"]
LOCATIONS = ["CONG-A", "CONG-B", "CONG-C", "PHONG-1"]
DURATIONS = [60, 899, 900, 901, 1800, 3600, 8 * 3600 - 1, 8 * 3600, 8 * 3600 + 1, 12 * 3600]


def at(day: int, hour: int, minute: int = 0, second: int = 0) -> datetime:
    """A local (Asia/Ho_Chi_Minh) time in September 2021."""
    return datetime(2021, 9, day, hour, minute, second, tzinfo=VN)


def random_records(seed: int, count: int, people: int = len(PEOPLE)) -> list[CheckinRecord]:
    """Check-ins over four days on a 15-minute grid plus odd seconds, about a third
    without a check-out, some across local midnight."""
    rng = random.Random(seed)
    records: list[CheckinRecord] = []
    for _ in range(count):
        person = rng.choice(PEOPLE[:people])
        start = BASE + timedelta(
            minutes=rng.randrange(-6 * 60, 4 * 1440, 15), seconds=rng.choice([0, 0, 0, 1, 59])
        )
        out = None
        if rng.random() > 0.35:
            out = start + timedelta(seconds=rng.choice(DURATIONS))
        records.append(CheckinRecord(person, rng.choice(LOCATIONS), start, out))
    return list(dict.fromkeys(records))


def as_rows(records: list[CheckinRecord]) -> list[tuple[str, str, datetime, datetime | None]]:
    return [
        (
            r.person,
            r.location,
            r.check_in.astimezone(UTC),
            None if r.check_out is None else r.check_out.astimezone(UTC),
        )
        for r in dict.fromkeys(records)
    ]


def load(records: list[CheckinRecord]) -> None:
    """Store records as the bulk importer does (effective ends included)."""
    import_records(as_rows(records), {})
