"""``{% load durations %}``: ``{{ value|duration }}`` writes a duration (a timedelta or
a number of minutes) as hours and minutes, "7 giờ 05 phút", "45 phút": the one
formatter of the .xlsx exports (``core.xlsx.format_duration``), for every page."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from django import template

from phongdich.core.xlsx import format_duration

register = template.Library()


@register.filter
def duration(value: timedelta | float | int | Decimal | str | None, empty: str = "—") -> str:
    """``425.47`` → "7 giờ 05 phút"; None or "" → ``empty`` (default "—")."""
    if value is None or value == "":
        return empty
    if isinstance(value, str):
        try:
            value = float(value)
        except ValueError:
            return empty
    return format_duration(value)
