"""The business-hours clock of the service levels: pure functions, no database.

Working time is Monday to Friday, 07:30–11:30 and 13:30–17:00 local time
(Asia/Ho_Chi_Minh, no daylight saving), minus the public holidays the caller passes
(``Holiday`` rows, edited by the IT team). Every function takes aware datetimes and
returns aware datetimes in local time.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection
from zoneinfo import ZoneInfo

LOCAL = ZoneInfo("Asia/Ho_Chi_Minh")
# (start, end) of each working period of a working day.
PERIODS: tuple[tuple[dt.time, dt.time], ...] = (
    (dt.time(7, 30), dt.time(11, 30)),
    (dt.time(13, 30), dt.time(17, 0)),
)
DAY_MINUTES = sum(
    (end.hour * 60 + end.minute) - (start.hour * 60 + start.minute) for start, end in PERIODS
)
MAX_DAYS = 3660  # a safety stop: ten years of looking for a working minute


def is_working_day(day: dt.date, holidays: Collection[dt.date] = ()) -> bool:
    return day.weekday() < 5 and day not in holidays


def _local(moment: dt.datetime) -> dt.datetime:
    if moment.tzinfo is None:
        raise ValueError("the business clock needs aware datetimes")
    return moment.astimezone(LOCAL)


def _periods_of(day: dt.date) -> list[tuple[dt.datetime, dt.datetime]]:
    return [
        (dt.datetime.combine(day, start, LOCAL), dt.datetime.combine(day, end, LOCAL))
        for start, end in PERIODS
    ]


def add_business_minutes(
    start: dt.datetime, minutes: int, holidays: Collection[dt.date] = ()
) -> dt.datetime:
    """The moment ``minutes`` working minutes after ``start``. A start outside working
    time counts from the next working minute; 0 minutes gives that next working minute
    (or ``start`` itself when it is inside working time)."""
    if minutes < 0:
        raise ValueError("minutes must not be negative")
    moment = _local(start)
    left = dt.timedelta(minutes=minutes)
    day = moment.date()
    for _ in range(MAX_DAYS):
        if is_working_day(day, holidays):
            for begin, end in _periods_of(day):
                if moment >= end:
                    continue
                moment = max(moment, begin)
                room = end - moment
                if left <= room:
                    return moment + left
                left -= room
                moment = end
        day += dt.timedelta(days=1)
        moment = dt.datetime.combine(day, dt.time(0, 0), LOCAL)
    raise ValueError("no working time found within ten years: check the holidays")


def business_minutes_between(
    start: dt.datetime, end: dt.datetime, holidays: Collection[dt.date] = ()
) -> int:
    """Working minutes from ``start`` to ``end`` (0 when ``end`` is not after ``start``),
    rounded down to whole minutes."""
    begin, finish = _local(start), _local(end)
    if finish <= begin:
        return 0
    total = dt.timedelta()
    day = begin.date()
    while day <= finish.date():
        if is_working_day(day, holidays):
            for p_start, p_end in _periods_of(day):
                low, high = max(p_start, begin), min(p_end, finish)
                if high > low:
                    total += high - low
        day += dt.timedelta(days=1)
    return int(total.total_seconds() // 60)


def subtract_business_minutes(
    end: dt.datetime, minutes: int, holidays: Collection[dt.date] = ()
) -> dt.datetime:
    """The latest moment ``minutes`` working minutes before ``end`` (for reminders)."""
    if minutes < 0:
        raise ValueError("minutes must not be negative")
    moment = _local(end)
    left = dt.timedelta(minutes=minutes)
    day = moment.date()
    for _ in range(MAX_DAYS):
        if is_working_day(day, holidays):
            for begin, finish in reversed(_periods_of(day)):
                if moment <= begin:
                    continue
                moment = min(moment, finish)
                room = moment - begin
                if left <= room:
                    return moment - left
                left -= room
                moment = begin
        day -= dt.timedelta(days=1)
        moment = dt.datetime.combine(day, dt.time(23, 59, 59), LOCAL)
    raise ValueError("no working time found within ten years: check the holidays")
