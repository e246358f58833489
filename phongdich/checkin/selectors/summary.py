"""Check-ins per day, for the Director's home tile (``checkin/tiles.py``)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.db.models import Count, Q
from django.db.models.functions import TruncDate
from django.utils import timezone

from phongdich.checkin.models import Visit
from phongdich.checkin.selectors.log import local_day_bounds, log_units


@dataclass(frozen=True)
class Day:
    day: date
    visits: int
    risky: int  # check-ins with a declaration that has a risk factor
    pending: int  # of those, still waiting for the guard's decision


def daily_checkins(*, user: Any, today: date, days: int = 14) -> list[Day]:
    """The last ``days`` local days up to ``today`` (oldest first, every day present) in
    the units whose visitor log the user reads. One query."""
    first = today - timedelta(days=days - 1)
    start, end = local_day_bounds(first, today)
    rows = (
        Visit.objects.filter(
            unit_id_snapshot__in=log_units(user=user).values("pk"),
            check_in__gte=start,
            check_in__lt=end,
        )
        .annotate(day=TruncDate("check_in", tzinfo=timezone.get_default_timezone()))
        .order_by()
        .values("day")
        .annotate(
            n=Count("pk"),
            risky=Count("pk", filter=Q(declaration__is_risky=True)),
            pending=Count("pk", filter=Q(status=Visit.Status.PENDING)),
        )
    )
    found: dict[date, dict[str, Any]] = {row["day"]: dict(row) for row in rows}
    out = []
    for offset in range(days):
        day = first + timedelta(days=offset)
        row = found.get(day, {})
        out.append(
            Day(
                day=day,
                visits=row.get("n", 0),
                risky=row.get("risky", 0),
                pending=row.get("pending", 0),
            )
        )
    return out
