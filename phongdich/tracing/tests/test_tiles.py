"""The tracing's tile of the Director's home: open cases, F1/F2 under follow-up, the
follow-ups due today and overdue (yesterday's entry missing), and its light; the counts-only
dashboard opens to the Director and the Office, without the links to the cases."""

from __future__ import annotations

from datetime import datetime, time, timedelta

from django.urls import reverse
from django.utils import timezone

from phongdich.checkin.models import DiseaseProfile, Location, Person
from phongdich.core.tests.base import BaseTestCase
from phongdich.core.tiles import Light
from phongdich.tracing.models import Case, Contact, FollowUp
from phongdich.tracing.tiles import build


class TracingTileTests(BaseTestCase):
    def setUp(self) -> None:
        self.today = timezone.localdate()
        self.gate = Location.objects.create(code="G-A", name="Cổng A", unit=self.unit_a)
        self.source = Person.objects.create(identity="+84912000100")
        self.serial = 0

    def case(self, status: str = Case.Status.OPEN) -> Case:
        self.serial += 1
        person = Person.objects.create(identity=f"+8491200{self.serial:04d}")
        return Case.objects.create(
            person=person,
            unit=self.unit_a,
            status=status,
            onset=self.today - timedelta(days=2),
            profile=DiseaseProfile.active(),
            created_by=self.tracer,
        )

    def contact(self, case: Case, *, level: int = 1, exposed_days: int = 3, **kw) -> Contact:
        self.serial += 1
        moment = timezone.make_aware(
            datetime.combine(self.today - timedelta(days=exposed_days), time(9))
        )
        return Contact.objects.create(
            case=case,
            person=Person.objects.create(identity=f"+8491300{self.serial:04d}"),
            level=level,
            exposed_at=moment,
            via=self.source,
            location=self.gate,
            overlap_minutes=30,
            status=kw.pop("status", Contact.Status.CONTACTED),
            follow_up_until=self.today + timedelta(days=10),
            **kw,
        )

    def test_no_open_case_is_green(self) -> None:
        self.case(status=Case.Status.CLOSED)
        data = build(user=self.director, today=self.today)
        assert data is not None
        self.assertEqual((data.figure, data.light), ("0", Light.GREEN))

    def test_open_cases_are_amber_and_a_missed_follow_up_is_red(self) -> None:
        case = self.case()
        first = self.contact(case)
        FollowUp.objects.create(
            contact=first, day=self.today - timedelta(days=1), status=Contact.Status.CONTACTED
        )
        self.contact(case, level=2, exposed_days=1)  # exposed yesterday: not overdue yet
        self.contact(case, status=Contact.Status.RELEASED)  # no longer followed up
        closed = self.case(status=Case.Status.CLOSED)
        self.contact(closed)  # a closed case's contact is not counted
        data = build(user=self.office, today=self.today)
        assert data is not None
        self.assertEqual((data.figure, data.light), ("1", Light.AMBER))
        self.assertIn("F1 đang theo dõi: 1, F2: 1; hôm nay còn 2 người chưa ghi", data.status)
        self.assertIn("0 người quá hạn", data.status)
        self.contact(case)  # exposed three days ago, nothing recorded yesterday
        data = build(user=self.office, today=self.today)
        assert data is not None
        self.assertEqual(data.light, Light.RED)
        self.assertIn("1 người quá hạn", data.status)

    def test_the_director_reads_the_counts_only_dashboard_without_links_to_cases(self) -> None:
        self.case()
        self.login(self.director)
        response = self.client.get(reverse("tracing:dashboard"))
        self.assertEqual(response.status_code, 200)
        self.assertNotContains(response, reverse("tracing:case_list"))
        self.assertEqual(response.context["active_cases"], 1)
        self.login(self.tracer)
        self.assertContains(
            self.client.get(reverse("tracing:dashboard")), reverse("tracing:case_list")
        )
