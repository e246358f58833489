"""The directives' tiles of the Director's home: one line per item of the issued
directives with its light (red: a unit overdue; amber: a unit not done within three days
of the deadline; green otherwise), the figure of the module that serves the item, links to
the filtered status dashboard; the units late on tasks with their bars and light."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from django.urls import reverse

from phongdich.core.charts import SVG_NS
from phongdich.core.tiles import Light, build_tiles
from phongdich.directives.models import Task
from phongdich.directives.selectors.status import today_local
from phongdich.directives.services import reports
from phongdich.directives.tests.report_helpers import ReportTestCase, issue_directive
from phongdich.directives.tiles import build_items, build_units

NS = {"s": SVG_NS}


class ItemsTileTests(ReportTestCase):
    """The cast's directive (number 41): task 1 (QR codes) for unit A with unit B in
    support, task 2 for unit B, both due in 10 days."""

    def setUp(self) -> None:
        # Worded as the letter words it, so that the check-in module serves it.
        Task.objects.filter(pk=self.task1.pk).update(content="Quét mã QR tại các cổng ra vào")

    def fresh_user(self, user):  # the rows are kept on the user object for one request
        return type(user).objects.get(pk=user.pk)

    def test_items_on_track_are_green_and_say_how_many_units_are_done(self) -> None:
        reports.report_accept(report=self.submit(), by=self.office)
        data = build_items(user=self.fresh_user(self.director), today=today_local())
        assert data is not None
        texts = [line.text for line in data.lines]
        self.assertEqual(
            texts,
            [
                "41/SLĐTBXH-VP · 1. Quét mã QR tại các cổng ra vào: 1/2 đơn vị đã hoàn thành",
                "41/SLĐTBXH-VP · 2. Tập huấn phòng dịch: 0/1 đơn vị đã hoàn thành",
            ],
        )
        self.assertEqual([line.light for line in data.lines], [Light.GREEN, Light.GREEN])
        self.assertEqual((data.figure, data.light), ("2/2", Light.GREEN))
        # The QR item is served by the check-in module (the report sections' keywords).
        self.assertEqual(data.lines[0].module, "checkin")
        self.assertEqual(
            data.lines[0].url, f"{reverse('directives:dashboard')}?directive={self.directive.pk}"
        )

    def test_an_item_due_within_three_days_is_amber_and_an_overdue_one_red(self) -> None:
        issue_directive(self, number=42, days_ago=5, due_in=3)
        issue_directive(self, number=43, days_ago=30, due_in=-2)
        data = build_items(user=self.fresh_user(self.office), today=today_local())
        assert data is not None
        lights = {
            line.text.split(" ·")[0] + line.text.split(" ·")[1][:3]: line.light
            for line in data.lines
        }
        self.assertEqual(lights["42/SLĐTBXH-VP 1."], Light.AMBER)
        self.assertEqual(lights["43/SLĐTBXH-VP 1."], Light.RED)
        self.assertEqual(lights["41/SLĐTBXH-VP 1."], Light.GREEN)
        overdue = next(line for line in data.lines if line.text.startswith("43/SLĐTBXH-VP · 1."))
        self.assertTrue(overdue.text.endswith("0/2 đơn vị đã hoàn thành, 2 đơn vị quá hạn"))
        self.assertIn("status=overdue", overdue.url)
        self.assertEqual((data.figure, data.light), ("4/6", Light.RED))
        self.assertIn("3 văn bản đang thực hiện; 2 nhiệm vụ có đơn vị quá hạn.", data.status)

    def test_the_line_shows_the_figure_of_the_module_that_serves_it(self) -> None:
        shown = {
            s.tile.key: s
            for s in build_tiles(
                user=self.fresh_user(self.director), roles={"director"}, today=today_local()
            )
        }
        checkin = shown["checkin"].data
        line = shown["directives"].data.lines[0]
        self.assertEqual(line.figure, f"{checkin.figure} {checkin.figure_label}")

    def test_many_items_are_cut_to_those_needing_attention_first(self) -> None:
        for number in range(50, 56):
            issue_directive(self, number=number, days_ago=30, due_in=-2 if number == 55 else 9)
        data = build_items(user=self.fresh_user(self.office), today=today_local())
        assert data is not None
        self.assertEqual(len(data.lines), 8)
        self.assertTrue(any(line.text.startswith("55/") for line in data.lines))
        self.assertEqual(data.note, "Còn 6 nhiệm vụ khác (0 cần chú ý): xem tất cả")


class LateUnitsTileTests(ReportTestCase):
    def test_no_unit_late_is_green_and_two_are_amber_with_their_bars(self) -> None:
        data = build_units(user=self.director, today=today_local())
        assert data is not None
        self.assertEqual((data.figure, data.light, data.chart), ("0/2", Light.GREEN, ""))
        issue_directive(self, number=43, days_ago=30, due_in=-2)
        data = build_units(
            user=type(self.director).objects.get(pk=self.director.pk), today=today_local()
        )
        assert data is not None
        self.assertEqual((data.figure, data.light), ("2/2", Light.AMBER))
        root = ET.fromstring(data.chart)
        bars = root.findall("s:g[@class='bar']", NS)
        self.assertEqual(
            [(b.get("data-label"), b.get("data-value")) for b in bars],
            [(self.unit_b.name, "2"), (self.unit_a.name, "1")],
        )
        self.assertEqual(data.query, "status=overdue")
        self.assertIn(
            f"Chậm nhất: {self.unit_b.name}, 2 nhiệm vụ quá hạn, lâu nhất 2 ngày.", data.status
        )
