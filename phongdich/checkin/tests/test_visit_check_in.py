from __future__ import annotations

from datetime import datetime

from django.utils import timezone

from phongdich.checkin.models import Location, Visit
from phongdich.checkin.services import checkin as services
from phongdich.core.tests.base import BaseTestCase


def local(hour: int, minute: int = 0) -> datetime:
    return timezone.make_aware(datetime(2021, 9, 8, hour, minute))


class VisitCheckInTests(BaseTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.gate_1 = Location.objects.create(code="G1", name="Cổng 1", unit=cls.office_unit)
        cls.gate_2 = Location.objects.create(code="G2", name="Cổng 2", unit=cls.office_unit)
        cls.person = services.person_upsert(identity="+84912345678", full_name="Lê Văn Hai")

    def test_a_check_in_cuts_every_open_visit_that_began_earlier(self) -> None:
        # Two open visits with the same check-in time at two gates (a tie).
        first = services.visit_check_in(person=self.person, location=self.gate_1, at=local(8))
        second = services.visit_check_in(person=self.person, location=self.gate_2, at=local(8))
        services.visit_check_in(person=self.person, location=self.gate_1, at=local(9))
        first.refresh_from_db()
        second.refresh_from_db()
        self.assertEqual(first.effective_end, local(9))
        self.assertEqual(second.effective_end, local(9))

    def test_a_closed_visit_keeps_its_check_out(self) -> None:
        closed = services.visit_check_in(
            person=self.person, location=self.gate_1, at=local(8), check_out=local(10)
        )
        services.visit_check_in(person=self.person, location=self.gate_2, at=local(9))
        closed.refresh_from_db()
        self.assertEqual(closed.effective_end, local(10))

    def test_an_open_visit_ends_at_local_midnight_or_after_eight_hours(self) -> None:
        late = services.visit_check_in(person=self.person, location=self.gate_1, at=local(20))
        self.assertEqual(timezone.localtime(late.effective_end).hour, 0)
        early = services.visit_check_in(person=self.person, location=self.gate_2, at=local(6))
        # Back-dated before the 20:00 visit: cut by it? No, 06:00 + 8 h = 14:00 comes first.
        self.assertEqual(early.effective_end, local(14))

    def test_a_back_dated_check_in_ends_at_the_next_one(self) -> None:
        services.visit_check_in(person=self.person, location=self.gate_1, at=local(10))
        earlier = services.visit_check_in(person=self.person, location=self.gate_2, at=local(9))
        self.assertEqual(earlier.effective_end, local(10))
        self.assertEqual(Visit.objects.count(), 2)
