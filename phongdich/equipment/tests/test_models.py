from django.db import IntegrityError, transaction

from phongdich.core.tests.base import BaseTestCase
from phongdich.equipment.models import Equipment, EquipmentKind, ReadinessRule


class SeededListsTests(BaseTestCase):
    def test_the_kinds_of_the_issue_are_seeded_as_data(self) -> None:
        codes = set(EquipmentKind.objects.values_list("code", flat=True))
        self.assertTrue(
            {"desktop", "laptop", "tablet", "smartphone", "signature", "scanner", "printer"}
            <= codes
        )
        self.assertTrue(EquipmentKind.objects.get(code="signature").is_signature)

    def test_default_readiness_rules_are_seeded(self) -> None:
        self.assertEqual(
            list(ReadinessRule.objects.values_list("requirement", flat=True)),
            ["working_device", "internet", "signature"],
        )


class UniquenessTests(BaseTestCase):
    def test_an_asset_code_or_a_serial_is_held_once(self) -> None:
        laptop = EquipmentKind.objects.get(code="laptop")
        Equipment.objects.create(kind=laptop, unit=self.unit_a, asset_code="TS-1", serial="S1")
        Equipment.objects.create(kind=laptop, unit=self.unit_a)  # blanks do not collide
        Equipment.objects.create(kind=laptop, unit=self.unit_a)
        with self.assertRaises(IntegrityError), transaction.atomic():
            Equipment.objects.create(kind=laptop, unit=self.unit_b, serial="S1")
        with self.assertRaises(IntegrityError), transaction.atomic():
            Equipment.objects.create(kind=laptop, unit=self.unit_b, asset_code="TS-1")

    def test_the_note_is_encrypted_at_rest(self) -> None:
        from django.db import connection

        laptop = EquipmentKind.objects.get(code="laptop")
        item = Equipment.objects.create(kind=laptop, unit=self.unit_a, note="Nhà riêng ở Hà Trung")
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT note FROM {Equipment._meta.db_table} WHERE id = %s",  # noqa: S608
                [item.pk],
            )
            (raw,) = cursor.fetchone()
        self.assertNotIn("Hà Trung", raw)
        self.assertEqual(Equipment.objects.get(pk=item.pk).note, "Nhà riêng ở Hà Trung")
