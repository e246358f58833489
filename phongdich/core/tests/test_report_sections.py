"""The report-section registry: modules register a provider; an item of a directive is
served by the providers whose keywords it mentions; a failing provider is left out; the
check-in and tracing sections are registered at start-up and count from their models."""

from __future__ import annotations

from datetime import date, timedelta

from django.utils import timezone

from phongdich.checkin.models import Location, Person, Visit
from phongdich.core import report_sections as rs
from phongdich.core.tests.base import BaseTestCase
from phongdich.org.models import Staff


def provider(key: str, keywords: tuple[str, ...], order: int = 100) -> rs.SectionProvider:
    return rs.SectionProvider(
        key=key,
        title=key,
        keywords=keywords,
        build=lambda start, end: rs.SectionContent(sentences=(f"{key} {start:%d/%m}.",)),
        order=order,
    )


class RegistryTests(BaseTestCase):
    def tearDown(self) -> None:
        for key in ("x-equipment", "x-news", "x-broken"):
            rs.unregister(key)

    def test_the_check_in_and_tracing_sections_are_registered_at_start_up(self) -> None:
        keys = [p.key for p in rs.providers()]
        self.assertIn("checkin", keys)
        self.assertIn("tracing", keys)

    def test_an_item_is_served_by_the_providers_it_mentions_best_first(self) -> None:
        equipment = provider("x-equipment", ("trang thiết bị", "máy tính"))
        news = provider("x-news", ("tin, bài", "tuyên truyền"))
        rs.register(equipment)
        rs.register(news)
        text = "Rà soát trang thiết bị CNTT (máy tính để bàn) và tuyên truyền"
        self.assertEqual(rs.providers_for(text, among=[news, equipment]), ["x-equipment", "x-news"])
        self.assertEqual(rs.match_score(equipment, "RÀ SOÁT TRANG THIẾT BỊ"), 1)
        self.assertEqual(rs.providers_for("Họp trực tuyến", among=[news, equipment]), [])

    def test_registering_again_replaces_and_a_provider_needs_keywords(self) -> None:
        rs.register(provider("x-news", ("tin",)))
        rs.register(provider("x-news", ("bài",)))
        self.assertEqual([p.keywords for p in rs.providers() if p.key == "x-news"], [("bài",)])
        with self.assertRaises(ValueError):
            rs.register(provider("x-news", ()))

    def test_a_failing_provider_is_left_out_and_logged(self) -> None:
        def broken(start: date, end: date) -> rs.SectionContent:
            raise RuntimeError("boom")

        rs.register(rs.SectionProvider("x-broken", "Hỏng", ("hỏng",), broken))
        with self.assertLogs("phongdich.core.report_sections", level="ERROR"):
            self.assertIsNone(rs.build_section("x-broken", date(2026, 1, 1), date(2026, 1, 2)))
        self.assertIsNone(rs.build_section("unknown", date(2026, 1, 1), date(2026, 1, 2)))

    def test_figures_are_written_the_vietnamese_way(self) -> None:
        self.assertEqual(rs.Figure("Lượt", 1590, "lượt").text, "1.590 lượt")
        self.assertEqual(rs.Figure("Tỷ lệ", 93.5, "%").text, "93,5 %")
        self.assertEqual(rs.vn_number(1234567), "1.234.567")


class ModuleSectionTests(BaseTestCase):
    def test_the_check_in_section_counts_gates_visits_and_staff(self) -> None:
        gate = Location.objects.create(code="G-A", name="Cổng A", unit=self.unit_a)
        person = Person.objects.create(
            identity="+84912000009", staff=Staff.objects.get(user=self.staff_user)
        )
        moment = timezone.now() - timedelta(hours=3)
        Visit.objects.create(
            person=person,
            location=gate,
            unit_id_snapshot=self.unit_a.pk,
            check_in=moment,
            effective_end=moment + timedelta(hours=1),
        )
        today = timezone.localdate()
        content = rs.build_section("checkin", today - timedelta(days=1), today)
        assert content is not None
        self.assertIn(
            "Hệ thống Phòng dịch số có 1 cổng check-in bằng mã QR đang hoạt động tại 1 đơn vị.",
            content.sentences,
        )
        self.assertIn("hệ thống ghi nhận 1 lượt check-in;", content.text)
        self.assertIn("Lượt check-in", [f.label for f in content.figures])
        self.assertTrue(all(s.endswith(".") and not s.endswith("..") for s in content.sentences))

    def test_the_tracing_section_says_nothing_until_the_module_is_used(self) -> None:
        today = timezone.localdate()
        self.assertIsNone(rs.build_section("tracing", today, today))
