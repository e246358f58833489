"""The tracer's dashboard: open cases and contacts per unit, contacts by status, and how
many still need today's follow-up entry."""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone

from phongdich.core.tests.base import BaseTestCase
from phongdich.tracing import services
from phongdich.tracing.models import Contact
from phongdich.tracing.tests.outbreak import make_outbreak, yesterday

URL = reverse("tracing:dashboard")


class DashboardTest(BaseTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        make_outbreak(cls)

    def setUp(self) -> None:
        self.login(self.tracer)

    def open_case(self) -> None:
        case = services.case_create(
            person=self.f0_person, onset=yesterday(), user=self.tracer, staff=self.staff_a
        )
        services.case_trace(case=case, user=self.tracer)

    def section(self, html: str, table_id: str) -> str:
        return html.split(f'id="{table_id}"')[1].split("</table>")[0]

    def test_with_no_case_it_says_so(self) -> None:
        response = self.client.get(URL)
        self.assertContains(response, "Không có ca bệnh nào đang điều tra.")
        self.assertContains(response, "Hôm nay còn 0 người tiếp xúc cần ghi theo dõi.")

    def test_it_counts_open_cases_and_contacts_per_unit_and_by_status(self) -> None:
        self.open_case()
        contact = Contact.objects.get(person=self.f1_person)
        services.contact_set_status(
            contact=contact, status=Contact.Status.HOME_QUARANTINE, user=self.tracer
        )
        html = self.client.get(URL).content.decode()
        by_unit = self.section(html, "by-unit")
        self.assertIn(f'<th scope="row">{self.unit_a_team.name}</th><td>1</td><td>2</td>', by_unit)
        by_status = self.section(html, "by-status")
        self.assertIn('<th scope="row">Cách ly tại nhà</th><td>1</td>', by_status)
        self.assertIn('<th scope="row">Chưa liên hệ</th><td>1</td>', by_status)
        self.assertIn("Hôm nay còn 2 người tiếp xúc cần ghi theo dõi.", html)

    def test_a_follow_up_recorded_today_is_no_longer_due(self) -> None:
        self.open_case()
        contact = Contact.objects.get(person=self.f1_person)
        services.followup_record(
            contact=contact,
            day=timezone.localdate(),
            status=Contact.Status.CONTACTED,
            has_symptoms=False,
            note="",
            user=self.tracer,
        )
        self.assertContains(self.client.get(URL), "Hôm nay còn 1 người tiếp xúc cần ghi theo dõi.")

    def test_the_dashboard_runs_a_fixed_number_of_queries(self) -> None:
        self.open_case()
        self.client.get(URL)
        # Session and user (4, with the session's idle-timeout save), roles (2), the
        # dashboard's own queries (4: cases, contacts, units, due follow-ups), the top bar's
        # unread-notifications count.
        with self.assertNumQueries(12):
            self.client.get(URL)
        services.case_create(person=self.f2_person, onset=yesterday(), user=self.tracer)
        with self.assertNumQueries(12):
            self.client.get(URL)
