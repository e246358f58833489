"""Reads for the minutes and the directives they feed."""

from __future__ import annotations

from django.db.models import Max

from phongdich.directives.models import Directive
from phongdich.meetings.models import Conclusion, Meeting, Minutes


def minutes_of(*, meeting: Meeting) -> Minutes | None:
    return Minutes.objects.filter(meeting=meeting).select_related("directive", "written_by").first()


def conclusions_of(*, minutes: Minutes | None) -> list[Conclusion]:
    if minutes is None:
        return []
    return list(minutes.conclusions.select_related("lead_unit", "task").order_by("order", "pk"))


def next_directive_number(*, symbol: str, year: int) -> int:
    """The next free number for ``symbol`` in ``year`` (numbers restart every year)."""
    top = Directive.objects.filter(symbol=symbol, year=year).aggregate(top=Max("number"))["top"]
    return (top or 0) + 1


def minutes_for_export(*, meeting: Meeting) -> Minutes:
    """``Minutes.DoesNotExist`` when none is written yet (a 404)."""
    return Minutes.objects.select_related(
        "meeting__chair__staff", "meeting__secretary__staff", "written_by__staff"
    ).get(meeting=meeting)
