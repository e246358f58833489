"""Phone numbers encrypted at rest; lookups through the keyed-hash (blind) index."""

from __future__ import annotations

from cryptography.fernet import Fernet
from django.core.exceptions import ImproperlyConfigured
from django.db import connection
from django.test import override_settings

from phongdich.core import crypto
from phongdich.core.crypto import blind_index, decrypt, encrypt
from phongdich.core.tests.base import BaseTestCase
from phongdich.org.models import Staff


def raw_columns(staff: Staff) -> tuple[str, str]:
    table = connection.ops.quote_name(Staff._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT phone, phone_index FROM {table} WHERE id = %s", [staff.pk])
        phone, index = cursor.fetchone()
    return phone, index


class EncryptedPhoneTests(BaseTestCase):
    def test_the_database_column_does_not_hold_the_phone(self) -> None:
        phone, index = raw_columns(self.staff_a)
        self.assertNotIn("912000001", phone)
        self.assertNotIn("0912000001", phone)
        self.assertNotIn("912000001", index)
        self.assertTrue(phone.startswith("gAAAAA"))  # a Fernet token

    def test_the_model_reads_the_phone_back_in_clear(self) -> None:
        self.assertEqual(Staff.objects.get(pk=self.staff_a.pk).phone, "+84912000001")

    def test_the_same_phone_encrypts_differently_each_time(self) -> None:
        self.assertNotEqual(encrypt("+84912000001"), encrypt("+84912000001"))
        self.staff_a.save()
        first, _ = raw_columns(self.staff_a)
        self.staff_a.save()
        second, _ = raw_columns(self.staff_a)
        self.assertNotEqual(first, second)

    def test_a_lookup_by_blind_index_finds_the_record(self) -> None:
        found = Staff.objects.get(phone_index=blind_index("+84912000002", purpose="phone"))
        self.assertEqual(found, self.staff_b)

    def test_the_index_follows_a_change_of_phone(self) -> None:
        self.staff_b.phone = "+84987654321"
        self.staff_b.save()
        self.assertFalse(
            Staff.objects.filter(phone_index=blind_index("+84912000002", purpose="phone")).exists()
        )
        found = Staff.objects.get(phone_index=blind_index("+84987654321", purpose="phone"))
        self.assertEqual(found.pk, self.staff_b.pk)

    def test_a_record_without_a_phone_stores_empty_columns(self) -> None:
        staff = Staff.objects.create(full_name="Không Số", staff_code="NP1", unit=self.unit_b)
        self.assertEqual(raw_columns(staff), ("", ""))

    def test_the_encrypted_column_cannot_be_searched_by_value(self) -> None:
        self.assertFalse(Staff.objects.filter(phone__contains="912000001").exists())


class BlindIndexTests(BaseTestCase):
    def test_it_is_stable_for_one_key_and_purpose(self) -> None:
        self.assertEqual(
            blind_index("+84912000001", purpose="phone"),
            blind_index("+84912000001", purpose="phone"),
        )
        self.assertEqual(len(blind_index("+84912000001", purpose="phone")), 64)

    def test_it_differs_by_purpose(self) -> None:
        self.assertNotEqual(
            blind_index("+84912000001", purpose="phone"),
            blind_index("+84912000001", purpose="id_number"),
        )

    def test_it_depends_on_the_key(self) -> None:
        before = blind_index("+84912000001", purpose="phone")
        with override_settings(BLIND_INDEX_KEY="another-key-of-at-least-32-characters"):
            self.assertNotEqual(blind_index("+84912000001", purpose="phone"), before)

    def test_it_is_empty_for_an_empty_value(self) -> None:
        self.assertEqual(blind_index("", purpose="phone"), "")


class KeyRotationTests(BaseTestCase):
    def test_a_value_under_the_old_key_still_reads_after_a_new_key_is_put_in_front(self) -> None:
        old = Fernet.generate_key().decode()
        new = Fernet.generate_key().decode()
        with override_settings(FIELD_ENCRYPTION_KEYS=[old]):
            token = encrypt("+84912000001")
        with override_settings(FIELD_ENCRYPTION_KEYS=[new, old]):
            self.assertEqual(decrypt(token), "+84912000001")
            rotated = encrypt("+84912000001")
        with override_settings(FIELD_ENCRYPTION_KEYS=[new]):
            self.assertEqual(decrypt(rotated), "+84912000001")

    def test_a_value_whose_key_was_dropped_fails_with_a_clear_message(self) -> None:
        token = encrypt("+84912000001")
        with override_settings(FIELD_ENCRYPTION_KEYS=[Fernet.generate_key().decode()]):
            with self.assertRaisesMessage(ImproperlyConfigured, "lacks its key"):
                decrypt(token)

    def test_a_malformed_key_fails_with_a_clear_message(self) -> None:
        crypto._fernet.cache_clear()
        with override_settings(FIELD_ENCRYPTION_KEYS=["not-a-key"]):
            with self.assertRaisesMessage(ImproperlyConfigured, "Fernet keys"):
                encrypt("x")
