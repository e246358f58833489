"""``{% load phone %}``: helpers of the phone layout (issue 16).

A list page's filters fold into ``<details class="filters-fold">`` on a phone; the
fold is open when ``request.GET|filters_set`` (a filter has a value), so a person who
filtered sees what they chose. From 48rem the fold is always open (CSS)."""

from __future__ import annotations

from typing import Any

from django import template

from phongdich.core.paging import PAGE_PARAM, SIZE_PARAM

register = template.Library()

NOT_FILTERS = frozenset({PAGE_PARAM, SIZE_PARAM, "view"})  # "view": a tab, not a filter


@register.filter
def filters_set(params: Any) -> bool:
    """True when ``params`` (a QueryDict) holds a non-empty value under a key other
    than the page, the page size and the tab ("view")."""
    if not hasattr(params, "lists"):
        return False
    return any(
        key not in NOT_FILTERS and any(str(value).strip() for value in values)
        for key, values in params.lists()
    )
