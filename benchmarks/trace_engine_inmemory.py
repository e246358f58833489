"""Micro benchmark: F1+F2 of a busy case at province scale with the in-memory store.

Synthetic province: 200,000 people, 5,000 locations, 14 days, 2,000,000
check-ins. Every person has a home district where they do most of their
check-ins; most have a workplace; the rest are visits to shops and to busy
places (markets, supermarkets, hospitals) whose popularity follows a
Zipf-like law. Some check-outs are missing. The case is a vendor at the
busiest market of their district who also eats out and shops.

Run:  .venv/bin/python benchmarks/trace_engine_inmemory.py [--people N] [--seed S]

Not part of the test run. Generation takes a while and is timed separately;
the figure that matters is the trace time.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from collections.abc import Collection, Iterator, Sequence
from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tracing_engine import (  # noqa: E402
    Case,
    CheckinRecord,
    InMemoryStore,
    LocationWindow,
    Params,
    StoredRecord,
    TraceResult,
    trace,
)

VN = ZoneInfo("Asia/Ho_Chi_Minh")
START = datetime(2021, 9, 1, tzinfo=VN)
DAYS = 14
DISTRICTS = 24


class CountingStore:
    """Wraps a store to count questions and records returned."""

    def __init__(self, inner: InMemoryStore) -> None:
        self.inner = inner
        self.calls = 0
        self.returned = 0
        self.windows = 0

    def records_of(
        self, persons: Collection[str], start: datetime, end: datetime, *, open_visit: timedelta
    ) -> Iterator[StoredRecord]:
        self.calls += 1
        for stored in self.inner.records_of(persons, start, end, open_visit=open_visit):
            self.returned += 1
            yield stored

    def records_at(
        self, windows: Sequence[LocationWindow], *, open_visit: timedelta
    ) -> Iterator[StoredRecord]:
        self.calls += 1
        self.windows += len(windows)
        for stored in self.inner.records_at(windows, open_visit=open_visit):
            self.returned += 1
            yield stored


def generate(
    people: int, locations: int, checkins: int, seed: int
) -> tuple[list[CheckinRecord], str, str]:
    """Synthetic check-ins of a province and the phone number of a busy case.

    The province has DISTRICTS districts. A place is a workplace (60 %), a
    shop or eatery (30 %) or a busy place: market, supermarket, hospital
    (10 %, popularity Zipf-like within the district). Every person lives in
    a district (their home area) and mostly checks in there; 60 % have a
    workplace. Check-outs are missing for 15-20 % of visits.
    """
    rng = random.Random(seed)
    phones = [f"+849{n:08d}" for n in rng.sample(range(10**8), people)]
    per_district = max(1, locations // DISTRICTS)
    works: list[list[str]] = []
    shops: list[list[str]] = []
    busy: list[list[str]] = []
    for d in range(DISTRICTS):
        n_work = per_district * 60 // 100
        n_shop = per_district * 30 // 100
        n_busy = max(1, per_district - n_work - n_shop)
        works.append([f"D{d:02d}-WORK-{i:03d}" for i in range(n_work)])
        shops.append([f"D{d:02d}-SHOP-{i:03d}" for i in range(n_shop)])
        busy.append([f"D{d:02d}-BUSY-{i:03d}" for i in range(n_busy)])
    busy_cum = list(_accumulate([1 / (rank + 1) ** 0.7 for rank in range(len(busy[0]))]))
    home = [rng.randrange(DISTRICTS) for _ in range(people)]
    work_of = [rng.choice(works[home[i]]) if rng.random() < 0.6 else None for i in range(people)]

    records: list[CheckinRecord] = []
    per_person = checkins / people
    day_starts = [START + timedelta(days=d) for d in range(DAYS)]
    for i, phone in enumerate(phones):
        n = max(1, round(rng.gauss(per_person, per_person / 2)))
        for _ in range(n):
            day = rng.choice(day_starts)
            kind = rng.random()
            work = work_of[i]
            district = home[i] if rng.random() < 0.85 else rng.randrange(DISTRICTS)
            if kind < 0.4 and work is not None:  # work: morning, long, sometimes no check-out
                t = day + timedelta(minutes=rng.randint(6 * 60 + 30, 9 * 60 + 30))
                stay = None if rng.random() < 0.2 else timedelta(minutes=rng.randint(180, 560))
                place = work
            elif kind < 0.8:  # shop or eatery
                t = day + timedelta(minutes=rng.randint(10 * 60, 21 * 60))
                stay = None if rng.random() < 0.15 else timedelta(minutes=rng.randint(10, 90))
                place = rng.choice(shops[district])
            else:  # busy place
                t = day + timedelta(minutes=rng.randint(6 * 60, 20 * 60))
                stay = None if rng.random() < 0.15 else timedelta(minutes=rng.randint(15, 120))
                place = busy[district][_pick(busy_cum, rng)]
            records.append(CheckinRecord(phone, place, t, None if stay is None else t + stay))

    # The case: a vendor at the busiest market of their district, who also
    # eats out and visits the second busiest place, every day of the last week.
    case = phones[0]
    district = home[0]
    for d in range(7, DAYS):
        day = day_starts[d]
        market, other = busy[district][0], busy[district][1]
        records.append(
            CheckinRecord(
                case, market, day + timedelta(hours=5, minutes=30), day + timedelta(hours=11)
            )
        )
        records.append(CheckinRecord(case, rng.choice(shops[district]), day + timedelta(hours=12)))
        records.append(
            CheckinRecord(case, other, day + timedelta(hours=15), day + timedelta(hours=16))
        )
    # A second, busier case: a delivery driver through the busiest place of six
    # districts every day of the last week, half an hour to an hour each.
    driver = phones[1]
    for d in range(7, DAYS):
        day = day_starts[d] + timedelta(hours=7)
        for k in range(6):
            place = busy[(home[1] + k) % DISTRICTS][0]
            stay = timedelta(minutes=rng.randint(30, 60))
            records.append(CheckinRecord(driver, place, day, day + stay))
            day += timedelta(hours=2)
    return records, case, driver


def _accumulate(weights: list[float]) -> Iterator[float]:
    total = 0.0
    for w in weights:
        total += w
        yield total


def _pick(cumulative: list[float], rng: random.Random) -> int:
    from bisect import bisect_left

    return min(bisect_left(cumulative, rng.random() * cumulative[-1]), len(cumulative) - 1)


def run(store: InMemoryStore, case: Case, repeat: int) -> TraceResult:
    result: TraceResult | None = None
    for depth in (1, 2):
        params = Params(depth=depth)
        timings = []
        cpu = []
        for _ in range(repeat):
            counting = CountingStore(store)
            started, started_cpu = time.perf_counter(), time.process_time()
            result = trace(counting, case, params)
            timings.append(time.perf_counter() - started)
            cpu.append(time.process_time() - started_cpu)
        assert result is not None
        levels = [sum(1 for c in result.contacts if c.level == k) for k in (1, 2)]
        print(
            f"  depth={depth}: F1={levels[0]:,} F2={levels[1]:,}  "
            f"trace min {min(timings) * 1000:.0f} ms, "
            f"median {statistics.median(timings) * 1000:.0f} ms "
            f"(CPU min {min(cpu) * 1000:.0f} ms) over {repeat} runs; "
            f"store: {counting.calls} questions, "
            f"{counting.windows:,} location windows, {counting.returned:,} records returned"
        )
    assert result is not None
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=200_000)
    parser.add_argument("--locations", type=int, default=5_000)
    parser.add_argument("--checkins", type=int, default=2_000_000)
    parser.add_argument("--seed", type=int, default=20210901)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()

    t0 = time.perf_counter()
    records, vendor, driver = generate(args.people, args.locations, args.checkins, args.seed)
    t1 = time.perf_counter()
    print(f"generated {len(records):,} check-ins in {t1 - t0:.1f} s")
    store = InMemoryStore(records)
    del records
    t2 = time.perf_counter()
    print(f"InMemoryStore built ({len(store):,} unique records) in {t2 - t1:.1f} s")

    for label, person in (("market vendor", vendor), ("delivery driver", driver)):
        case = Case(
            person,
            date(2021, 9, 12),
            isolated_at=datetime(2021, 9, 13, 12, 0, tzinfo=VN),
            as_of=datetime(2021, 9, 14, 23, 0, tzinfo=VN),
        )
        print(f"case: {label} {person}")
        result = run(store, case, args.repeat)
        started = time.perf_counter()
        text = result.to_json()
        elapsed = (time.perf_counter() - started) * 1000
        print(f"  to_json: {len(text):,} bytes in {elapsed:.0f} ms")


if __name__ == "__main__":
    main()
