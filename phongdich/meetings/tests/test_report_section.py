"""The meetings section of the compiled báo cáo: meetings held online and in person in the
period, the attendance rate, conclusions done on time, the plan for working online issued
or not; the adoption module counts online meetings through the hook registered at start."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from phongdich.adoption import hooks
from phongdich.core import report_sections as rs
from phongdich.core.tests.base import BaseTestCase
from phongdich.directives.services.reports import ReportInput, report_submit
from phongdich.meetings.models import OnlinePlan
from phongdich.meetings.selectors.figures import online_meetings_count
from phongdich.meetings.services.minutes import conclusions_to_tasks
from phongdich.meetings.tests.helpers import at, make_meeting
from phongdich.meetings.tests.test_minutes import held


class MeetingsSectionTests(BaseTestCase):
    maxDiff = None

    def test_the_section_counts_meetings_attendance_conclusions_and_the_plan(self) -> None:
        today = timezone.localdate()
        _, minutes = held(self)  # online, yesterday: 3 invitations, all present but unit A's head
        make_meeting(
            self,
            start=at(today - dt.timedelta(days=2), 8),
            platform="",
            online_url="",
            invite=False,
        )
        directive = conclusions_to_tasks(minutes=minutes, by=self.office)
        report_submit(
            task=directive.tasks.get(number="1"),
            unit=self.unit_a,
            period_start=directive.issued_on,
            data=ReportInput(progress="done", completed_on=today),
            by=self.head_a,
        )
        plan = OnlinePlan.objects.create(
            subject="Triển khai làm việc trực tuyến năm 2026",
            purpose="Mục đích.",
            situation="Tình hình.",
            organisation="Tổ chức thực hiện.",
            signer_title="GIÁM ĐỐC",
            signer_name="Giám Đốc",
        )
        start = today - dt.timedelta(days=7)
        content = rs.build_section("meetings", start, today)
        assert content is not None
        self.assertEqual(
            list(content.sentences),
            [
                "Trong kỳ báo cáo, Cơ quan Sở và các đơn vị đã tổ chức 2 cuộc họp, giao ban, trong "
                "đó 1 cuộc họp trực tuyến (50%) và 1 cuộc họp trực tiếp; tỷ lệ dự họp đạt 66,7% "
                "(2/3 lượt).",
                "Trong 2 kết luận cuộc họp được giao thành nhiệm vụ, 1 đã hoàn thành đúng hạn và "
                "1 đang thực hiện trong hạn.",
                "Kế hoạch triển khai làm việc trực tuyến tại Cơ quan Sở đã được dự thảo, chưa "
                "ban hành.",
            ],
        )
        OnlinePlan.objects.filter(pk=plan.pk).update(
            state=OnlinePlan.State.ISSUED, number=1, issued_on=today
        )
        content = rs.build_section("meetings", start, today)
        assert content is not None
        self.assertEqual(
            content.sentences[-1],
            f"Sở đã ban hành Kế hoạch số 01/KH-SLĐTBXH ngày {rs.vn_date(today)} về triển khai "
            "làm việc trực tuyến năm 2026.",
        )
        self.assertTrue(all(s.endswith(".") and not s.endswith("..") for s in content.sentences))
        figures = {f.label: f.text for f in content.figures}
        self.assertEqual(figures["Cuộc họp trực tuyến"], "1 cuộc")
        self.assertEqual(figures["Tỷ lệ dự họp"], "2/3 (66,7%)")
        self.assertEqual(figures["Đã ban hành kế hoạch làm việc trực tuyến"], "có")

    def test_the_section_is_placed_under_the_item_on_online_meetings(self) -> None:
        provider = next(p for p in rs.providers() if p.key == "meetings")
        item_2 = "tăng cường sử dụng hình thức họp, giao ban trực tuyến để nâng cao hiệu quả"
        item_8 = "xây dựng Kế hoạch triển khai làm việc trực tuyến tại Cơ quan Sở"
        self.assertGreater(rs.match_score(provider, item_2), rs.match_score(provider, item_8))

    def test_the_adoption_module_counts_online_meetings_through_the_hook(self) -> None:
        make_meeting(self, start=at(dt.date(2026, 2, 1), 8))
        self.assertEqual(
            hooks.online_meetings_count(unit=self.unit_a, month=dt.date(2026, 2, 1)),
            online_meetings_count(unit=self.unit_a, month=dt.date(2026, 2, 1)),
        )
        self.assertEqual(
            hooks.online_meetings_count(unit=self.unit_a, month=dt.date(2026, 2, 1)), 1
        )

    def test_nothing_is_said_until_a_meeting_is_scheduled(self) -> None:
        today = timezone.localdate()
        self.assertIsNone(rs.build_section("meetings", today, today))
