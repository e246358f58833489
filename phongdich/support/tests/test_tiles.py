"""The support module's tile of the Director's home: the open requests, those past their
deadline (red) or not assigned (amber), the requests per week as a sparkline."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from phongdich.core.tiles import Light
from phongdich.support.tests.helpers import SupportTestCase
from phongdich.support.tiles import build


class SupportTileTests(SupportTestCase):
    def test_no_open_request_is_green_and_one_past_its_deadline_is_red(self) -> None:
        today = timezone.localdate()
        data = build(user=self.director, today=today)
        assert data is not None  # the team exists
        self.assertEqual((data.figure, data.light), ("0", Light.GREEN))
        self.open_request(title="Cũ", now=timezone.now() - dt.timedelta(days=20))
        data = build(user=self.office, today=today)
        assert data is not None
        self.assertEqual((data.figure, data.light), ("1", Light.RED))
        self.assertEqual(data.status, "1 yêu cầu đang mở đã quá hạn, 0 chưa phân công.")
        self.assertIn("<polyline", data.chart)
