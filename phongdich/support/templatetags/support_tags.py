"""Template filters of the support app."""

from __future__ import annotations

from django import template

from phongdich.core.templatetags.durations import duration

register = template.Library()


@register.filter
def minutes(value: int | float | None) -> str:
    """Working minutes as ``1 giờ 30 phút`` (``—`` when unknown): the shared
    ``core`` duration filter, under the name the support templates use."""
    return duration(value)
