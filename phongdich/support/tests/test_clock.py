"""The business clock: working hours, weekends and public holidays (pure functions)."""

from __future__ import annotations

import datetime as dt

import pytest

from phongdich.support.clock import (
    DAY_MINUTES,
    LOCAL,
    add_business_minutes,
    business_minutes_between,
    is_working_day,
    subtract_business_minutes,
)

# 30/4 and 1/5/2026 (Thursday, Friday): public holidays.
HOLIDAYS = frozenset({dt.date(2026, 4, 30), dt.date(2026, 5, 1)})


def at(y: int, m: int, d: int, hh: int = 0, mm: int = 0) -> dt.datetime:
    return dt.datetime(y, m, d, hh, mm, tzinfo=LOCAL)


def test_a_working_day_has_seven_and_a_half_hours():
    assert DAY_MINUTES == 450


def test_minutes_inside_one_period_are_added_plainly():
    assert add_business_minutes(at(2026, 3, 2, 8, 0), 60) == at(2026, 3, 2, 9, 0)


def test_the_lunch_break_is_skipped():
    assert add_business_minutes(at(2026, 3, 2, 11, 0), 60) == at(2026, 3, 2, 14, 0)


def test_a_friday_afternoon_request_runs_on_into_monday_morning():
    # Friday 6/3/2026 16:30 + 60 working minutes: 30 on Friday, 30 on Monday.
    assert add_business_minutes(at(2026, 3, 6, 16, 30), 60) == at(2026, 3, 9, 8, 0)


def test_a_request_sent_on_saturday_starts_counting_on_monday():
    assert add_business_minutes(at(2026, 3, 7, 10, 0), 30) == at(2026, 3, 9, 8, 0)
    assert add_business_minutes(at(2026, 3, 8, 23, 0), 0) == at(2026, 3, 9, 7, 30)


def test_a_request_sent_at_night_starts_counting_next_morning():
    assert add_business_minutes(at(2026, 3, 3, 20, 0), 15) == at(2026, 3, 4, 7, 45)


def test_the_holiday_and_the_weekend_after_it_are_skipped():
    # Wednesday 29/4/2026 16:00 + 120: 60 on Wednesday; Thu 30/4, Fri 1/5 are holidays,
    # then the weekend; the other 60 on Monday 4/5.
    assert add_business_minutes(at(2026, 4, 29, 16, 0), 120, HOLIDAYS) == at(2026, 5, 4, 8, 30)
    # Without the holidays the same request is due on Thursday.
    assert add_business_minutes(at(2026, 4, 29, 16, 0), 120) == at(2026, 4, 30, 8, 30)


def test_tet_is_skipped_as_data():
    tet = frozenset(dt.date(2026, 2, d) for d in range(16, 21))
    # Friday 13/2/2026 16:00 + 2 working days' minutes: Fri 60, then Tết and two
    # weekends: Monday 23/2 all day (450), Tuesday 24/2 until 08:50 (80).
    assert add_business_minutes(at(2026, 2, 13, 16, 0), 590, tet) == at(2026, 2, 24, 8, 50)


def test_minutes_between_across_a_weekend_count_only_working_time():
    assert business_minutes_between(at(2026, 3, 6, 16, 0), at(2026, 3, 9, 8, 0)) == 90
    assert business_minutes_between(at(2026, 3, 7, 9, 0), at(2026, 3, 8, 17, 0)) == 0


def test_minutes_between_across_a_holiday():
    start, end = at(2026, 4, 29, 16, 0), at(2026, 5, 4, 8, 30)
    assert business_minutes_between(start, end, HOLIDAYS) == 120
    assert business_minutes_between(start, end) == 120 + 2 * DAY_MINUTES


def test_minutes_between_is_zero_backwards_and_over_lunch():
    assert business_minutes_between(at(2026, 3, 3, 10, 0), at(2026, 3, 3, 9, 0)) == 0
    assert business_minutes_between(at(2026, 3, 3, 11, 30), at(2026, 3, 3, 13, 30)) == 0


@pytest.mark.parametrize(
    ("start", "minutes"),
    [
        (at(2026, 4, 29, 9, 17), 1),
        (at(2026, 4, 29, 16, 59), 700),
        (at(2026, 5, 2, 3, 0), 451),
        (at(2026, 12, 31, 15, 0), 5000),
    ],
)
def test_adding_then_measuring_gives_the_minutes_back(start: dt.datetime, minutes: int):
    due = add_business_minutes(start, minutes, HOLIDAYS)
    first = add_business_minutes(start, 0, HOLIDAYS)
    assert business_minutes_between(first, due, HOLIDAYS) == minutes


def test_subtracting_walks_back_over_the_holiday_and_the_weekend():
    assert subtract_business_minutes(at(2026, 5, 4, 8, 0), 60, HOLIDAYS) == at(2026, 4, 29, 16, 30)
    assert subtract_business_minutes(at(2026, 3, 2, 14, 0), 60) == at(2026, 3, 2, 11, 0)


def test_working_days():
    assert is_working_day(dt.date(2026, 4, 29), HOLIDAYS)
    assert not is_working_day(dt.date(2026, 4, 30), HOLIDAYS)
    assert not is_working_day(dt.date(2026, 5, 2), HOLIDAYS)  # a Saturday


def test_naive_datetimes_and_negative_minutes_are_refused():
    with pytest.raises(ValueError):
        add_business_minutes(dt.datetime(2026, 3, 2, 8, 0), 10)
    with pytest.raises(ValueError):
        add_business_minutes(at(2026, 3, 2, 8, 0), -1)


def test_utc_input_is_read_in_local_time():
    utc = dt.datetime(2026, 3, 6, 9, 30, tzinfo=dt.UTC)  # 16:30 in Hà Nội, a Friday
    assert add_business_minutes(utc, 60) == at(2026, 3, 9, 8, 0)
