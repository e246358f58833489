"""The case list and the follow-up list run a fixed number of queries, whatever their
length: an N+1 (a query per case, per contact or per follow-up entry) fails here.

Every signed-in page costs the same few queries: the session and the user (2),
the user's roles and own unit (2), the top bar's unread-notifications count (1),
and, in a test, the session's idle-timeout save (3: an UPDATE between SAVEPOINT
and RELEASE, as Django's TestCase wraps it). That is 8 before the page's own.
"""

from __future__ import annotations

from datetime import timedelta

from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from phongdich.checkin.services.checkin import person_upsert
from phongdich.checkin.tests.helpers import on_citus
from phongdich.core.tests.base import BaseTestCase
from phongdich.tracing import services
from phongdich.tracing.models import Case, Contact
from phongdich.tracing.tests.outbreak import make_outbreak, yesterday

EVERY_PAGE = 8


class CaseListQueriesTest(BaseTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        make_outbreak(cls)

    def setUp(self) -> None:
        self.login(self.tracer)
        self.url = reverse("tracing:case_list")

    def add_cases(self, start: int, count: int) -> None:
        """Cases of visitors and of staff of two units, open and closed."""
        for n in range(start, start + count):
            person = person_upsert(identity=f"+8491500{n:04d}", full_name=f"Người {n}")
            staff = (self.staff_a, self.staff_b, None)[n % 3]
            case = services.case_create(
                person=person, onset=yesterday(), user=self.tracer, staff=staff
            )
            if n % 2:
                services.case_close(case=case, user=self.tracer)

    def test_the_case_list_runs_a_fixed_number_of_queries(self) -> None:
        self.add_cases(0, 3)
        self.client.get(self.url)  # warm the session
        # The page's own: the paginator's COUNT and the page of cases (with their
        # person, unit and staff member; Citus: the people by id).
        with self.assertNumQueries(EVERY_PAGE + 2 + on_citus(1)):
            response = self.client.get(self.url)
        self.assertEqual(len(response.context["page"]), 3)
        self.add_cases(3, 9)
        with self.assertNumQueries(EVERY_PAGE + 2 + on_citus(1)):
            response = self.client.get(self.url)
        self.assertEqual(len(response.context["page"]), 12)
        for case in response.context["page"]:
            self.assertContains(response, case.person.full_name)

    def test_a_filtered_list_runs_as_many(self) -> None:
        self.add_cases(0, 6)
        self.client.get(self.url)
        with self.assertNumQueries(EVERY_PAGE + 2 + on_citus(1)):
            response = self.client.get(self.url, {"status": Case.Status.CLOSED})
        self.assertEqual(len(response.context["page"]), 3)

    def test_an_empty_list_skips_the_page_query(self) -> None:
        self.client.get(self.url)
        with self.assertNumQueries(EVERY_PAGE + 1):  # the COUNT says there is nothing
            self.client.get(self.url)


class FollowUpListQueriesTest(BaseTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        make_outbreak(cls)

    def setUp(self) -> None:
        self.login(self.tracer)

    @override_settings(TRACE_INLINE_MAX_VISITS=1_000_000)
    def test_the_follow_up_list_runs_a_fixed_number_of_queries(self) -> None:
        case = services.case_create(
            person=self.f0_person, onset=yesterday(), user=self.tracer, staff=self.staff_a
        )
        services.case_trace(case=case, user=self.tracer)
        url = reverse("tracing:followup_list", args=[case.pk])
        self.client.get(url)  # warm the session
        # The page's own: the case (with person, unit, staff, profile), the contacts
        # (with person, staff unit, via, location, run), their follow-up entries (one
        # prefetch), and the audit entry. Citus: the people of the case, of the
        # contacts and of whom they met, by id.
        page = EVERY_PAGE + 4 + on_citus(3)
        with self.assertNumQueries(page):
            response = self.client.get(url)
        self.assertEqual(len(response.context["rows"]), 2)

        f1 = Contact.objects.get(case=case, person=self.f1_person)
        services.followup_record(
            contact=f1,
            day=timezone.localdate(),
            status=Contact.Status.CONTACTED,
            has_symptoms=False,
            note="",
            user=self.tracer,
        )
        for n in range(6):  # more contacts, some without a stored follow-up end
            person = person_upsert(identity=f"+8491600{n:04d}", full_name=f"Người {n}")
            Contact.objects.create(
                case=case,
                person=person,
                level=2,
                exposed_at=timezone.now() - timedelta(days=1),
                via=self.f1_person,
                location=self.gate_b,
                overlap_minutes=30,
                follow_up_until=None if n % 2 else timezone.localdate() + timedelta(days=10),
            )
        with self.assertNumQueries(page):
            response = self.client.get(url)
        rows = response.context["rows"]
        self.assertEqual(len(rows), 8)
        self.assertEqual(sum(row.recorded for row in rows), 1)
