"""Check-ins per day, for the Director's home tile (``checkin/tiles.py``)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.db.models import Count, Q
from django.db.models.functions import TruncDate
from django.utils import timezone

from phongdich.checkin import citus
from phongdich.checkin.models import Declaration, Visit
from phongdich.checkin.selectors.log import local_day_bounds, log_units


@dataclass(frozen=True)
class Day:
    day: date
    visits: int
    risky: int  # check-ins with a declaration that has a risk factor
    pending: int  # of those, still waiting for the guard's decision


def daily_checkins(*, user: Any, today: date, days: int = 14) -> list[Day]:
    """The last ``days`` local days up to ``today`` (oldest first, every day present) in
    the units whose visitor log the user reads. One query (two on Citus)."""
    first = today - timedelta(days=days - 1)
    start, end = local_day_bounds(first, today)
    visits = Visit.objects.filter(
        unit_id_snapshot__in=log_units(user=user).values("pk"),
        check_in__gte=start,
        check_in__lt=end,
    )
    by_day = visits.annotate(
        day=TruncDate("check_in", tzinfo=timezone.get_default_timezone())
    ).order_by()
    counts: dict[str, Any] = {
        "n": Count("pk"),
        "pending": Count("pk", filter=Q(status=Visit.Status.PENDING)),
    }
    if not citus.enabled():
        counts["risky"] = Count("pk", filter=Q(declaration__is_risky=True))
    rows = by_day.values("day").annotate(**counts)
    found: dict[date, dict[str, Any]] = {row["day"]: dict(row) for row in rows}
    if citus.enabled():
        # Citus: the declarations are in another co-location group than the visits
        # (no join); the risky ones of the window by a sub-query, one more query.
        risky = Declaration.objects.filter(
            is_risky=True, declared_at__lt=end + timedelta(days=1)
        ).values("pk")
        for extra in (
            by_day.filter(declaration_id__in=risky).values("day").annotate(risky=Count("pk"))
        ):
            found.setdefault(extra["day"], {})["risky"] = extra["risky"]
    out = []
    for offset in range(days):
        day = first + timedelta(days=offset)
        row: dict[str, Any] = found.get(day, {})
        out.append(
            Day(
                day=day,
                visits=row.get("n", 0),
                risky=row.get("risky", 0),
                pending=row.get("pending", 0),
            )
        )
    return out
