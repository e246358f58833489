"""The check-in's tile of the Director's home: today's check-ins, the risky declarations
today and over 14 days, its light (green, amber on a risky declaration today, red while
one waits for a decision) and its 14-day chart; scoped to the reader's units."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from datetime import datetime, time, timedelta

from django.utils import timezone

from phongdich.checkin.models import Declaration, DiseaseProfile, Location, Person, Visit
from phongdich.checkin.tiles import build
from phongdich.core.charts import SVG_NS
from phongdich.core.tests.base import BaseTestCase
from phongdich.core.tiles import Light

NS = {"s": SVG_NS}


class CheckinTileTests(BaseTestCase):
    def setUp(self) -> None:
        self.today = timezone.localdate()
        self.gate = Location.objects.create(code="G-A", name="Cổng A", unit=self.unit_a)
        self.gate_b = Location.objects.create(code="G-B", name="Cổng B", unit=self.unit_b)
        self.serial = 0

    def visit(
        self, *, days_ago: int = 0, risky: bool = False, status: str = "admitted", gate=None
    ) -> Visit:
        self.serial += 1
        person = Person.objects.create(identity=f"+8491200{self.serial:04d}")
        moment = timezone.make_aware(
            datetime.combine(self.today - timedelta(days=days_ago), time(8))
        )
        declaration = None
        if risky:
            declaration = Declaration.objects.create(
                person=person,
                profile=DiseaseProfile.active(),
                declared_at=moment,
                valid_until=moment + timedelta(hours=12),
                answers="{}",
                is_risky=True,
                consent_version="1",
                consented_at=moment,
            )
        gate = gate or self.gate
        return Visit.objects.create(
            person=person,
            location=gate,
            unit_id_snapshot=gate.unit_id,
            check_in=moment,
            effective_end=moment + timedelta(hours=1),
            declaration=declaration,
            status=status,
        )

    def test_the_figure_is_today_and_the_chart_holds_fourteen_days(self) -> None:
        self.visit()
        self.visit()
        self.visit(days_ago=3, risky=True)
        self.visit(days_ago=20)  # outside the 14 days
        data = build(user=self.director, today=self.today)
        assert data is not None
        self.assertEqual(data.figure, "2")
        self.assertEqual(data.light, Light.GREEN)
        self.assertIn("14 ngày qua 3 lượt, 1 có nguy cơ", data.status)
        root = ET.fromstring(data.chart)
        bars = root.findall("s:g[@class='bar']", NS)
        self.assertEqual(len(bars), 14)
        self.assertEqual(bars[-1].get("data-label"), f"{self.today:%d/%m}")
        self.assertEqual([b.get("data-value") for b in bars][-4:], ["1", "0", "0", "2"])
        parts = root.findall(".//s:rect[@class='bar-part']", NS)
        self.assertEqual([p.get("data-value") for p in parts], ["1"])

    def test_a_risky_declaration_today_is_amber_and_one_waiting_is_red(self) -> None:
        self.visit(risky=True)
        data = build(user=self.office, today=self.today)
        assert data is not None
        self.assertEqual(data.light, Light.AMBER)
        self.assertIn("Hôm nay 1 khai báo có yếu tố nguy cơ", data.status)
        self.visit(days_ago=2, risky=True, status=Visit.Status.PENDING)
        data = build(user=self.office, today=self.today)
        assert data is not None
        self.assertEqual(data.light, Light.RED)
        self.assertIn("1 lượt đang chờ quyết định", data.status)

    def test_a_unit_head_counts_only_the_gates_of_the_unit(self) -> None:
        self.visit()
        self.visit(gate=self.gate_b)
        data = build(user=self.head_b, today=self.today)
        assert data is not None
        self.assertEqual(data.figure, "1")
