"""The adoption module's tile of the Director's home: the share of the staff who installed
each required app (lowest first, as bars), the light of the lowest one."""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET

from django.utils import timezone

from phongdich.adoption.models import RequiredApp, Status
from phongdich.adoption.tests.helpers import AdoptionTestCase, at, declare
from phongdich.adoption.tiles import build
from phongdich.core.charts import SVG_NS
from phongdich.core.tiles import Light
from phongdich.org.models import Staff

NS = {"s": SVG_NS}


class AdoptionTileTests(AdoptionTestCase):
    def test_the_lowest_app_sets_the_figure_and_the_light(self) -> None:
        RequiredApp.objects.exclude(pk__in=[self.bluezone.pk, self.pccovid.pk]).update(
            is_active=False
        )
        today = timezone.localdate()
        yesterday = at(today - dt.timedelta(days=1))
        staff = list(Staff.objects.filter(is_active=True))
        for person in staff:  # everyone has Bluezone
            declare(person, self.bluezone, Status.INSTALLED, yesterday)
        for person in staff[:9]:  # 9 of 12 have PC-Covid: 75 %
            declare(person, self.pccovid, Status.USING, yesterday)
        data = build(user=self.director, today=today)
        assert data is not None
        self.assertEqual((data.figure, data.light), ("75%", Light.AMBER))
        self.assertEqual(data.figure_label, "cán bộ đã cài PC-Covid")
        bars = ET.fromstring(data.chart).findall("s:g[@class='bar']", NS)
        self.assertEqual(
            [(b.get("data-label"), b.get("data-value")) for b in bars],
            [("PC-Covid", "75"), ("Bluezone", "100")],
        )
        for person in staff[9:]:
            declare(person, self.pccovid, Status.USING, yesterday)
        data = build(user=self.office, today=today)
        assert data is not None
        self.assertEqual((data.figure, data.light), ("100%", Light.GREEN))
