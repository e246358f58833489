"""Weekly recurrence in Asia/Ho_Chi_Minh (no daylight saving): across month and year
ends, a 29 February, and the UTC UNTIL of the rule."""

from __future__ import annotations

import datetime as dt

from django.test import SimpleTestCase
from django.utils import timezone

from phongdich.meetings.recurrence import MAX_OCCURRENCES, expand, weekly_rule


def local(day: dt.date, hour: int = 8, minute: int = 0) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, minute)))


class RecurrenceTest(SimpleTestCase):
    def test_weekly_across_a_month_end_keeps_the_weekday_and_the_local_hour(self) -> None:
        start = local(dt.date(2026, 1, 26), 7, 30)  # Monday
        starts = expand(weekly_rule(first_start=start, count=3), start)
        assert [s.date() for s in starts] == [
            dt.date(2026, 1, 26),
            dt.date(2026, 2, 2),
            dt.date(2026, 2, 9),
        ]
        assert all((s.hour, s.minute, s.weekday()) == (7, 30, 0) for s in starts)
        # UTC+7 all year: no daylight-saving jump anywhere.
        assert {s.utcoffset() for s in starts} == {dt.timedelta(hours=7)}

    def test_across_the_year_end_and_a_leap_day(self) -> None:
        start = local(dt.date(2027, 12, 23))  # Thursday
        starts = expand(weekly_rule(first_start=start, count=3), start)
        assert [s.date() for s in starts] == [
            dt.date(2027, 12, 23),
            dt.date(2027, 12, 30),
            dt.date(2028, 1, 6),
        ]
        leap = local(dt.date(2028, 2, 22))  # Tuesday
        starts = expand(weekly_rule(first_start=leap, count=3), leap)
        assert [s.date() for s in starts] == [
            dt.date(2028, 2, 22),
            dt.date(2028, 2, 29),
            dt.date(2028, 3, 7),
        ]

    def test_a_whole_year_of_mondays_at_08_00_is_52_or_53_at_08_00(self) -> None:
        start = local(dt.date(2026, 1, 5))
        starts = expand(weekly_rule(first_start=start, until=dt.date(2026, 12, 31)), start)
        assert len(starts) == 52
        assert {(s.hour, s.minute) for s in starts} == {(8, 0)}
        assert {timezone.localtime(s).utcoffset() for s in starts} == {dt.timedelta(hours=7)}

    def test_until_is_the_last_local_day_inclusive_written_in_utc(self) -> None:
        start = local(dt.date(2026, 3, 2), 23, 30)  # late evening: next day in UTC? no, earlier
        rule = weekly_rule(first_start=start, until=dt.date(2026, 3, 30))
        assert rule == "FREQ=WEEKLY;BYDAY=MO;UNTIL=20260330T165959Z"
        starts = expand(rule, start)
        assert starts[-1].date() == dt.date(2026, 3, 30)
        assert len(starts) == 5

    def test_at_most_two_years_of_occurrences(self) -> None:
        start = local(dt.date(2026, 1, 5))
        assert len(expand(weekly_rule(first_start=start, count=1000), start)) == MAX_OCCURRENCES
