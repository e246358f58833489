"""The support section of the compiled báo cáo: the team and the units it covers, requests
opened and resolved in the period, median working times, deadlines missed, escalations;
nothing until the team has a member."""

from __future__ import annotations

import datetime as dt

from phongdich.core import report_sections as rs
from phongdich.support.models import Partner, TeamMember
from phongdich.support.report_section import duration
from phongdich.support.services.requests import request_act
from phongdich.support.tests.helpers import MONDAY, SupportTestCase


def later(minutes: int) -> dt.datetime:
    return MONDAY + dt.timedelta(minutes=minutes)


class SupportSectionTests(SupportTestCase):
    def act(self, request, action, user, **kw):
        return request_act(request=request, action=action, actor=user, ip=None, **kw)

    def test_the_section_counts_requests_times_breaches_and_escalations(self) -> None:
        partner = Partner.objects.create(name="Viettel Thanh Hóa", kind="telecom", purpose="Mạng")
        done = self.open_request()
        self.act(done, "take", self.it2, now=later(10))
        self.act(done, "resolve", self.it2, note="Đã cài lại", now=later(40))
        passed = self.open_request(title="Mất mạng tầng 2")
        self.act(passed, "take", self.it2, now=later(30))
        self.act(passed, "escalate", self.it2, partner=partner, now=later(45))
        self.open_request(title="Không đăng nhập được", now=later(60))  # never taken
        self.open_request(title="Đã cũ", now=MONDAY - dt.timedelta(days=30))  # before the period

        start, end = dt.date(2026, 3, 1), dt.date(2026, 3, 31)
        content = rs.build_section("support", start, end)
        assert content is not None
        self.assertEqual(
            content.sentences[0],
            "Tổ CNTT Sở gồm 3 thành viên, đã phân công người hỗ trợ chính và dự phòng cho 2/4 "
            "đơn vị.",
        )
        self.assertEqual(
            content.sentences[1],
            "Trong kỳ báo cáo, Tổ đã tiếp nhận 3 yêu cầu hỗ trợ kỹ thuật, xử lý xong 1 (2 đang "
            "xử lý); thời gian tiếp nhận 20 phút và xử lý xong 40 phút (trung vị, giờ làm việc).",
        )
        self.assertEqual(
            content.sentences[2],
            "Có 1 lượt quá hạn tiếp nhận và 2 lượt quá hạn xử lý, đã báo tổ trưởng; 1 yêu cầu "
            "đã chuyển đối tác hỗ trợ.",
        )
        self.assertTrue(all(s.endswith(".") and not s.endswith("..") for s in content.sentences))
        figures = {f.label: f.text for f in content.figures}
        self.assertEqual(figures["Yêu cầu hỗ trợ tiếp nhận"], "3 yêu cầu")
        self.assertEqual(figures["Thời gian tiếp nhận (trung vị)"], "20 phút")
        self.assertEqual(figures["Chuyển đối tác"], "1 yêu cầu")

    def test_a_quiet_period_says_so(self) -> None:
        content = rs.build_section("support", dt.date(2025, 1, 1), dt.date(2025, 1, 31))
        assert content is not None
        self.assertEqual(
            content.sentences[-1],
            "Trong kỳ báo cáo, Tổ chưa nhận yêu cầu hỗ trợ kỹ thuật nào qua hệ thống.",
        )

    def test_durations_read_as_hours_and_minutes(self) -> None:
        self.assertEqual(duration(45), "45 phút")
        self.assertEqual(duration(150), "2 giờ 30 phút")
        self.assertEqual(duration(180.4), "3 giờ")

    def test_nothing_is_said_without_a_team(self) -> None:
        TeamMember.objects.update(is_active=False)
        self.assertIsNone(rs.build_section("support", dt.date(2026, 3, 1), dt.date(2026, 3, 31)))
