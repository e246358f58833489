"""An import and a live first check-in of the same new person at once, on Citus: the
people table there has no unique index on the identity (it is distributed by id), so
the identity table decides, and the import must not leave a second person behind."""

from __future__ import annotations

import threading
import unittest
from typing import Any
from unittest import mock

from django.db import connection, connections
from django.test import TransactionTestCase

from phongdich.checkin import sql
from phongdich.checkin.importer import parse_text
from phongdich.checkin.models import DiseaseProfile, Location, Person, PersonCheckin, Visit
from phongdich.checkin.services.checkin import person_upsert
from phongdich.checkin.services.imports import import_records
from phongdich.org.models import Unit

HEADER = "person,name,location,check_in,check_out\n"
PHONE = "+84912345678"


@unittest.skipUnless(connection.vendor == "postgresql", "needs concurrent connections")
class ImportIdentityRaceTests(TransactionTestCase):
    def setUp(self) -> None:
        if not sql.citus_installed():
            # On one server the people's unique identity index makes the live check-in
            # wait for the import's commit: no second person can exist.
            self.skipTest("needs a Citus cluster (CITUS_URL)")
        unit = Unit.objects.create(code="SO", name="Sở")
        Location.objects.create(code="G1", name="Cổng 1", unit=unit)
        DiseaseProfile.active()

    def live_check_in_meanwhile(self) -> tuple[Any, list[int]]:
        """``persons_created_after`` as the import calls it, with a live first
        check-in of PHONE committed on another connection just before it answers
        (after the import inserted its own person, before its identity rows)."""
        real = sql.persons_created_after
        live: list[int] = []

        def created_after(max_id: int | None) -> list[tuple[str, int]]:
            def visit() -> None:
                try:
                    live.append(person_upsert(identity=PHONE, full_name="Nguyễn Văn An").pk)
                finally:
                    connections.close_all()

            thread = threading.Thread(target=visit)
            thread.start()
            thread.join(timeout=30)
            return real(max_id)

        return mock.patch.object(sql, "persons_created_after", side_effect=created_after), live

    def test_the_live_person_keeps_the_identity_and_gets_the_imported_visits(self) -> None:
        patch, live = self.live_check_in_meanwhile()
        parsed = parse_text(
            HEADER
            + "0912345678,Nguyễn Văn An,G1,2021-09-08T07:30:00+07:00,\n"
            + "0987654321,Trần Thị Bình,G1,2021-09-08T07:40:00+07:00,\n"
        )
        self.assertEqual(parsed.errors, [])
        with patch:
            result = import_records(parsed.records, parsed.names)
        self.assertEqual(len(live), 1, "the live check-in ran during the import")
        people = Person.objects.filter(identity_index=Person.index_of(PHONE))
        self.assertEqual(list(people.values_list("pk", flat=True)), live)
        self.assertEqual(Visit.objects.filter(person_id=live[0]).count(), 1)
        # No visit points at a person the import deleted.
        self.assertLessEqual(
            set(Visit.objects.values_list("person_id", flat=True)),
            set(Person.objects.values_list("pk", flat=True)),
        )
        self.assertEqual(
            list(PersonCheckin.objects.filter(person_id=live[0]).values_list("location__code")),
            [("G1",)],
        )
        # Two people in the file: one new (Bình), one the live check-in made first.
        self.assertEqual(result.persons_created, 1)
        self.assertEqual(Person.objects.count(), 2)
        self.assertEqual(result.imported, 2)

    def test_without_a_race_every_new_person_is_created(self) -> None:
        parsed = parse_text(HEADER + "0912345678,Nguyễn Văn An,G1,2021-09-08T07:30:00+07:00,\n")
        result = import_records(parsed.records, parsed.names)
        self.assertEqual(result.persons_created, 1)
        person = Person.objects.get(identity_index=Person.index_of(PHONE))
        self.assertEqual(Visit.objects.get().person_id, person.pk)


@unittest.skipUnless(connection.vendor == "postgresql", "Citus runs on PostgreSQL")
class PersonIdentityRowTests(TransactionTestCase):
    """The identity table follows the people saved and deleted through the ORM."""

    def setUp(self) -> None:
        if not sql.citus_installed():
            self.skipTest("needs a Citus cluster (CITUS_URL)")

    def test_a_deleted_person_takes_its_identity_row_in_one_shard_statement(self) -> None:
        from django.test.utils import CaptureQueriesContext

        from phongdich.checkin.models import PersonIdentity

        person = person_upsert(identity=PHONE, full_name="Nguyễn Văn An")
        other = person_upsert(identity="+84987654321", full_name="Trần Thị Bình")
        self.assertEqual(PersonIdentity.objects.count(), 2)
        with CaptureQueriesContext(connection) as queries:
            Person.objects.filter(pk=person.pk).delete()
        identity_deletes = [
            q["sql"] for q in queries.captured_queries if "checkin_personidentity" in q["sql"]
        ]
        self.assertEqual(len(identity_deletes), 1, identity_deletes)
        self.assertIn("identity_index", identity_deletes[0])  # the distribution column
        self.assertEqual(
            list(PersonIdentity.objects.values_list("person_id", flat=True)), [other.pk]
        )
        # A new first visit of the deleted person's phone makes a new person.
        again = person_upsert(identity=PHONE)
        self.assertNotEqual(again.pk, person.pk)
        self.assertTrue(Person.objects.filter(pk=again.pk).exists())

    def test_a_stale_identity_row_is_found_by_person(self) -> None:
        from phongdich.checkin.models import PersonIdentity

        person = person_upsert(identity=PHONE)
        Person.objects.filter(pk=person.pk).update(identity_index="x" * 64)  # outside save
        Person.objects.filter(pk=person.pk).delete()
        self.assertFalse(PersonIdentity.objects.filter(person_id=person.pk).exists())
