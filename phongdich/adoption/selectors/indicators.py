"""Digital-work indicators: per unit and month, and the trend per unit."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone

from phongdich.adoption.models import DigitalIndicator
from phongdich.adoption.selectors.scope import editor_units, reader_units
from phongdich.org.models import Unit

TREND_MONTHS = 6


def months_back(day: dt.date, count: int) -> list[dt.date]:
    """The first days of the ``count`` months up to ``day``'s, oldest first."""
    months = []
    year, month = day.year, day.month
    for _ in range(count):
        months.append(dt.date(year, month, 1))
        month -= 1
        if month == 0:
            year, month = year - 1, 12
    return months[::-1]


@dataclass
class Trend:
    unit: Unit
    cells: list[DigitalIndicator | None]

    @property
    def latest(self) -> DigitalIndicator | None:
        return next((c for c in reversed(self.cells) if c is not None), None)

    def _direction(self, attr: str) -> int:
        known = [
            getattr(c, attr) for c in self.cells if c is not None and getattr(c, attr) is not None
        ]
        if len(known) < 2:
            return 0
        return (known[-1] > known[-2]) - (known[-1] < known[-2])

    @property
    def documents_direction(self) -> int:
        return self._direction("documents_share")

    @property
    def dossiers_direction(self) -> int:
        return self._direction("dossiers_share")


@dataclass
class IndicatorTable:
    months: list[dt.date]
    trends: list[Trend]


def indicator_table(
    *, user: Any, day: dt.date | None = None, months: int = TREND_MONTHS
) -> IndicatorTable:
    """The last ``months`` months for every unit the user reads; 2 queries."""
    day = day or timezone.localdate()
    month_list = months_back(day, months)
    units = list(reader_units(user).filter(is_active=True).order_by("path"))
    found: dict[int, dict[dt.date, DigitalIndicator]] = defaultdict(dict)
    for indicator in DigitalIndicator.objects.filter(
        unit__in=units, month__gte=month_list[0], month__lte=month_list[-1]
    ):
        found[indicator.unit_id][indicator.month] = indicator
    trends = [
        Trend(unit=u, cells=[found[u.pk].get(m) for m in month_list])
        for u in units
        if found.get(u.pk)
    ]
    return IndicatorTable(months=month_list, trends=trends)


def indicator_units(*, user: Any) -> QuerySet[Unit]:
    """The units whose indicators ``user`` may enter."""
    return editor_units(user).filter(is_active=True)


def indicator_for(*, unit: Unit, month: dt.date) -> DigitalIndicator | None:
    return DigitalIndicator.objects.filter(unit=unit, month=month.replace(day=1)).first()
