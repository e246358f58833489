"""The news module's tile of the Director's home: the share of the staff who acknowledged
the bulletins of the last 30 days, the lowest bulletins as bars, its light."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from django.utils import timezone

from phongdich.core.charts import SVG_NS
from phongdich.core.tests.base import BaseTestCase
from phongdich.core.tiles import Light
from phongdich.news.services.bulletins import bulletin_acknowledge
from phongdich.news.tests.helpers import bulletin
from phongdich.news.tiles import build

NS = {"s": SVG_NS}


class NewsTileTests(BaseTestCase):
    def test_nothing_to_show_without_a_bulletin(self) -> None:
        self.assertIsNone(build(user=self.director, today=timezone.localdate()))

    def test_the_acknowledged_share_and_its_light(self) -> None:
        item = bulletin(self.office, audience_all=False, units=[self.unit_a, self.unit_b])
        data = build(user=self.director, today=timezone.localdate())
        assert data is not None
        audience = int(data.status.split("/")[1].split(" ")[0])
        self.assertEqual((data.figure, data.light), ("0%", Light.RED))
        bars = ET.fromstring(data.chart).findall("s:g[@class='bar']", NS)
        self.assertEqual([b.get("data-label") for b in bars], [f"Văn bản số {item.number}"])
        bulletin_acknowledge(bulletin=item, user=self.staff_user, ip=None)
        data = build(user=self.director, today=timezone.localdate())
        assert data is not None
        self.assertTrue(data.status.startswith(f"1/{audience} lượt xác nhận, 1 văn bản"))
        for user in (self.head_a, self.head_b):
            bulletin_acknowledge(bulletin=item, user=user, ip=None)
        data = build(user=self.director, today=timezone.localdate())
        assert data is not None
        self.assertEqual(audience, 3)  # unit A's head and staff member, unit B's head
        self.assertEqual((data.figure, data.light), ("100%", Light.GREEN))
