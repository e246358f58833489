"""Paginate a list page from its query string: one piece for every list.

    from phongdich.core.paging import paginate

    page = paginate(queryset_or_list, request.GET)
    return render(request, "app/list.html", {"page": page, ...})

and in the template, after the table::

    {% include "includes/pager.html" %}

What every list gets:

- ``?page=N`` (a bad or out-of-range number shows the nearest page, no error);
- ``?per=25|50|100`` (the page size; any other value falls back to the default,
  no error);
- the filters kept: ``page.querystring`` is the query string without ``page``
  (the pager's links append ``page=N``), ``page.size_links`` the links to each size
  (without ``page``: a new size starts at page 1), ``page.export_querystring`` the
  query string without ``page`` and ``per`` (what an export link carries).

The page is Django's ``Page``; a queryset is counted once and sliced once (two
queries whatever the number of rows).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.core.paginator import Page, Paginator
from django.http import QueryDict

__all__ = ["DEFAULT_SIZE", "PAGE_SIZES", "SizeLink", "page_size", "paginate"]

PAGE_SIZES: tuple[int, ...] = (25, 50, 100)
DEFAULT_SIZE = 25
PAGE_PARAM = "page"
SIZE_PARAM = "per"


@dataclass(frozen=True)
class SizeLink:
    size: int
    querystring: str
    current: bool


def page_size(params: QueryDict | dict[str, Any], *, default: int = DEFAULT_SIZE) -> int:
    """The page size asked for in ``params`` (``per``), if it is one of ``PAGE_SIZES``;
    else ``default``."""
    raw = params.get(SIZE_PARAM)
    try:
        size = int(str(raw).strip())
    except (TypeError, ValueError):
        return default
    return size if size in PAGE_SIZES else default


def _without(params: QueryDict, *keys: str) -> QueryDict:
    copy = params.copy()
    for key in keys:
        copy.pop(key, None)
    return copy


def paginate(
    items: Sequence[Any] | Any,
    params: QueryDict,
    *,
    default_size: int = DEFAULT_SIZE,
    count: int | None = None,
) -> Page[Any]:
    """The page of ``items`` (a queryset or a list) that ``params`` (``request.GET``)
    asks for, with ``querystring``, ``export_querystring``, ``size_links`` and
    ``per`` set on it for the pager and the export link. ``count``: how many items
    there are, when the caller already knows (no COUNT query)."""
    size = page_size(params, default=default_size)
    paginator = Paginator(items, size)
    if count is not None:
        paginator.count = count  # type: ignore[misc]  # a cached_property, set in advance
    page: Any = paginator.get_page(params.get(PAGE_PARAM))
    kept = _without(params, PAGE_PARAM)
    page.querystring = kept.urlencode()
    page.export_querystring = _without(params, PAGE_PARAM, SIZE_PARAM).urlencode()
    page.per = size
    links = []
    for choice in PAGE_SIZES:
        query = _without(params, PAGE_PARAM, SIZE_PARAM)
        if choice != default_size:
            query[SIZE_PARAM] = str(choice)
        links.append(SizeLink(choice, query.urlencode(), choice == size))
    page.size_links = links
    return page  # type: ignore[no-any-return]
