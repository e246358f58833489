"""Hooks other modules fill in.

**Online meetings** (letter item 2): the meetings module, once built, registers in its
``AppConfig.ready()`` a function that counts a unit's online meetings in a month::

    from phongdich.adoption.hooks import register_online_meetings_counter

    def count(*, unit, month):      # month: the first day of the month
        return Meeting.objects.filter(unit=unit, online=True, ...).count()

    register_online_meetings_counter(count)

Until then ``online_meetings_count`` returns None and the unit types the number in.
When a counter is registered, the indicator form pre-fills the number from it and the
monthly indicator service stores the counted number when the field is left empty.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

Counter = Callable[..., int | None]
_COUNTER: list[Counter] = []


def register_online_meetings_counter(counter: Counter) -> None:
    """Install the meetings module's counter (a second registration replaces the first)."""
    _COUNTER[:] = [counter]


def online_meetings_count(*, unit: Any, month: dt.date) -> int | None:
    """The number of online meetings ``unit`` held in ``month`` (None: nobody counts yet)."""
    if not _COUNTER:
        return None
    return _COUNTER[0](unit=unit, month=month)
