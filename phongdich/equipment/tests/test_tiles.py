"""The equipment module's tile of the Director's home: the share of staff ready to work
remotely, the lowest units as bars, its light at the readiness page's thresholds."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from django.utils import timezone

from phongdich.core.charts import SVG_NS
from phongdich.core.tiles import Light
from phongdich.equipment.models import ReadinessRule
from phongdich.equipment.tests.helpers import EquipmentTestCase, make_equipment
from phongdich.equipment.tiles import build
from phongdich.org.models import Staff

NS = {"s": SVG_NS}


class EquipmentTileTests(EquipmentTestCase):
    def setUp(self) -> None:
        # Only "a working device" counts: who is ready is plain from the data.
        ReadinessRule.objects.exclude(requirement=ReadinessRule.Requirement.WORKING_DEVICE).update(
            is_active=False
        )

    def test_the_share_ready_its_light_and_the_lowest_units(self) -> None:
        today = timezone.localdate()
        data = build(user=self.director, today=today)
        assert data is not None
        # 12 staff, one of them (holding laptop_a) has a working device.
        self.assertEqual((data.figure, data.light), ("8,3%", Light.RED))
        self.assertIn("1/12 cán bộ sẵn sàng", data.status)
        bars = ET.fromstring(data.chart).findall("s:g[@class='bar']", NS)
        self.assertEqual(len(bars), 4)  # the four lowest units
        self.assertEqual({b.get("data-value") for b in bars}, {"0"})
        staff = list(Staff.objects.filter(is_active=True).exclude(pk=self.own_staff.pk))
        for n, person in enumerate(staff[:5]):  # 6/12 = 50 %: amber (50 % to below 80 %)
            make_equipment(person.unit, asset_code=f"TS-X-{n}", holder=person)
        data = build(user=self.office, today=today)
        assert data is not None
        self.assertEqual((data.figure, data.light), ("50%", Light.AMBER))
        for n, person in enumerate(staff[5:9]):  # 10/12 = 83,3 %: green (from 80 %)
            make_equipment(person.unit, asset_code=f"TS-Y-{n}", holder=person)
        data = build(user=self.office, today=today)
        assert data is not None
        self.assertEqual((data.figure, data.light), ("83,3%", Light.GREEN))
