"""The status dashboard grouped by directive and unit: counts, the chart, pages that keep
the filters, the .xlsx export (opened with openpyxl), a query count that does not grow."""

from __future__ import annotations

import io

from django.urls import reverse
from openpyxl import load_workbook

from phongdich.directives.tests.report_helpers import ReportTestCase, issue_directive

URL = reverse("directives:dashboard")
EXPORT = reverse("directives:dashboard_export")


class GroupedDashboardTests(ReportTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.old = issue_directive(cls, number=42, days_ago=30, due_in=-3)

    def test_one_line_per_directive_and_unit_with_counts_and_a_chart(self) -> None:
        self.login(self.office)
        response = self.client.get(URL)
        groups = list(response.context["page"])
        # Two directives × two units; the overdue directive's groups first.
        self.assertEqual(len(groups), 4)
        self.assertEqual(groups[0].directive, self.old)
        self.assertEqual(groups[0].unit, self.unit_b)  # two overdue rows (tasks 1 and 2)
        self.assertEqual(groups[0].overdue, 2)
        self.assertEqual(groups[0].total, 2)
        self.assertEqual(
            [(g.directive.pk, g.unit.pk, g.total) for g in groups[2:]],
            # then most in progress first
            [(self.directive.pk, self.unit_b.pk, 2), (self.directive.pk, self.unit_a.pk, 1)],
        )
        body = response.content.decode()
        self.assertIn('<svg class="chart"', body)
        self.assertIn('class="bar-overdue"><title>Quá hạn chưa hoàn thành: 3</title>', body)
        self.assertIn('<svg class="mini-bar"', body)
        # A unit's line links to its rows, with the directive and unit as filters.
        self.assertIn(f"?view=rows&amp;directive={self.old.pk}&amp;unit={self.unit_b.pk}", body)

    def test_a_status_filter_keeps_the_groups_that_have_it(self) -> None:
        self.login(self.office)
        response = self.client.get(URL, {"status": "in_progress"})
        groups = list(response.context["page"])
        self.assertEqual({g.directive for g in groups}, {self.directive})

    def test_pages_keep_the_filters_and_a_bad_size_falls_back(self) -> None:
        for number in range(50, 64):  # 14 more directives: 32 groups, more than a page
            issue_directive(self, number=number)
        self.login(self.office)
        response = self.client.get(URL, {"status": "in_progress", "per": "7"})
        page = response.context["page"]
        self.assertEqual(page.paginator.per_page, 25)  # 7 is not offered: the default
        self.assertEqual(page.paginator.count, 30)
        self.assertContains(response, "?status=in_progress&amp;per=7&amp;page=2")
        response = self.client.get(URL, {"status": "in_progress", "page": "2"})
        self.assertEqual(len(response.context["page"]), 5)
        response = self.client.get(URL, {"status": "in_progress", "page": "abc", "per": "50"})
        self.assertEqual(response.status_code, 200)
        self.assertEqual(len(response.context["page"]), 30)
        # The export link carries the filters, not the page.
        self.assertContains(response, f"{EXPORT}?status=in_progress")

    def test_the_export_opens_with_both_sheets(self) -> None:
        self.login(self.director)
        response = self.client.get(EXPORT, {"directive": self.old.pk})
        self.assertEqual(response.status_code, 200)
        self.assertIn("theo-doi-thuc-hien-nhiem-vu.xlsx", response["Content-Disposition"])
        book = load_workbook(io.BytesIO(response.content))
        self.assertEqual(book.sheetnames, ["Theo đơn vị", "Chi tiết"])
        summary = [row for row in book["Theo đơn vị"].iter_rows(values_only=True) if any(row)]
        header = summary.index(next(r for r in summary if r[0] == "STT"))
        self.assertEqual(
            summary[header],
            (
                "STT",
                "Văn bản",
                "Đơn vị",
                "Quá hạn chưa hoàn thành",
                "Đang thực hiện trong hạn",
                "Đã hoàn thành quá hạn",
                "Đã hoàn thành đúng hạn",
                "Tổng",
            ),
        )
        self.assertIn("Văn bản: " + self.old.reference, [r[0] for r in summary[:header]])
        self.assertEqual(
            summary[header + 1 :],
            [
                (1, self.old.reference, self.unit_b.name, 2, 0, 0, 0, 2),
                (2, self.old.reference, self.unit_a.name, 1, 0, 0, 0, 1),
            ],
        )
        detail = [row for row in book["Chi tiết"].iter_rows(values_only=True) if any(row)]
        start = detail.index(next(r for r in detail if r[0] == "STT"))
        self.assertEqual(len(detail) - start - 1, 3)
        self.assertEqual(detail[start + 1][1], "Quá hạn chưa hoàn thành")
        self.assertEqual(detail[start + 1][2], 3)

    def test_the_grouped_page_costs_the_same_queries_with_more_rows(self) -> None:
        self.login(self.office)
        self.client.get(URL)
        with self.assertNumQueries(15):  # status_facts: units once, directives once
            self.client.get(URL)
        for number in range(50, 60):
            issue_directive(self, number=number)
        with self.assertNumQueries(15):  # status_facts: units once, directives once
            response = self.client.get(URL)
        self.assertEqual(response.context["page"].paginator.count, 24)
        with self.assertNumQueries(12):  # the same selection, no page
            self.client.get(EXPORT)
