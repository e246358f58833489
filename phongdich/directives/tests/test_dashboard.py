"""The status dashboard: traffic lights with text, overdue first, scope, filters, queries."""

from __future__ import annotations

from django.urls import reverse

from phongdich.directives.services import reports
from phongdich.directives.tests.report_helpers import ReportTestCase, issue_directive

URL = reverse("directives:dashboard") + "?view=rows"


class DashboardTests(ReportTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        # An older directive, overdue for unit B (task 2) and unit A/B (task 1).
        cls.old = issue_directive(cls, number=42, days_ago=30, due_in=-3)

    def rows(self, response: object) -> list[tuple[str, str, str]]:
        return [
            (row.status.label, row.unit.name, row.task.directive.reference)
            for row in response.context["rows"]  # type: ignore[attr-defined]
        ]

    def test_overdue_first_with_a_text_label(self) -> None:
        self.login(self.office)
        response = self.client.get(URL)
        rows = self.rows(response)
        self.assertEqual(len(rows), 6)
        self.assertEqual({r[0] for r in rows[:3]}, {"Quá hạn chưa hoàn thành"})
        self.assertEqual({r[0] for r in rows[3:]}, {"Đang thực hiện trong hạn"})
        self.assertContains(response, 'class="status status-overdue"')
        self.assertContains(response, 'Quá hạn chưa hoàn thành <span class="status-days">(3 ngày)')

    def test_an_accepted_report_shows_green_done_on_time(self) -> None:
        reports.report_accept(report=self.submit(), by=self.office)
        self.login(self.director)
        response = self.client.get(URL + "&status=done_on_time")
        self.assertEqual(
            self.rows(response),
            [("Đã hoàn thành đúng hạn", self.unit_a.name, self.directive.reference)],
        )
        self.assertContains(response, "status-done-on-time")

    def test_unit_heads_see_their_own_units_only(self) -> None:
        self.login(self.head_a)
        response = self.client.get(URL)
        self.assertEqual({r[1] for r in self.rows(response)}, {self.unit_a.name})
        self.assertNotContains(response, "Tập huấn phòng dịch")  # unit B's task
        # Asking for unit B by id does not widen the scope.
        response = self.client.get(URL + f"&unit={self.unit_b.pk}")
        self.assertEqual({r[1] for r in self.rows(response)}, {self.unit_a.name})
        for user in (self.staff_user, self.guard, self.tracer):
            self.login(user)
            self.assertEqual(self.client.get(URL).status_code, 403)

    def test_filters(self) -> None:
        self.login(self.office)
        response = self.client.get(URL + f"&directive={self.old.pk}&unit={self.unit_b.pk}")
        self.assertEqual(
            self.rows(response),
            [("Quá hạn chưa hoàn thành", self.unit_b.name, self.old.reference)] * 2,
        )
        response = self.client.get(URL + "&status=in_progress")
        self.assertEqual(len(self.rows(response)), 3)
        # The counts are those of the directive/unit selection, before the status filter.
        self.assertContains(response, "Quá hạn chưa hoàn thành</span>: <strong>3</strong>")

    def test_a_constant_number_of_queries(self) -> None:
        self.login(self.office)
        self.client.get(URL)  # warm the URLconf, templates, session
        with self.assertNumQueries(15):  # status_facts: units once, directives once
            self.client.get(URL)
        for number in (50, 51, 52):
            issue_directive(self, number=number)
        reports.report_accept(report=self.submit(), by=self.office)
        with self.assertNumQueries(15):  # status_facts: units once, directives once
            response = self.client.get(URL)
        self.assertEqual(len(self.rows(response)), 15)

    def test_unit_head_query_count(self) -> None:
        self.login(self.head_a)
        self.client.get(URL)
        with self.assertNumQueries(16):
            self.client.get(URL)

    def test_the_report_list_for_unit_heads(self) -> None:
        self.login(self.head_a)
        response = self.client.get(reverse("directives:report_list"))
        self.assertContains(response, "Lắp mã QR tại các cổng ra vào")
        self.assertContains(response, self.edit_url())
        self.assertNotContains(response, "Tập huấn phòng dịch")
        home = self.client.get(reverse("core:home"))
        self.assertContains(home, "Báo cáo của đơn vị")
        self.assertContains(home, "Theo dõi thực hiện nhiệm vụ")
        self.login(self.director)
        home = self.client.get(reverse("core:home"))
        self.assertContains(home, "Theo dõi thực hiện nhiệm vụ")
        self.assertNotContains(home, "Báo cáo của đơn vị")
