"""Synthetic check-ins written as the import CSV (person,name,location,check_in,check_out).

Used by benchmarks/trace_scale.py. Deterministic: the same arguments and seed give
the same file, byte for byte.

- ``department``: about 1,000 staff and 20 gates over 30 days. Staff (60 % known by
  a staff code, the rest by a phone number) arrive in the morning through one of
  their one or two usual gates, go to their office, sometimes to a meeting room,
  to the canteen around noon, back to the office, and leave in the evening
  through a gate. A few dozen visitors a working day come through a gate to a
  meeting room. Weekends are quiet (a skeleton crew). About 15 % of the visits
  have no check-out.
- ``province``: 200,000 people, 5,000 locations, 14 days, about 2,000,000
  check-ins. 24 districts, each with workplaces (60 %), shops and eateries
  (30 %) and markets (10 %, popularity Zipf-like); 40 province-wide hubs (bus
  stations, hospitals, supermarkets). Every person has a home district and
  mostly checks in there; 60 % have a workplace; 0.5 % are market vendors (a
  stall every morning); 0.3 % are delivery drivers through hubs and markets of
  several districts every day. A person's visits of a day follow one another.
  About 15 % of the visits have no check-out.
- ``country`` (benchmarks/country_scale.py): the province generator with every count
  ×10 and the districts ×10 (240 districts, 400 hubs): ~3,000,000 people, 50,000
  locations, ~24,000,000 check-ins; a person's district is as large as in the
  province, so a location sees as many people a day as there, and a trace's fan-out
  stays a district's, not a country's.

Phone numbers are written in mixed formats (``09…``, ``+849…``, ``849…``,
``09xx.xxx.xxx``, ``+84 9xx xxx xxx``, ``09xx-xxx-xxx``), a different one on each row.
"""

from __future__ import annotations

import random
from bisect import bisect_left
from collections.abc import Callable
from datetime import date, datetime, timedelta
from itertools import accumulate
from pathlib import Path

TZ = "+07:00"
HEADER = "person,name,location,check_in,check_out\n"
MISSING_CHECKOUT = 0.15

FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi"]
MIDDLE = ["Văn", "Thị", "Hữu", "Đức", "Minh", "Ngọc", "Thanh", "Quốc", "Thu", "Gia"]
GIVEN = ["An", "Bình", "Chi", "Dũng", "Giang", "Hà", "Hải", "Hùng", "Lan", "Linh", "Mai",
         "Nam", "Phúc", "Quân", "Sơn", "Tâm", "Thảo", "Trang", "Tuấn", "Vy", "Yến"]  # fmt: skip

# National number "9xxxxxxxx" (9 digits) -> one written form.
FORMATS: list[Callable[[str], str]] = [
    lambda n: f"0{n}",
    lambda n: f"+84{n}",
    lambda n: f"84{n}",
    lambda n: f"0{n[:3]}.{n[3:6]}.{n[6:]}",
    lambda n: f"+84 {n[:3]} {n[3:6]} {n[6:]}",
    lambda n: f"0{n[:3]}-{n[3:6]}-{n[6:]}",
]


def _name(rng: random.Random) -> str:
    return f"{rng.choice(FAMILY)} {rng.choice(MIDDLE)} {rng.choice(GIVEN)}"


def _nationals(rng: random.Random, count: int) -> list[str]:
    """Distinct 9-digit mobile national numbers (first digit 3, 5, 7, 8 or 9)."""
    return [f"{'35789'[n % 5]}{n // 5:08d}" for n in rng.sample(range(5 * 10**8), count)]


class _Writer:
    """Buffered CSV rows; times are minutes since the first day's local midnight."""

    def __init__(self, path: Path, start: date, rng: random.Random) -> None:
        self.out = open(path, "w", encoding="utf-8", newline="")  # noqa: SIM115
        self.out.write(HEADER)
        self.buffer: list[str] = []
        self.rows = 0
        self.rng = rng
        self.base = datetime(start.year, start.month, start.day)
        self._stamps: dict[int, str] = {}

    def stamp(self, minute: int) -> str:
        text = self._stamps.get(minute)
        if text is None:
            text = (self.base + timedelta(minutes=minute)).strftime("%Y-%m-%dT%H:%M:00") + TZ
            self._stamps[minute] = text
        return text

    def row(self, person: str, name: str, location: str, ci: int, co: int | None) -> None:
        """``co`` None, or a random 15 % of the rows: no check-out. A stay that the
        schedule squeezed to nothing (``co <= ci``) is not written."""
        if co is not None and co <= ci:
            return
        if co is not None and self.rng.random() < MISSING_CHECKOUT:
            co = None
        out = "" if co is None else self.stamp(co)
        self.buffer.append(f"{person},{name},{location},{self.stamp(ci)},{out}\n")
        self.rows += 1
        if len(self.buffer) >= 100_000:
            self.flush()

    def flush(self) -> None:
        self.out.writelines(self.buffer)
        self.buffer.clear()

    def close(self) -> None:
        self.flush()
        self.out.close()


DAY = 24 * 60


def department(path: Path, *, staff: int = 1000, gates: int = 20, days: int = 30,
               start: date = date(2021, 9, 1), seed: int = 2021) -> int:  # fmt: skip
    """Write the department CSV; return the number of rows."""
    rng = random.Random(seed)
    w = _Writer(path, start, rng)
    gate_codes = [f"CONG-{g:02d}" for g in range(1, gates + 1)]
    offices = [f"PHONG-{u:02d}" for u in range(1, 51)]
    meeting = [f"HOP-{m:02d}" for m in range(1, 16)]
    canteens = ["NHA-AN-1", "NHA-AN-2"]
    nationals = _nationals(rng, staff + 3000)
    people = []
    for i in range(staff):
        ident = f"CB{i + 1:04d}" if rng.random() < 0.6 else nationals[i]
        usual = rng.sample(gate_codes, rng.choice((1, 1, 2)))
        people.append((ident, _name(rng), usual, offices[i % len(offices)], rng.choice(canteens)))
    visitors = nationals[staff:]

    def who(ident: str) -> str:
        return ident if ident.startswith("CB") else rng.choice(FORMATS)(ident)

    for d in range(days):
        base = d * DAY
        weekday = (start + timedelta(days=d)).weekday()
        present = 0.93 if weekday < 5 else 0.06
        for ident, name, usual, office, canteen in people:
            if rng.random() >= present:
                continue
            person = who(ident)
            nm = name if rng.random() < 0.2 else ""
            t = base + rng.randint(7 * 60, 8 * 60 + 40)
            gate = rng.choice(usual)
            w.row(person, nm, gate, t, t + rng.randint(1, 4))
            t += rng.randint(3, 10)
            lunch = base + rng.randint(11 * 60 + 20, 12 * 60 + 10)
            leave = base + rng.randint(16 * 60 + 30, 18 * 60 + 15)
            if weekday < 5 and rng.random() < 0.35:  # a morning meeting
                m = base + rng.randint(8 * 60 + 30, 10 * 60)
                w.row(person, "", office, t, m - 2)
                end = min(m + rng.randint(30, 120), lunch - 5)
                w.row(person, "", rng.choice(meeting), m, end)
                t = end + 2
            w.row(person, "", office, t, lunch - 2)
            after = lunch + rng.randint(20, 45)
            w.row(person, "", canteen, lunch, after)
            t = after + rng.randint(5, 20)
            if weekday < 5 and rng.random() < 0.35:  # an afternoon meeting
                m = base + rng.randint(13 * 60 + 30, 15 * 60 + 30)
                m = max(m, t + 5)
                w.row(person, "", office, t, m - 2)
                end = min(m + rng.randint(30, 120), leave - 5)
                w.row(person, "", rng.choice(meeting), m, end)
                t = end + 2
            w.row(person, "", office, t, leave - 3)
            w.row(person, "", rng.choice(usual), leave, leave + rng.randint(1, 4))
        if weekday < 5:
            for _ in range(rng.randint(20, 60)):
                phone = rng.choice(visitors)
                person = rng.choice(FORMATS)(phone)
                nm = _name(rng) if rng.random() < 0.5 else ""
                t = base + rng.randint(8 * 60, 16 * 60)
                gate = rng.choice(gate_codes)
                w.row(person, nm, gate, t, t + rng.randint(2, 8))
                m = t + rng.randint(5, 15)
                end = m + rng.randint(30, 90)
                w.row(person, "", rng.choice(meeting), m, end)
                if rng.random() < 0.3:
                    w.row(person, "", rng.choice(canteens), end + 5, end + rng.randint(25, 45))
                    end += 50
                w.row(person, "", gate, end + 5, end + rng.randint(7, 12))
    w.close()
    return w.rows


DISTRICTS = 24
HUBS = 40


def province(path: Path, *, people: int = 200_000, locations: int = 5_000, days: int = 14,
             checkins: int = 2_000_000, start: date = date(2021, 9, 1),
             seed: int = 20210901, districts: int = DISTRICTS,
             n_hubs: int = HUBS) -> int:  # fmt: skip
    """Write the province CSV; return the number of rows (about ``checkins``).

    ``districts`` and ``n_hubs`` (multiples of 4) scale the map (``country``)."""
    DISTRICTS, HUBS = districts, n_hubs  # noqa: N806 - the module's defaults, scaled
    rng = random.Random(seed)
    w = _Writer(path, start, rng)
    per_district = (locations - HUBS) // DISTRICTS
    works, shops, markets = [], [], []
    for d in range(DISTRICTS):
        n_work = per_district * 60 // 100
        n_shop = per_district * 30 // 100
        n_market = per_district - n_work - n_shop
        q = f"Q{d:02d}" if DISTRICTS <= 100 else f"Q{d:03d}"
        works.append([f"{q}-CS-{i:03d}" for i in range(n_work)])
        shops.append([f"{q}-CH-{i:03d}" for i in range(n_shop)])
        markets.append([f"{q}-CHO-{i:02d}" for i in range(n_market)])
    hubs = [f"TT-{kind}-{i:02d}" for i, kind in enumerate(["BENXE", "BENHVIEN", "SIEUTHI",
                                                           "GA"] * (HUBS // 4))]  # fmt: skip
    market_cum = list(accumulate(1 / (r + 1) ** 0.8 for r in range(len(markets[0]))))
    hub_cum = list(accumulate(1 / (r + 1) ** 0.9 for r in range(len(hubs))))

    def pick(cum: list[float]) -> int:
        return min(bisect_left(cum, rng.random() * cum[-1]), len(cum) - 1)

    nationals = _nationals(rng, people)
    mean = checkins / people * 0.97  # vendors and drivers add the rest
    for i in range(people):
        national = nationals[i]
        name = _name(rng)
        home = rng.randrange(DISTRICTS)
        role = rng.random()
        work = None
        if role < 0.6:
            district = home if rng.random() < 0.85 else rng.randrange(DISTRICTS)
            work = rng.choice(works[district])
        vendor = 0.6 <= role < 0.605
        driver = 0.605 <= role < 0.608
        n = max(1, round(rng.gauss(mean, mean / 2)))
        per_day = [0] * days
        for _ in range(n):
            per_day[rng.randrange(days)] += 1
        named = rng.random() < 0.3
        stall = markets[home][pick(market_cum)]
        for d in range(days):
            base = d * DAY
            visits: list[tuple[str, int, int]] = []  # (location, check_in, stay)
            t = base + rng.randint(6 * 60, 10 * 60)
            if vendor:
                t = base + rng.randint(4 * 60 + 30, 5 * 60 + 30)
                visits.append((stall, t, rng.randint(300, 420)))
                t += visits[-1][2] + rng.randint(20, 90)
            if driver:
                t = base + rng.randint(6 * 60 + 30, 8 * 60)
                for _ in range(rng.randint(4, 8)):
                    if rng.random() < 0.5:
                        place = hubs[pick(hub_cum)]
                    else:
                        place = markets[rng.randrange(DISTRICTS)][pick(market_cum)]
                    stay = rng.randint(15, 45)
                    visits.append((place, t, stay))
                    t += stay + rng.randint(20, 60)
            for k in range(per_day[d]):
                kind = rng.random()
                district = home if rng.random() < 0.85 else rng.randrange(DISTRICTS)
                if k == 0 and work is not None and kind < 0.6:
                    t = base + rng.randint(6 * 60 + 30, 9 * 60)
                    visits.append((work, t, rng.randint(180, 560)))
                elif kind < 0.65:
                    t = max(t, base + rng.randint(9 * 60, 19 * 60))
                    visits.append((rng.choice(shops[district]), t, rng.randint(10, 90)))
                elif kind < 0.9:
                    t = max(t, base + rng.randint(5 * 60 + 30, 17 * 60))
                    visits.append((markets[district][pick(market_cum)], t, rng.randint(15, 120)))
                else:
                    t = max(t, base + rng.randint(6 * 60, 18 * 60))
                    visits.append((hubs[pick(hub_cum)], t, rng.randint(20, 180)))
                t = visits[-1][1] + visits[-1][2] + rng.randint(10, 120)
            for place, ci, stay in visits:
                if ci >= base + 22 * 60 + 30:
                    break
                person = rng.choice(FORMATS)(national)
                w.row(person, name if named and rng.random() < 0.3 else "", place, ci, ci + stay)
    w.close()
    return w.rows


def country(path: Path, *, scale: int = 10, people: int = 300_000, locations: int = 5_000,
            days: int = 14, checkins: int = 2_400_000, start: date = date(2021, 9, 1),
            seed: int = 20210901) -> int:  # fmt: skip
    """The province set with people, locations, check-ins, districts and hubs ×``scale``
    (``scale`` 1: the province set of benchmarks/country_scale.py)."""
    return province(
        path, people=people * scale, locations=locations * scale, days=days,
        checkins=checkins * scale, start=start, seed=seed, districts=DISTRICTS * scale,
        n_hubs=HUBS * scale,
    )  # fmt: skip
