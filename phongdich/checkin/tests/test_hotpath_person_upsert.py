"""person_upsert as one INSERT … ON CONFLICT … RETURNING: creating, updating, the
staff link, and two requests racing for the same new person."""

from __future__ import annotations

import threading
import unittest

from django.db import connection, connections
from django.test import TestCase, TransactionTestCase

from phongdich.checkin.models import Person
from phongdich.checkin.services import checkin as services
from phongdich.core.crypto import blind_index
from phongdich.checkin.sql import citus_installed
from phongdich.org.models import Staff, Unit


def upsert_statements() -> int:
    """One statement; three on Citus (the staff link, the identity, the person by id)."""
    return 3 if citus_installed() else 1


class PersonUpsertTests(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        cls.unit = Unit.objects.create(code="VP", name="Văn phòng Sở")

    def test_it_creates_a_person_in_one_statement_with_encrypted_values(self) -> None:
        with self.assertNumQueries(upsert_statements()):
            person = services.person_upsert(
                identity="+84912345678", full_name="Nguyễn Văn Khách", cccd="038090001234"
            )
        stored = Person.objects.get()
        self.assertEqual(stored.pk, person.pk)
        self.assertEqual(
            (stored.identity, stored.full_name, stored.cccd),
            ("+84912345678", "Nguyễn Văn Khách", "038090001234"),
        )
        self.assertEqual(stored.identity_index, Person.index_of("+84912345678"))
        self.assertEqual(stored.cccd_index, blind_index("038090001234", purpose="cccd"))
        self.assertEqual(stored.created_at, person.created_at)
        self.assertIsNone(person.last_seen_at)
        self.assertIsNone(stored.staff_id)
        with connection.cursor() as cursor:
            cursor.execute("SELECT full_name, identity, cccd FROM checkin_person")
            raw = cursor.fetchone()
        self.assertNotIn("Khách", raw[0])
        self.assertNotIn("912345678", raw[1])
        self.assertNotIn("001234", raw[2])
        self.assertFalse(person._state.adding)

    def test_a_second_visit_updates_the_same_row(self) -> None:
        first = services.person_upsert(identity="+84912345678", full_name="Nguyễn Văn A")
        with self.assertNumQueries(upsert_statements()):
            second = services.person_upsert(
                identity="+84912345678", full_name="Nguyễn Văn B", cccd="038090001234"
            )
        self.assertEqual(first.pk, second.pk)
        self.assertEqual(second.created_at, first.created_at)
        stored = Person.objects.get()
        self.assertEqual((stored.full_name, stored.cccd), ("Nguyễn Văn B", "038090001234"))
        self.assertEqual(stored.cccd_index, blind_index("038090001234", purpose="cccd"))

    def test_empty_values_keep_the_stored_ones(self) -> None:
        services.person_upsert(
            identity="+84912345678", full_name="Nguyễn Văn A", cccd="038090001234"
        )
        person = services.person_upsert(identity="+84912345678")
        self.assertEqual((person.full_name, person.cccd), ("Nguyễn Văn A", "038090001234"))
        stored = Person.objects.get()
        self.assertEqual((stored.full_name, stored.cccd), ("Nguyễn Văn A", "038090001234"))
        self.assertEqual(stored.cccd_index, blind_index("038090001234", purpose="cccd"))

    def test_it_links_the_active_staff_with_the_same_phone(self) -> None:
        staff = Staff.objects.create(
            full_name="Cán Bộ", staff_code="T900", phone="+84981112222", unit=self.unit
        )
        person = services.person_upsert(identity="+84981112222", full_name="Cán Bộ")
        self.assertEqual(person.staff_id, staff.pk)
        self.assertEqual(Person.objects.get().staff_id, staff.pk)

    def test_it_links_by_staff_code_for_imported_identities(self) -> None:
        staff = Staff.objects.create(full_name="Cán Bộ", staff_code="T901", unit=self.unit)
        self.assertEqual(services.person_upsert(identity="T901").staff_id, staff.pk)

    def test_it_does_not_link_inactive_staff(self) -> None:
        Staff.objects.create(
            full_name="Đã Nghỉ",
            staff_code="T902",
            phone="+84981113333",
            unit=self.unit,
            is_active=False,
        )
        self.assertIsNone(services.person_upsert(identity="+84981113333").staff_id)

    def test_a_later_staff_record_links_on_the_next_visit_and_a_link_is_kept(self) -> None:
        person = services.person_upsert(identity="+84981114444", full_name="Khách")
        self.assertIsNone(person.staff_id)
        staff = Staff.objects.create(
            full_name="Cán Bộ", staff_code="T903", phone="+84981114444", unit=self.unit
        )
        self.assertEqual(services.person_upsert(identity="+84981114444").staff_id, staff.pk)
        # The link stays even when the staff record later leaves.
        Staff.objects.filter(pk=staff.pk).update(is_active=False)
        self.assertEqual(services.person_upsert(identity="+84981114444").staff_id, staff.pk)

    def test_it_works_inside_a_transaction_that_goes_on(self) -> None:
        services.person_upsert(identity="+84912345678", full_name="A")
        services.person_upsert(identity="+84912345678", full_name="B")
        self.assertEqual(Person.objects.count(), 1)  # the conflict left the transaction usable


class PersonUpsertRaceTests(TransactionTestCase):
    """Many requests for the same new person at once: one row, every one gets it."""

    @unittest.skipUnless(connection.vendor == "postgresql", "needs concurrent connections")
    def test_concurrent_first_visits_meet_in_the_unique_index(self) -> None:
        workers = 8
        barrier = threading.Barrier(workers)
        pks: list[int] = []
        errors: list[BaseException] = []

        def visit(n: int) -> None:
            try:
                barrier.wait()
                person = services.person_upsert(identity="+84915550000", full_name=f"Tên {n}")
                pks.append(person.pk)
            except BaseException as exc:  # noqa: BLE001 - reported below
                errors.append(exc)
            finally:
                connections.close_all()

        threads = [threading.Thread(target=visit, args=(n,)) for n in range(workers)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        self.assertEqual(errors, [])
        self.assertEqual(Person.objects.count(), 1)
        self.assertEqual(set(pks), {Person.objects.get().pk})
