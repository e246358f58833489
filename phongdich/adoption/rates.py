"""The arithmetic of adoption rates, apart from the database (the selectors feed it).

A person's status for an app at a moment is their last declaration event strictly
before it. A person counts for an app when the app is for them (``audience``); they
have adopted when every counted app is installed or in use. The denominator is every
counted person, or only those with a smartphone (nobody who answered "no smartphone"
for some app at that moment). Rates are exact fractions, so ties are ties.
"""

from __future__ import annotations

import datetime as dt
from bisect import bisect_left
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from django.utils import timezone

from phongdich.adoption.models import ADOPTED, Denominator, Status


@dataclass
class Tally:
    counted: int = 0  # people the apps are for
    adopted: int = 0
    declared: int = 0
    no_smartphone: int = 0

    def denominator(self, kind: str) -> int:
        if kind == Denominator.SMARTPHONE:
            return self.counted - self.no_smartphone
        return self.counted

    def rate(self, kind: str) -> Fraction | None:
        base = self.denominator(kind)
        return Fraction(self.adopted, base) if base else None

    def percent(self, kind: str) -> float | None:
        rate = self.rate(kind)
        return round(float(rate) * 100, 1) if rate is not None else None

    def add(self, other: Tally) -> None:
        self.counted += other.counted
        self.adopted += other.adopted
        self.declared += other.declared
        self.no_smartphone += other.no_smartphone


class Timeline:
    """Every (staff, app)'s declaration events, for "what was the status at moment m"."""

    def __init__(self, events: Iterable[tuple[int, int, str, dt.datetime]]) -> None:
        times: dict[tuple[int, int], list[dt.datetime]] = defaultdict(list)
        states: dict[tuple[int, int], list[str]] = defaultdict(list)
        phones: dict[int, list[tuple[dt.datetime, int, str]]] = defaultdict(list)
        for staff_id, app_id, status, at in sorted(events, key=lambda e: e[3]):
            times[(staff_id, app_id)].append(at)
            states[(staff_id, app_id)].append(status)
            phones[staff_id].append((at, app_id, status))
        self._times, self._states, self._phones = times, states, phones

    def status(self, staff_id: int, app_id: int, moment: dt.datetime) -> str | None:
        key = (staff_id, app_id)
        index = bisect_left(self._times.get(key, []), moment)
        return self._states[key][index - 1] if index else None

    def without_smartphone(self, staff_id: int, moment: dt.datetime) -> bool:
        latest: dict[int, str] = {}
        for at, app_id, status in self._phones.get(staff_id, []):
            if at >= moment:
                break
            latest[app_id] = status
        return Status.NO_SMARTPHONE in latest.values()


def tally_person(
    staff: Any,
    apps: Sequence[Any],
    timeline: Timeline,
    moment: dt.datetime,
    applies: Callable[[Any, Any], bool],
) -> Tally | None:
    """This person's contribution (None: none of the apps is for them)."""
    mine = [app for app in apps if applies(app, staff)]
    if not mine:
        return None
    statuses = [timeline.status(staff.pk, app.pk, moment) for app in mine]
    return Tally(
        counted=1,
        adopted=int(all(s in ADOPTED for s in statuses)),
        declared=int(any(s is not None for s in statuses)),
        no_smartphone=int(timeline.without_smartphone(staff.pk, moment)),
    )


def competition_ranks(values: Sequence[Fraction | None]) -> list[int | None]:
    """1, 2, 2, 4: equal rates share a rank, the next rank skips; None is unranked."""
    ordered = sorted((v for v in values if v is not None), reverse=True)
    first: dict[Fraction, int] = {}
    for position, value in enumerate(ordered, start=1):
        first.setdefault(value, position)
    return [first[v] if v is not None else None for v in values]


@dataclass(frozen=True)
class Week:
    """An ISO week: Monday to Sunday."""

    monday: dt.date

    @classmethod
    def of(cls, day: dt.date) -> Week:
        return cls(day - dt.timedelta(days=day.weekday()))

    @property
    def sunday(self) -> dt.date:
        return self.monday + dt.timedelta(days=6)

    @property
    def number(self) -> int:
        return self.monday.isocalendar().week

    @property
    def year(self) -> int:
        return self.monday.isocalendar().year

    @property
    def previous(self) -> Week:
        return Week(self.monday - dt.timedelta(days=7))

    @property
    def end(self) -> dt.datetime:
        """The first moment after the week (next Monday 00:00, local time)."""
        return local_midnight(self.monday + dt.timedelta(days=7))

    @property
    def label(self) -> str:
        return f"{self.number:02d}/{self.year} ({self.monday:%d/%m}–{self.sunday:%d/%m})"


def local_midnight(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


def moment_after(day: dt.date) -> dt.datetime:
    """The end of ``day`` (the next local midnight): the moment a day's figures are read."""
    return local_midnight(day + dt.timedelta(days=1))
