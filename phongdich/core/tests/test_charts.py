"""The SVG chart helper (core/charts.py), read back with xml.etree: values, labels, bar
heights, the accessible title and description, and escaping."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from django.test import SimpleTestCase

from phongdich.core.charts import SVG_NS, bar_chart, sparkline, unit_bars

NS = {"s": SVG_NS}


def parse(svg: str) -> ET.Element:
    return ET.fromstring(svg)


class BarChartTests(SimpleTestCase):
    def chart(self) -> ET.Element:
        return parse(
            bar_chart(
                ident="c1",
                title="Lượt check-in, 3 ngày",
                labels=["30/11", "01/12", "02/12"],
                values=[10, 40, 20],
                part=[0, 4, 2],
                value_name="lượt",
                part_name="có nguy cơ",
                height=140,
            )
        )

    def test_each_bar_has_its_label_value_and_a_height_in_proportion(self) -> None:
        root = self.chart()
        bars = root.findall("s:g[@class='bar']", NS)
        self.assertEqual([b.get("data-label") for b in bars], ["30/11", "01/12", "02/12"])
        self.assertEqual([b.get("data-value") for b in bars], ["10", "40", "20"])
        heights = [float(b.find("s:rect[@class='bar-total']", NS).get("height")) for b in bars]
        # The plot is 140 - 22 - 18 = 100 high; the tallest bar fills it.
        self.assertEqual(heights, [25.0, 100.0, 50.0])
        # Bars stand on the same base line.
        bases = [
            float(r.get("y")) + float(r.get("height"))
            for r in root.iterfind(".//s:rect[@class='bar-total']", NS)
        ]
        self.assertEqual(set(bases), {122.0})

    def test_the_part_is_drawn_inside_its_bar_and_told_in_the_bar_title(self) -> None:
        root = self.chart()
        parts = root.findall(".//s:rect[@class='bar-part']", NS)
        self.assertEqual([p.get("data-value") for p in parts], ["4", "2"])  # no zero-high rect
        self.assertEqual([float(p.get("height")) for p in parts], [10.0, 5.0])
        # Each bar with a part has a mark above it.
        marks = root.findall(".//s:circle[@class='part-mark']", NS)
        self.assertEqual([float(m.get("cy")) for m in marks], [122 - 100 - 5, 122 - 50 - 5])
        tips = [t.text for t in root.findall("s:g/s:title", NS)]
        self.assertEqual(tips[1], "01/12: 40 lượt, 4 có nguy cơ")

    def test_it_is_an_image_with_a_title_and_the_figures_as_text(self) -> None:
        root = self.chart()
        self.assertEqual(root.get("role"), "img")
        self.assertEqual(root.get("aria-labelledby"), "c1-t c1-d")
        self.assertEqual(root.find("s:title", NS).text, "Lượt check-in, 3 ngày")
        desc = root.find("s:desc", NS).text
        self.assertEqual(
            desc,
            "30/11: 10 lượt, 0 có nguy cơ; 01/12: 40 lượt, 4 có nguy cơ; 02/12: 20 lượt, "
            "2 có nguy cơ",
        )
        self.assertIsNone(root.get("style"))
        self.assertFalse(any(e.get("style") for e in root.iter()))
        ticks = root.findall("s:text[@class='tick']", NS)
        self.assertEqual([t.text for t in ticks], ["30/11", "01/12", "02/12"])
        # The first and the last label are anchored inside the picture.
        self.assertEqual([t.get("text-anchor") for t in ticks], ["start", "middle", "end"])
        self.assertEqual((ticks[0].get("x"), ticks[-1].get("x")), ("2", "318"))
        self.assertEqual(root.find("s:text[@class='peak']", NS).text, "40")

    def test_only_some_labels_are_written_under_a_long_series(self) -> None:
        labels = [f"{d:02d}/12" for d in range(1, 15)]
        root = parse(bar_chart(ident="c", title="t", labels=labels, values=list(range(14))))
        ticks = [t.text for t in root.findall("s:text[@class='tick']", NS)]
        self.assertEqual(ticks[0], "01/12")
        self.assertEqual(ticks[-1], "14/12")
        self.assertLessEqual(len(ticks), 8)

    def test_text_is_escaped_and_all_zero_values_draw_flat_bars(self) -> None:
        svg = bar_chart(ident='x"y', title="<b>&", labels=["a<"], values=[0])
        root = parse(svg)
        self.assertEqual(root.find("s:title", NS).text, "<b>&")
        self.assertEqual(root.find(".//s:rect", NS).get("height"), "0")
        self.assertIsNone(root.find("s:text[@class='peak']", NS))

    def test_mismatched_series_are_refused(self) -> None:
        with self.assertRaises(ValueError):
            bar_chart(ident="c", title="t", labels=["a"], values=[1, 2])


class UnitBarsTests(SimpleTestCase):
    def test_each_unit_has_its_name_value_and_a_length_in_proportion(self) -> None:
        root = parse(
            unit_bars(
                ident="u",
                title="Sẵn sàng",
                labels=["Phòng A", "Trung tâm B"],
                values=[25, 100],
                maximum=100,
                suffix="%",
                width=320,
            )
        )
        bars = root.findall("s:g[@class='bar']", NS)
        self.assertEqual(
            [b.find("s:text[@class='name']", NS).text for b in bars], ["Phòng A", "Trung tâm B"]
        )
        self.assertEqual([b.find("s:text[@class='value']", NS).text for b in bars], ["25%", "100%"])
        widths = [float(b.find("s:rect[@class='bar-total']", NS).get("width")) for b in bars]
        self.assertEqual(widths, [68.0, 272.0])  # 320 - 48 for the value
        self.assertEqual(root.find("s:desc", NS).text, "Phòng A: 25%; Trung tâm B: 100%")


class LongNamesTests(SimpleTestCase):
    def test_a_long_unit_name_is_cut_at_a_word_and_kept_whole_in_the_title(self) -> None:
        name = "Trường Trung cấp nghề Thanh thiếu niên đặc biệt khó khăn tỉnh Thanh Hóa"
        root = parse(unit_bars(ident="u", title="t", labels=[name], values=[3]))
        shown = root.find("s:g/s:text[@class='name']", NS).text or ""
        self.assertTrue(shown.endswith("…"))
        self.assertLessEqual(len(shown), 320 // 7)
        self.assertTrue(name.startswith(shown[:-1]))
        self.assertEqual(root.find("s:g/s:title", NS).text, f"{name}: 3")


class SparklineTests(SimpleTestCase):
    def test_the_line_goes_through_every_value_lowest_at_the_bottom(self) -> None:
        root = parse(
            sparkline(
                ident="s",
                title="Họp",
                labels=["9", "10", "11"],
                values=[0, 50, 100],
                width=120,
                height=32,
            )
        )
        points = root.find("s:polyline", NS).get("points").split()
        ys = [float(p.split(",")[1]) for p in points]
        self.assertEqual(ys, [29.0, 16.0, 3.0])
        last = root.find("s:circle", NS)
        self.assertEqual((last.get("cx"), last.get("cy")), ("117", "3"))
        self.assertEqual(root.find("s:desc", NS).text, "9: 0; 10: 50; 11: 100")
