"""The equipment section of the compiled báo cáo: equipment reviewed in the period, the
readiness per unit with the lowest units named, certificates expiring, broken equipment,
needs proposed and accepted; nothing until the module is used."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from phongdich.core import report_sections as rs
from phongdich.equipment.models import Equipment, ReadinessRule, ReviewItem, StaffReview
from phongdich.equipment.tests.helpers import EquipmentTestCase, kind, make_equipment
from phongdich.equipment.tests.test_proposals import accept, approve, propose


def one_stop_each(content: rs.SectionContent) -> bool:
    return all(
        s.endswith(".") and not s.endswith("..") and ".;" not in s for s in content.sentences
    )


class EquipmentSectionTests(EquipmentTestCase):
    def test_the_section_counts_reviews_readiness_certificates_and_needs(self) -> None:
        today = timezone.localdate()
        # Only "a working device" counts, so who is ready is plain from the data.
        ReadinessRule.objects.exclude(requirement=ReadinessRule.Requirement.WORKING_DEVICE).update(
            is_active=False
        )
        make_equipment(
            self.unit_a,
            asset_code="CKS-1",
            kind=kind("signature"),
            certificate_expiry=today + dt.timedelta(days=10),
        )
        make_equipment(self.unit_b, asset_code="PC-B-9", condition=Equipment.Condition.BROKEN)
        review = StaffReview.objects.create(staff=self.own_staff)
        ReviewItem.objects.create(
            review=review, equipment=self.laptop_a, status=ReviewItem.Status.CONFIRMED
        )
        other = StaffReview.objects.create(staff=self.staff_b)
        ReviewItem.objects.create(
            review=other, equipment=self.laptop_b, status=ReviewItem.Status.BROKEN
        )
        first = propose(self.unit_a, self.staff_user, quantity=3)
        propose(self.unit_a, self.staff_user, quantity=2)
        approve(first, self.head_a)
        accept(first, self.it, quantity=2)

        content = rs.build_section("equipment", today - dt.timedelta(days=7), today)
        assert content is not None
        self.assertEqual(
            content.sentences[0],
            "Trong kỳ báo cáo, 2 cán bộ đã rà soát 2 thiết bị CNTT đang giữ (1 thiết bị báo hỏng).",
        )
        # 12 staff; only the staff member holding laptop_a has a working device.
        self.assertEqual(
            content.sentences[1],
            f"Đến ngày {rs.vn_date(today)}, 1/12 cán bộ (8,3%) đủ điều kiện làm việc trực "
            "tuyến, thấp nhất tại Sở Thử nghiệm (0%), Văn phòng Sở (0%) và Tổ Tuyển sinh "
            "(0%).",
        )
        self.assertEqual(
            content.sentences[2],
            "Cần gia hạn, sửa chữa hoặc thay thế 1 chứng thư số sắp hết hạn trong 30 ngày "
            "và 1 thiết bị hỏng.",
        )
        self.assertEqual(
            content.sentences[3],
            "Các đơn vị đã đề xuất 2 nhu cầu (5 thiết bị), Tổ CNTT đã chấp thuận 1 (2 thiết bị).",
        )
        self.assertTrue(one_stop_each(content))
        figures = {f.label: f.text for f in content.figures}
        self.assertEqual(figures["Thiết bị đã rà soát"], "2 thiết bị")
        self.assertEqual(figures["Cán bộ sẵn sàng làm việc trực tuyến"], "1/12 (8,3%)")
        self.assertEqual(figures["Nhu cầu được chấp thuận"], "1 nhu cầu")

    def test_a_period_before_the_reviews_names_only_the_standing_figures(self) -> None:
        long_ago = dt.date(2021, 9, 1)
        content = rs.build_section("equipment", long_ago, long_ago + dt.timedelta(days=30))
        assert content is not None
        self.assertFalse(any("rà soát" in s for s in content.sentences))
        self.assertTrue(content.sentences[0].startswith("Đến ngày 01/10/2021, "))
        self.assertTrue(one_stop_each(content))

    def test_the_section_is_placed_under_the_item_on_equipment(self) -> None:
        provider = next(p for p in rs.providers() if p.key == "equipment")
        item_3 = "Thực hiện rà soát trang thiết bị CNTT (Máy tính để bàn, chữ ký số …) sẵn sàng"
        item_8 = "đề xuất nhu cầu sử dụng trang thiết bị CNTT tại Cơ quan Sở"
        self.assertGreater(rs.match_score(provider, item_3), rs.match_score(provider, item_8))

    def test_nothing_is_said_until_equipment_is_recorded(self) -> None:
        Equipment.objects.all().delete()
        today = timezone.localdate()
        self.assertIsNone(rs.build_section("equipment", today, today))
