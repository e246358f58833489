"""Query counts pinned on every list page; they do not grow with the data."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from phongdich.adoption.models import Status, UnionMembership
from phongdich.adoption.services.campaigns import campaign_create
from phongdich.adoption.services.indicators import IndicatorFigures, indicator_save
from phongdich.adoption.tests.helpers import AdoptionTestCase, declare, make_leader, make_staff

# page name, who, kwargs (a callable of the test), pinned count
PAGES = {
    "rates": ("adoption:rates", "office", lambda t: {}, 19),
    "unit": ("adoption:unit_detail", "head_a", lambda t: {"pk": t.unit_a.pk}, 23),
    "union": ("adoption:union_detail", "office", lambda t: {"pk": t.union_cd.pk}, 12),
    "mine": ("adoption:mine", "staff_user", lambda t: {}, 12),
    # 11: the page's count query (core.paging) came with the pagination.
    "campaigns": ("adoption:campaign_list", "office", lambda t: {}, 11),
    "campaign": ("adoption:campaign_detail", "head_a", lambda t: {"pk": t.campaign.pk}, 19),
    "indicators": ("adoption:indicator_list", "office", lambda t: {}, 10),
}


class QueryCountTests(AdoptionTestCase):
    grown: list[Any]

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        today = timezone.localdate()
        cls.campaign = campaign_create(
            user=cls.office,
            ip=None,
            title="Chiến dịch",
            apps=[cls.pccovid, cls.bluezone],
            union=None,
            units=[],
            target_percent=90,
            denominator="all",
            deadline=today + dt.timedelta(days=5),
        )
        make_leader(cls.office, cls.union_cd)

    def grow(self, n: int) -> None:
        """More staff, answers, memberships and indicators in units A and B."""
        when = timezone.now() - dt.timedelta(days=3)
        if not hasattr(self, "grown"):
            self.grown = []
        start = len(self.grown)
        for i in range(start, start + n):
            unit = self.unit_a if i % 2 else self.unit_b
            person = make_staff(unit, f"G{i:03d}")
            self.grown.append(person)
            declare(person, self.bluezone, Status.USING, when)
            declare(person, self.pccovid, Status.NOT_INSTALLED, when)
            UnionMembership.objects.create(union=self.union_cd, staff=person)
        for unit in (self.unit_a, self.unit_b, self.unit_a_team):
            for month in (7, 8):
                indicator_save(
                    user=None,
                    ip=None,
                    unit=unit,
                    month=dt.date(2021, month, 1),
                    figures=IndicatorFigures(100, 50 + start, 10, 2, 1, 3),
                )

    def count(self, key: str) -> int:
        name, who, kwargs, _ = PAGES[key]
        self.client.force_login(getattr(self, who))
        url = reverse(name, kwargs=kwargs(self))
        self.client.get(url)  # warm the session and caches
        with CaptureQueriesContext(connection) as queries:
            response = self.client.get(url)
        self.assertEqual(response.status_code, 200, key)
        return len(queries)

    def test_each_list_page_reads_a_fixed_number_of_queries(self) -> None:
        self.grow(3)
        small = {key: self.count(key) for key in PAGES}
        self.grow(12)
        large = {key: self.count(key) for key in PAGES}
        self.assertEqual(small, large)  # independent of the number of rows
        self.assertEqual(large, {key: page[3] for key, page in PAGES.items()})
