"""Shared set-up for the equipment tests."""

from __future__ import annotations

from typing import Any

from phongdich.core.tests.base import BaseTestCase
from phongdich.equipment.models import Equipment, EquipmentKind
from phongdich.equipment.services.equipment import EquipmentFields, equipment_create


def kind(code: str) -> EquipmentKind:
    return EquipmentKind.objects.get(code=code)


def make_equipment(unit: Any, *, actor: Any = None, **values: Any) -> Equipment:
    values.setdefault("kind", kind("laptop"))
    return equipment_create(data=EquipmentFields(unit=unit, **values), actor=actor, ip=None)


class EquipmentTestCase(BaseTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        from phongdich.org.models import Staff

        cls.own_staff = Staff.objects.get(user=cls.staff_user)
        cls.laptop_a = make_equipment(
            cls.unit_a, asset_code="TS-A-01", serial="SNA1", holder=cls.own_staff
        )
        cls.laptop_team = make_equipment(cls.unit_a_team, asset_code="TS-A-02", serial="SNA2")
        cls.laptop_b = make_equipment(cls.unit_b, asset_code="TS-B-01", serial="SNB1")
