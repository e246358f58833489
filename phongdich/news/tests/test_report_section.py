"""The news section of the compiled báo cáo: false-news reports and verdicts, bulletins and
their acknowledgement rate, articles submitted and published per unit; nothing until the
module is used."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from phongdich.core import report_sections as rs
from phongdich.core.tests.base import BaseTestCase
from phongdich.news.services.bulletins import bulletin_acknowledge
from phongdich.news.tests.helpers import article, bulletin, move, published
from phongdich.news.tests.test_falsenews import decide, report


class NewsSectionTests(BaseTestCase):
    def test_the_section_counts_reports_bulletins_and_articles(self) -> None:
        for _ in range(2):
            published(self.staff_user, self.editor, self.unit_a)
        move(article(self.head_b, self.unit_b), "submit", self.head_b)
        item = bulletin(self.office, audience_all=False, units=[self.unit_a, self.unit_b])
        bulletin_acknowledge(bulletin=item, user=self.staff_user, ip=None)
        decide(report(self.staff_user), self.editor)
        report(self.head_a, link="https://facebook.com/p/456")

        today = timezone.localdate()
        start = today - dt.timedelta(days=7)
        content = rs.build_section("news", start, today)
        assert content is not None
        self.assertEqual(
            list(content.sentences),
            [
                "Trong kỳ báo cáo, cán bộ đã báo 2 tin nghi là tin giả qua hệ thống; Ban biên tập "
                "đã kết luận 1 trường hợp (1 tin giả).",
                "Văn phòng Sở đã đăng 1 văn bản chỉ đạo lên bản tin; 1/3 lượt cán bộ đã xác nhận "
                "đã đọc (33,3%).",
                "Các đơn vị, đoàn thể đã gửi 3 tin, bài cho Ban biên tập, 2 bài đã được "
                "đăng; gửi nhiều nhất: Phòng Giáo dục nghề nghiệp (2 bài) và Trung tâm Dịch vụ "
                "việc làm (1 bài).",
            ],
        )
        self.assertTrue(all(s.endswith(".") and not s.endswith("..") for s in content.sentences))
        figures = {f.label: f.text for f in content.figures}
        self.assertEqual(figures["Tin, bài đã đăng"], "2 bài")
        self.assertEqual(figures["Lượt xác nhận đã đọc"], "1/3 (33,3%)")
        self.assertEqual(figures["Kết luận: Tin giả"], "1 tin")

    def test_a_period_without_reports_says_so(self) -> None:
        published(self.staff_user, self.editor, self.unit_a)
        content = rs.build_section("news", dt.date(2021, 9, 1), dt.date(2021, 9, 30))
        assert content is not None
        self.assertEqual(
            list(content.sentences),
            ["Trong kỳ không có tin nghi là tin giả nào được báo qua hệ thống."],
        )

    def test_the_section_is_placed_under_the_item_on_false_news(self) -> None:
        provider = next(p for p in rs.providers() if p.key == "news")
        item_5 = (
            "không đăng tải, phát tán tin giả, tin sai sự thật; sử dụng ứng dụng Smart Thanh "
            "Hóa để cập nhật thông tin các văn bản chỉ đạo"
        )
        item_7 = "tăng cường viết tin, bài tuyên truyền, gửi về Ban biên tập Trang thông tin"
        self.assertGreater(rs.match_score(provider, item_5), rs.match_score(provider, item_7))

    def test_nothing_is_said_until_the_module_is_used(self) -> None:
        today = timezone.localdate()
        self.assertIsNone(rs.build_section("news", today, today))
