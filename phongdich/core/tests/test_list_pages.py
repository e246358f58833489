"""Every list page of the access table pages through ``core.paging.paginate``: the page
size is chosen with ``per`` (25/50/100; anything else falls back, no error) and the
page links keep the filters. ``LIST_PAGES`` is the inventory of list pages that page;
``NOT_PAGED`` the list pages that do not yet, each with why (the inventory of issue 16;
a new list page goes in one of the two)."""

from __future__ import annotations

from typing import Any

from django.http import QueryDict
from django.test import TestCase, override_settings
from django.urls import reverse

from phongdich.core.paging import PAGE_SIZES, page_size, paginate
from phongdich.core.tests.base import make_cast
from phongdich.core.tests.test_access import ROUTES
from phongdich.directives.tests.report_helpers import issue_directive

# route name → a filter the page accepts (kept in the page links).
LIST_PAGES: dict[str, dict[str, str]] = {
    "core:audit": {"action": "*"},
    "org:staff_list": {"q": "Nguyễn"},
    "checkin:log_index": {"q": "0912"},
    "tracing:case_list": {"status": "investigating"},
    "directives:index": {"state": "issued"},
    "directives:dashboard": {"status": "overdue"},
    "directives:report_list": {"x": "1"},
    "privacy:request_list": {"status": "new"},
    "equipment:list": {"q": "máy"},
    "equipment:proposal_list": {"status": "submitted"},
    "equipment:batch_list": {"x": "1"},
    "support:request_list": {"status": "open"},
    "support:queue": {"status": "open"},
    "news:index": {"q": "dịch"},
    "news:article_list": {"status": "draft"},
    "support:kb_list": {"q": "máy in"},
    "meetings:list": {"da-hop": "1"},
    "meetings:plan_list": {"x": "1"},
    "news:bulletin_list": {"x": "1"},
    "news:report_list": {"x": "1"},
    "news:warning_list": {"x": "1"},
    "privacy:incident_list": {"x": "1"},
    "adoption:campaign_list": {"x": "1"},
    "equipment:campaign_list": {"x": "1"},
    "directives:compiled_list": {"x": "1"},
}
NOT_PAGED: dict[str, str] = {
    "org:unit_list": "the organisation tree, one short outline",
    "checkin:gates_index": "gates grouped under their units (tens, not thousands)",
    "core:jobs": "the last run of each daily job (one line per job)",
    "notifications:index": "the latest notifications only (capped by the selector)",
    "adoption:indicator_list": "one line per reporting unit over the last months (tens)",
    "adoption:rates": "one line per unit and month of the campaign",
    "equipment:readiness": "one line per unit",
    "equipment:rules": "a handful of rules",
    "support:partner_list": "a handful of partners",
    "support:team": "the members of the support team",
    "support:uncovered": "at most one line per unit lacking a primary or backup (tens)",
}
# Who opens each page: the first member of the route's row allowed to.
PREFERRED = ("office", "admin", "director", "tracer", "head_a", "editor", "it", "guard")


def test_the_inventory_names_routes_of_the_access_table() -> None:
    names = {route.name for route in ROUTES}
    assert set(LIST_PAGES) - names == set()
    assert set(NOT_PAGED) - names == set()
    assert set(LIST_PAGES) & set(NOT_PAGED) == set()


def test_a_page_size_outside_the_choice_falls_back() -> None:
    assert page_size({"per": "50"}) == 50
    for bad in ("7", "abc", "", "-25", "1e9", " 100 "):
        assert page_size({"per": bad}) in (25, 100)
    assert page_size({"per": "7"}) == 25
    assert page_size({}, default=50) == 50
    assert PAGE_SIZES == (25, 50, 100)


@override_settings(PUBLIC_BASE_URL="https://phongdich.example.vn")
class ListPagesTest(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        make_cast(cls)
        cls.routes = {route.name: route for route in ROUTES}

    def open(self, name: str, params: dict[str, str]) -> Any:
        route = self.routes[name]
        member = next((m for m in PREFERRED if route.expected(m) == 200), None)
        if member is not None:
            self.client.force_login(getattr(self, member))
        return self.client.get(reverse(name), params)

    def test_every_list_page_takes_the_page_size_and_keeps_its_filters(self) -> None:
        for name, filters in LIST_PAGES.items():
            with self.subTest(page=name):
                response = self.open(name, {**filters, "per": "50", "page": "1"})
                self.assertEqual(response.status_code, 200)
                page = response.context.get("page")
                if page is None:  # the visitor log shows a page once a filter is valid
                    self.assertEqual(name, "checkin:log_index")
                    continue
                self.assertEqual(page.paginator.per_page, 50)
                kept = QueryDict(page.querystring)
                for key, value in filters.items():
                    self.assertEqual(kept.get(key), value)
                self.assertNotIn("page=", page.querystring)
                self.assertIn("per=50", page.querystring)
                # A bad size: the default, no error.
                response = self.open(name, {**filters, "per": "13", "page": "x"})
                self.assertEqual(response.status_code, 200)
                self.assertIn(response.context["page"].paginator.per_page, (10, 25, 50))

    def test_more_rows_than_a_page_give_links_that_keep_the_filters(self) -> None:
        for number in range(60, 90):  # 30 issued directives
            issue_directive(self, number=number)
        self.client.force_login(self.office)
        response = self.client.get(reverse("directives:index"), {"state": "issued"})
        page = response.context["page"]
        self.assertEqual((page.paginator.count, len(page.object_list)), (30, 25))
        self.assertContains(response, "?state=issued&amp;page=2")
        self.assertContains(response, '<a href="?state=issued&amp;per=50">50</a>')
        response = self.client.get(reverse("directives:index"), {"state": "issued", "per": "50"})
        self.assertEqual(len(response.context["page"].object_list), 30)
        self.assertNotContains(response, "page=2")
        # The rows view of the dashboard: 90 rows (three a directive), four pages of 25.
        response = self.client.get(
            reverse("directives:dashboard"), {"view": "rows", "status": "in_progress", "page": 4}
        )
        page = response.context["page"]
        self.assertEqual((page.number, page.paginator.num_pages, len(page)), (4, 4, 15))
        self.assertContains(response, "?view=rows&amp;status=in_progress&amp;page=3")


def test_paginate_counts_and_slices_a_list() -> None:
    page = paginate(list(range(60)), QueryDict("per=25&page=3&q=a"))
    assert list(page.object_list) == list(range(50, 60))
    assert page.querystring == "per=25&q=a"
    assert page.export_querystring == "q=a"
    assert [(link.size, link.current) for link in page.size_links] == [
        (25, True),
        (50, False),
        (100, False),
    ]
    assert page.size_links[1].querystring == "q=a&per=50"


def test_paginate_takes_a_count_the_caller_knows_without_asking_the_items() -> None:
    class Uncountable(list):  # type: ignore[type-arg]
        def count(self) -> int:  # type: ignore[override]
            raise AssertionError("counted again")

        def __len__(self) -> int:
            raise AssertionError("counted again")

    page = paginate(Uncountable(range(60)), QueryDict("per=25&page=3"), count=60)
    assert list(page.object_list) == list(range(50, 60))
    assert (page.paginator.count, page.paginator.num_pages) == (60, 3)
