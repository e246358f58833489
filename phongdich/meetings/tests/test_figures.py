"""Figures: online and in-person meetings per unit and month (what the adoption module
calls), attendance rates, conclusions done on time."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse
from django.utils import timezone

from phongdich.core.tests.base import BaseTestCase
from phongdich.directives.services.reports import ReportInput, report_submit
from phongdich.meetings.selectors.figures import (
    in_person_meetings_count,
    meeting_figures,
    online_meetings_count,
)
from phongdich.meetings.services.meetings import meeting_cancel
from phongdich.meetings.services.minutes import conclusions_to_tasks
from phongdich.meetings.tests.helpers import at, make_meeting
from phongdich.meetings.tests.test_minutes import held


class CountsTest(BaseTestCase):
    def test_online_meetings_per_unit_and_month_in_local_time(self) -> None:
        # 31 January 23:30 local is 16:30 UTC: January, not February.
        make_meeting(self, start=at(dt.date(2026, 1, 31), 23, 0), minutes=30)
        make_meeting(self, start=at(dt.date(2026, 2, 1), 8))
        make_meeting(self, start=at(dt.date(2026, 2, 2), 8), platform="", online_url="")
        cancelled = make_meeting(self, start=at(dt.date(2026, 2, 3), 8))
        meeting_cancel(meeting=cancelled, reason="Hoãn", by=self.office)
        hosted_by_b = make_meeting(
            self, start=at(dt.date(2026, 2, 4), 8), host_unit=self.unit_b, invite=False
        )
        assert online_meetings_count(unit=self.unit_a, month=dt.date(2026, 1, 1)) == 1
        assert online_meetings_count(unit=self.unit_a, month=dt.date(2026, 2, 15)) == 1
        assert in_person_meetings_count(unit=self.unit_a, month=dt.date(2026, 2, 1)) == 1
        assert online_meetings_count(unit=self.unit_b, month=dt.date(2026, 2, 1)) == 1
        # The Office hosts one and its member chairs the one unit B hosts.
        assert online_meetings_count(unit=self.office_unit, month=dt.date(2026, 2, 1)) == 2
        assert hosted_by_b.is_online

    def test_the_figures_page_with_rates_and_conclusions_on_time(self) -> None:
        meeting, minutes = held(self)
        directive = conclusions_to_tasks(minutes=minutes, by=self.office)
        task = directive.tasks.get(number="1")
        report_submit(
            task=task,
            unit=self.unit_a,
            period_start=directive.issued_on,
            data=ReportInput(progress="done", completed_on=timezone.localdate()),
            by=self.head_a,
        )
        figures = meeting_figures(user=self.office)
        row = next(r for r in figures.units if r.unit == self.unit_a)
        assert (row.expected, row.attended, row.rate) == (2, 1, 50)
        assert sum(row.online) == 1
        assert (figures.conclusions_total, figures.conclusions_done_on_time) == (2, 1)
        assert figures.conclusions_overdue == 0
        self.login(self.office)
        url = reverse("meetings:figures")
        self.client.get(url)
        with self.assertNumQueries(13):
            response = self.client.get(url)
        page = response.content.decode()
        assert "Số liệu họp trực tuyến" in page and "50%" in page
        # A unit head sees their own units only.
        head = meeting_figures(user=self.head_b)
        assert [r.unit for r in head.units] == [self.unit_b]
