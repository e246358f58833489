"""Retention: data tied to an open case survives the purge; the rest goes, and persons
named by any case or contact keep their row (PROTECT would crash the purge)."""

from __future__ import annotations

from datetime import timedelta

from phongdich.checkin.models import Person, Visit
from phongdich.checkin.services.retention import purge_expired
from phongdich.checkin.tests.helpers import on_citus
from phongdich.core.tests.base import BaseTestCase
from phongdich.tracing import selectors, services
from phongdich.tracing.models import Case, Contact, KeptVisit
from tracing_engine import CheckinRecord

from .helpers import AS_OF, ONSET, at, load

F0, F1, F2, OTHER = "+84912345600", "+84912345601", "+84912345602", "+84912345609"
NOW = AS_OF + timedelta(days=60)  # far past the 21-day retention


def person(identity: str) -> Person:
    return Person.objects.get(identity_index=Person.index_of(identity))


class RetentionOfTracing(BaseTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        load(
            [
                CheckinRecord(F0, "CONG-A", at(9, 8), at(9, 12)),
                CheckinRecord(F1, "CONG-A", at(9, 9), at(9, 10)),
                CheckinRecord(F2, "CONG-B", at(10, 9), at(10, 10)),
                CheckinRecord(F1, "CONG-B", at(10, 9), at(10, 10)),
                CheckinRecord(OTHER, "CONG-C", at(9, 9), at(9, 10)),
            ]
        )
        Person.objects.update(last_seen_at=AS_OF, created_at=AS_OF)
        case = services.case_create(person=person(F0), onset=ONSET, user=cls.tracer)
        services.case_trace(case=case, user=cls.tracer, as_of=AS_OF)
        cls.case = case

    def test_an_open_case_keeps_its_people_and_their_visits(self) -> None:
        self.assertEqual(Contact.objects.filter(case=self.case).count(), 2)
        result = purge_expired(now=NOW)
        self.assertEqual(result.visits, 1)  # OTHER's only
        self.assertEqual(result.persons, 1)
        kept = {p.identity for p in Person.objects.all()}
        self.assertEqual(kept, {F0, F1, F2})
        # The case's four visits survive: as visits (SQLite; PostgreSQL rows of the
        # DEFAULT partition), or copied into KeptVisit when their day partition was
        # dropped (the importer makes the file's day partitions first); OTHER's is gone.
        survivors = [v.person.identity for v in Visit.objects.select_related("person")] + [
            Person.objects.get(pk=k.person_id).identity for k in KeptVisit.objects.all()
        ]
        self.assertEqual(sorted(survivors), sorted([F0, F1, F2, F1]))

    def test_a_closed_case_loses_visits_but_keeps_case_contact_and_persons(self) -> None:
        services.case_close(case=self.case, user=self.tracer)
        result = purge_expired(now=NOW)  # would raise ProtectedError on Case/Contact persons
        self.assertEqual(result.visits, 5)
        self.assertEqual(Visit.objects.count(), 0)
        self.assertEqual({p.identity for p in Person.objects.all()}, {F0, F1, F2})
        self.assertTrue(Case.objects.filter(pk=self.case.pk).exists())
        self.assertEqual(Contact.objects.filter(case=self.case).count(), 2)

    def test_recent_data_is_never_purged(self) -> None:
        result = purge_expired(now=AS_OF + timedelta(days=5))
        self.assertEqual((result.visits, result.persons), (0, 0))


class TracingSelectors(BaseTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        load([CheckinRecord(F0, "CONG-A", at(9, 8), at(9, 12))])
        load([CheckinRecord(F1, "CONG-A", at(9, 9), at(9, 10))])
        cls.case = services.case_create(person=person(F0), onset=ONSET, user=cls.tracer)
        services.case_trace(case=cls.case, user=cls.tracer, as_of=AS_OF)

    def test_only_tracers_and_admins_see_cases(self) -> None:
        for name, user in self.cast.items():
            with self.subTest(user=name):
                visible = selectors.case_get(user=user, pk=self.case.pk)
                self.assertEqual(visible is not None, name in ("tracer", "admin"))
        self.assertIsNone(selectors.case_get(user=self.tracer, pk="x"))

    def test_the_dashboard_is_a_fixed_number_of_queries(self) -> None:
        with self.assertNumQueries(4 + 2):  # + the tracer's roles and staff unit
            data = selectors.dashboard(user=self.tracer, today=ONSET)
        self.assertEqual(data["active_cases"], 1)
        self.assertEqual(data["contacts"], 1)
        self.assertEqual(data["followups_due"], 1)
        row = data["rows"][0]
        self.assertEqual(dict((v, n) for v, _label, n in row["by_status"])["not_contacted"], 1)
        self.assertEqual(selectors.dashboard(user=self.staff_user)["active_cases"], 0)

    def test_contacts_come_with_their_relations(self) -> None:
        with self.assertNumQueries(1 + on_citus(2)):  # Citus: the people and via by id
            rows = selectors.contact_rows(contacts=selectors.contacts_of(case=self.case))
        self.assertEqual([(r.person, r.via, r.location) for r in rows], [(F1, F0, "CONG-A")])
