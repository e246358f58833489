"""The adoption section of the compiled báo cáo: each app's rate for the Sở and its change
since last week, the lowest units and the unions, the campaigns and the digital-work
indicators of the latest month; nothing until the module is used."""

from __future__ import annotations

import datetime as dt

from phongdich.adoption.models import (
    Campaign,
    Denominator,
    DigitalIndicator,
    Status,
    UnionMembership,
)
from phongdich.adoption.tests.helpers import AdoptionTestCase, at, declare
from phongdich.core import report_sections as rs

# A Wednesday: its ISO week began on Monday 30 August, "last week" ended then.
DAY = dt.date(2021, 9, 1)


class AdoptionSectionTests(AdoptionTestCase):
    def test_the_section_gives_rates_changes_campaigns_and_indicators(self) -> None:
        declare(self.own, self.bluezone, Status.INSTALLED, at(dt.date(2021, 8, 20)))
        declare(self.own, self.pccovid, Status.USING, at(dt.date(2021, 8, 31)))
        declare(self.staff_b, self.bluezone, Status.INSTALLED, at(dt.date(2021, 8, 31)))
        UnionMembership.objects.create(union=self.union_cd, staff=self.staff_b)
        campaign = Campaign.objects.create(
            title="Tuần cài Bluezone",
            target_percent=50,
            denominator=Denominator.ALL,
            starts_on=dt.date(2021, 8, 25),
            deadline=dt.date(2021, 9, 10),
        )
        campaign.apps.set([self.bluezone])
        for unit, values in (
            (self.unit_a, (200, 150, 40, 20, 10, 3)),
            (self.unit_b, (100, 50, 10, 5, 0, 2)),
        ):
            DigitalIndicator.objects.create(
                unit=unit,
                month=dt.date(2021, 8, 1),
                **dict(
                    zip(
                        (
                            "documents_total",
                            "documents_electronic",
                            "dossiers_total",
                            "dossiers_level3",
                            "dossiers_level4",
                            "online_meetings",
                        ),
                        values,
                        strict=True,
                    )
                ),
            )

        content = rs.build_section("adoption", dt.date(2021, 8, 25), DAY)
        assert content is not None
        # 12 active staff, every app is for everyone.
        self.assertEqual(
            list(content.sentences),
            [
                "Đến ngày 01/9/2021, tỷ lệ cán bộ toàn Sở đã cài đặt, sử dụng: Bluezone 16,7%, "
                "PC-Covid 8,3%, Smart Thanh Hóa 0% và Cổng Dịch vụ công quốc gia 0%; cài đặt đủ "
                "các ứng dụng 0%.",
                "Thấp nhất là Văn phòng Sở (0%), Phòng Giáo dục nghề nghiệp (0%) và Trung tâm "
                f"Dịch vụ việc làm (0%); các tổ chức đoàn thể: {self.union_cd.name} 0%.",
                "Trong kỳ đã tổ chức đợt vận động “Tuần cài Bluezone”, chỉ tiêu 50%, đạt 16,7%.",
                "Tháng 8/2021, 2 đơn vị báo cáo 66,7% văn bản được xử lý trên môi trường mạng, "
                "70% hồ sơ thủ tục hành chính trực tuyến mức độ 3, 4 và 5 cuộc họp trực tuyến.",
            ],
        )
        self.assertTrue(all(s.endswith(".") and not s.endswith("..") for s in content.sentences))
        figures = {f.label: f.text for f in content.figures}
        self.assertEqual(figures["Đã cài đặt Bluezone"], "2/12 (16,7%)")
        self.assertEqual(figures["Bluezone: so với tuần trước"], "+8,4 điểm %")
        self.assertEqual(figures["Văn bản xử lý trên môi trường mạng"], "200/300 (66,7%)")
        self.assertEqual(figures["Đợt vận động cài đặt"], "1 đợt")

    def test_the_change_since_last_week_is_told(self) -> None:
        from phongdich.adoption.models import RequiredApp

        RequiredApp.objects.exclude(pk=self.bluezone.pk).update(is_active=False)
        declare(self.own, self.bluezone, Status.INSTALLED, at(dt.date(2021, 8, 20)))
        declare(self.staff_b, self.bluezone, Status.INSTALLED, at(dt.date(2021, 8, 31)))
        content = rs.build_section("adoption", dt.date(2021, 8, 25), DAY)
        assert content is not None
        self.assertEqual(
            content.sentences[0],
            "Đến ngày 01/9/2021, tỷ lệ cán bộ toàn Sở đã cài đặt, sử dụng: Bluezone 16,7%, tăng "
            "8,4 điểm phần trăm so với cuối tuần trước.",
        )

    def test_the_section_is_placed_under_the_item_on_installing_apps(self) -> None:
        provider = next(p for p in rs.providers() if p.key == "adoption")
        item_7 = (
            "vận động các đoàn viên, hội viên cài đặt, sử dụng ứng dụng Bluezone, Smart Thanh Hóa"
        )
        item_5 = "thường xuyên sử dụng ứng dụng Smart Thanh Hóa để cập nhật thông tin"
        self.assertGreater(rs.match_score(provider, item_7), rs.match_score(provider, item_5))

    def test_nothing_is_said_until_the_module_is_used(self) -> None:
        self.assertIsNone(rs.build_section("adoption", dt.date(2021, 8, 25), DAY))
