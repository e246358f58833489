"""The counts of item 7: articles submitted, published and returned per unit and union
in a period (from the workflow's events, so a re-submission counts again)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, QuerySet
from django.utils import timezone

from phongdich.core.permissions import has_role, visible_units
from phongdich.news.models import ArticleEvent
from phongdich.news.roles import STATS_READERS, UNIT_READERS
from phongdich.org.models import Unit

COUNTED = (ArticleEvent.Action.SUBMIT, ArticleEvent.Action.PUBLISH, ArticleEvent.Action.RETURN)


@dataclass
class UnitCounts:
    unit: Unit
    counts: dict[str, int] = field(default_factory=dict)

    @property
    def submitted(self) -> int:
        return self.counts.get(ArticleEvent.Action.SUBMIT, 0)

    @property
    def published(self) -> int:
        return self.counts.get(ArticleEvent.Action.PUBLISH, 0)

    @property
    def returned(self) -> int:
        return self.counts.get(ArticleEvent.Action.RETURN, 0)


def period_bounds(start: dt.date, end: dt.date) -> tuple[dt.datetime, dt.datetime]:
    """Local midnight of ``start`` to local midnight after ``end``."""
    begin = timezone.make_aware(dt.datetime.combine(start, dt.time.min))
    finish = timezone.make_aware(dt.datetime.combine(end + dt.timedelta(days=1), dt.time.min))
    return begin, finish


def stats_units(*, user: Any) -> QuerySet[Unit]:
    org_wide = STATS_READERS - UNIT_READERS
    if has_role(user, *org_wide):
        return Unit.objects.all()
    return visible_units(user, roles=UNIT_READERS)


def article_counts(*, user: Any, start: dt.date, end: dt.date) -> list[UnitCounts]:
    """One row per unit with at least one counted event, units in tree order; unions last."""
    begin, finish = period_bounds(start, end)
    units = stats_units(user=user)
    rows = (
        ArticleEvent.objects.filter(
            action__in=COUNTED, at__gte=begin, at__lt=finish, unit__in=units
        )
        .values("unit_id", "action")
        .annotate(n=Count("id"))
        .order_by()
    )
    by_unit: dict[int, dict[str, int]] = {}
    for row in rows:
        by_unit.setdefault(row["unit_id"], {})[row["action"]] = row["n"]
    found = Unit.objects.filter(pk__in=by_unit).order_by("path")
    ordered = sorted(found, key=lambda u: (u.kind == Unit.Kind.UNION, u.path))
    return [UnitCounts(unit=u, counts=by_unit[u.pk]) for u in ordered]
