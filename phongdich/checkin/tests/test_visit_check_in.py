from __future__ import annotations

from datetime import datetime

from django.utils import timezone

from phongdich.checkin.models import Location, PersonCheckin, Visit
from phongdich.checkin.selectors.visits import presence_end
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
        self.assertEqual(presence_end(first), local(9))
        self.assertEqual(presence_end(second), local(9))
        # Through the person-keyed index: the earlier rows (another gate) are not written.
        self.assertEqual((first.effective_end, second.effective_end), (local(16), local(16)))
        self.assertEqual(PersonCheckin.objects.filter(person=self.person).count(), 3)

    def test_a_closed_visit_keeps_its_check_out(self) -> None:
        closed = services.visit_check_in(
            person=self.person, location=self.gate_1, at=local(8), check_out=local(10)
        )
        services.visit_check_in(person=self.person, location=self.gate_2, at=local(9))
        closed.refresh_from_db()
        self.assertEqual(presence_end(closed), local(10))

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

    def test_a_check_in_the_next_day_cuts_nothing_of_the_day_before(self) -> None:
        evening = services.visit_check_in(person=self.person, location=self.gate_1, at=local(22))
        morning = timezone.make_aware(datetime(2021, 9, 9, 7))
        services.visit_check_in(person=self.person, location=self.gate_2, at=morning)
        self.assertEqual(presence_end(evening), timezone.make_aware(datetime(2021, 9, 9)))

    def test_a_check_in_past_midnight_cuts_a_visit_of_the_evening_before(self) -> None:
        # An evening visit of 23:00 runs to midnight; open_visit_hours 8 would run past it.
        evening = services.visit_check_in(person=self.person, location=self.gate_1, at=local(23))
        after = timezone.make_aware(datetime(2021, 9, 8, 23, 40))
        services.visit_check_in(person=self.person, location=self.gate_2, at=after)
        self.assertEqual(presence_end(evening), after)


class ReplayTests(BaseTestCase):
    """Replay detection by (location, submission_id): checkin.models.Submission."""

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.gate_1 = Location.objects.create(code="G1", name="Cổng 1", unit=cls.office_unit)
        cls.gate_2 = Location.objects.create(code="G2", name="Cổng 2", unit=cls.office_unit)
        cls.person = services.person_upsert(identity="+84912345678", full_name="Lê Văn Hai")

    def test_the_same_submission_at_the_same_gate_is_one_visit_even_days_later(self) -> None:
        import uuid

        from phongdich.checkin.models import Submission

        sid = uuid.uuid4()
        first = services.visit_check_in(
            person=self.person, location=self.gate_1, at=local(8), submission_id=sid
        )
        later = timezone.make_aware(datetime(2021, 9, 12, 8))
        again = services.visit_check_in(
            person=self.person, location=self.gate_1, at=later, submission_id=sid
        )
        self.assertEqual(again.pk, first.pk)
        live = services.visit_check_in(person=self.person, location=self.gate_1, submission_id=sid)
        self.assertEqual(live.pk, first.pk)
        self.assertEqual(Visit.objects.count(), 1)
        self.assertEqual(PersonCheckin.objects.count(), 1)
        self.assertEqual(
            list(Submission.objects.values_list("location_id", "visit_id")),
            [(self.gate_1.pk, first.pk)],
        )

    def test_a_replay_that_was_not_looked_up_is_caught_by_the_key(self) -> None:
        import uuid

        sid = uuid.uuid4()
        first = services.visit_check_in(person=self.person, location=self.gate_1, submission_id=sid)
        again = services.visit_check_in(
            person=self.person, location=self.gate_1, submission_id=sid, replay_checked=True
        )
        self.assertEqual(again.pk, first.pk)
        self.assertEqual((Visit.objects.count(), PersonCheckin.objects.count()), (1, 1))

    def test_the_key_is_per_gate(self) -> None:
        import uuid

        sid = uuid.uuid4()
        first = services.visit_check_in(person=self.person, location=self.gate_1, submission_id=sid)
        other = services.visit_check_in(person=self.person, location=self.gate_2, submission_id=sid)
        self.assertNotEqual(other.pk, first.pk)
        self.assertEqual(other.location_id, self.gate_2.pk)
