"""The meetings module's tile of the Director's home: the share of the meetings of the last
30 days held online, its light and the six-month sparkline."""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET

from django.utils import timezone

from phongdich.core.charts import SVG_NS
from phongdich.core.tests.base import BaseTestCase
from phongdich.core.tiles import Light
from phongdich.meetings.tests.helpers import at, make_meeting
from phongdich.meetings.tiles import build

NS = {"s": SVG_NS}


class MeetingsTileTests(BaseTestCase):
    def held(self, days_ago: int, *, online: bool) -> None:
        extra = {} if online else {"platform": "", "online_url": ""}
        make_meeting(
            self,
            start=at(timezone.localdate() - dt.timedelta(days=days_ago), 8),
            invite=False,
            **extra,
        )

    def test_nothing_until_a_meeting_is_held(self) -> None:
        make_meeting(self, invite=False)  # in three days: not held yet
        self.assertIsNone(build(user=self.director, today=timezone.localdate()))

    def test_the_online_share_of_the_last_thirty_days_and_its_light(self) -> None:
        self.held(1, online=True)
        self.held(2, online=False)
        self.held(40, online=False)  # outside the 30 days
        data = build(user=self.director, today=timezone.localdate())
        assert data is not None
        self.assertEqual((data.figure, data.light), ("50%", Light.AMBER))
        self.assertIn("30 ngày qua: 1/2 cuộc họp trực tuyến; 6 tháng: 3 cuộc.", data.status)
        self.held(3, online=True)
        self.held(4, online=True)
        data = build(user=self.office, today=timezone.localdate())
        assert data is not None
        self.assertEqual((data.figure, data.light), ("75%", Light.GREEN))
        self.held(5, online=False)
        self.held(6, online=False)
        self.held(7, online=False)
        data = build(user=self.office, today=timezone.localdate())
        assert data is not None
        self.assertEqual((data.figure, data.light), ("42,9%", Light.RED))
        root = ET.fromstring(data.chart)
        self.assertEqual(len(root.find("s:polyline", NS).get("points").split()), 6)
