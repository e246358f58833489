"""Registering a case (F0): from a staff record, from a visitor of the log, or by phone."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.urls import reverse
from django.utils import timezone

from phongdich.checkin.models import Visit
from phongdich.core.tests.base import BaseTestCase
from phongdich.tracing.models import Case
from phongdich.tracing.tests.outbreak import F1_NAME, F1_PHONE, make_outbreak

URL = reverse("tracing:case_create")


def today() -> str:
    return timezone.localdate().strftime("%d/%m/%Y")


class CaseCreateTest(BaseTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        make_outbreak(cls)

    def setUp(self) -> None:
        self.login(self.tracer)

    def post(self, **data: Any) -> Any:
        base = {"action": "create", "onset": today(), "isolated_at": "", "notes": ""}
        return self.client.post(URL, {**base, **data})

    def test_the_form_offers_the_three_ways(self) -> None:
        response = self.client.get(URL)
        self.assertContains(response, "Cách 1: từ danh bạ cán bộ")
        self.assertContains(response, "Cách 2: từ nhật ký ra vào")
        self.assertContains(response, "Cách 3: nhập số điện thoại và họ tên")
        self.assertContains(response, 'placeholder="dd/mm/yyyy"')

    def test_a_search_lists_matching_staff_and_keeps_what_was_typed(self) -> None:
        response = self.client.post(
            URL,
            {
                "action": "search",
                "source": "staff",
                "staff_query": "nguyễn văn",
                "onset": "03/01/2026",
                "notes": "Sốt từ sáng",
            },
        )
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, f'value="{self.staff_a.pk}"')
        self.assertContains(response, "Nguyễn Văn Ạ · SA01")
        self.assertContains(response, 'value="03/01/2026"')
        self.assertContains(response, "Sốt từ sáng")
        self.assertNotContains(response, 'class="error"')

    def test_it_registers_a_case_from_a_staff_record_found_by_code(self) -> None:
        onset = timezone.localdate() - timedelta(days=1)
        response = self.post(
            source="staff",
            staff_query="SA01",
            onset=onset.strftime("%d/%m/%Y"),
            isolated_at=f"{onset:%d/%m/%Y} 07:30",
            notes="Sốt, ho",
        )
        case = Case.objects.get()
        self.assertRedirects(response, reverse("tracing:case_detail", args=[case.pk]))
        self.assertEqual(case.staff, self.staff_a)
        self.assertEqual(case.unit, self.unit_a_team)
        self.assertEqual(case.person, self.f0_person)
        self.assertEqual(case.onset, onset)
        local = timezone.localtime(case.isolated_at)
        self.assertEqual((local.hour, local.minute), (7, 30))
        self.assertEqual(case.notes, "Sốt, ho")
        self.assertEqual(case.created_by, self.tracer)

    def test_it_registers_a_case_from_the_staff_member_picked_in_the_list(self) -> None:
        self.post(source="staff", staff_query="Trần", staff=str(self.staff_b.pk))
        self.assertEqual(Case.objects.get().staff, self.staff_b)

    def test_it_registers_a_case_from_a_visitor_found_by_phone(self) -> None:
        self.post(source="visit", visit_query="0913 000 001")
        case = Case.objects.get()
        self.assertEqual(case.person, self.f1_person)
        self.assertIsNone(case.staff)

    def test_a_name_matching_several_visitors_asks_to_pick_one(self) -> None:
        response = self.post(source="visit", visit_query="van")
        self.assertEqual(response.status_code, 400)
        self.assertContains(response, "Có 2 lượt check-in khớp “van”", status_code=400)
        visit = Visit.objects.filter(person=self.f2_person).first()
        assert visit is not None
        self.assertContains(response, f'value="{visit.pk}"', status_code=400)
        self.post(source="visit", visit_query="van", visit=str(visit.pk))
        self.assertEqual(Case.objects.get().person, self.f2_person)

    def test_it_registers_a_case_by_phone_and_name(self) -> None:
        self.post(source="phone", phone="0987.654.321", full_name="  Đỗ   Thị Hà ")
        case = Case.objects.get()
        self.assertEqual(case.person.identity, "+84987654321")
        self.assertEqual(case.person.full_name, "Đỗ Thị Hà")

    def test_a_future_onset_is_refused_and_nothing_is_lost(self) -> None:
        tomorrow = timezone.localdate() + timedelta(days=1)
        response = self.post(
            source="phone",
            phone="0987654321",
            full_name="Đỗ Thị Hà",
            onset=tomorrow.strftime("%d/%m/%Y"),
            notes="Ghi chú quan trọng",
        )
        self.assertEqual(response.status_code, 400)
        self.assertContains(response, "ở tương lai", status_code=400)
        self.assertContains(response, 'value="0987654321"', status_code=400)
        self.assertContains(response, 'value="Đỗ Thị Hà"', status_code=400)
        self.assertContains(response, "Ghi chú quan trọng", status_code=400)
        self.assertFalse(Case.objects.exists())

    def test_an_isolation_before_the_onset_day_is_refused(self) -> None:
        onset = timezone.localdate()
        before = onset - timedelta(days=1)
        response = self.post(
            source="phone",
            phone="0987654321",
            full_name="Đỗ Thị Hà",
            onset=onset.strftime("%d/%m/%Y"),
            isolated_at=before.strftime("%d/%m/%Y 23:59"),
        )
        self.assertContains(response, "không được trước ngày khởi phát", status_code=400)
        self.assertFalse(Case.objects.exists())

    def test_a_badly_written_date_says_how_to_write_it(self) -> None:
        response = self.post(source="phone", phone="0987654321", full_name="Hà", onset="2026/13/45")
        self.assertContains(response, "nhập ngày dạng dd/mm/yyyy", status_code=400)
        response = self.post(
            source="phone", phone="0987654321", full_name="Hà", isolated_at="hôm qua"
        )
        self.assertContains(response, "nhập dạng dd/mm/yyyy HH:MM", status_code=400)

    def test_an_unknown_staff_member_is_named_in_the_message(self) -> None:
        response = self.post(source="staff", staff_query="Không Có Ai")
        self.assertContains(
            response, "Không tìm thấy cán bộ nào khớp “Không Có Ai”", status_code=400
        )
        self.assertContains(response, 'value="Không Có Ai"', status_code=400)
        self.assertFalse(Case.objects.exists())

    def test_a_staff_id_the_tracer_did_not_find_is_refused(self) -> None:
        response = self.post(source="staff", staff_query="Nguyễn", staff="999999")
        self.assertContains(response, "Không tìm thấy cán bộ đã chọn", status_code=400)

    def test_a_bad_phone_is_refused_with_an_example(self) -> None:
        response = self.post(source="phone", phone="12345", full_name="Hà")
        self.assertContains(response, "không hợp lệ", status_code=400)
        self.assertContains(response, "0912345678", status_code=400)

    def test_a_phone_without_a_name_is_refused(self) -> None:
        response = self.post(source="phone", phone=F1_PHONE, full_name="")
        self.assertContains(response, "Vui lòng nhập họ và tên", status_code=400)

    def test_a_person_with_an_open_case_is_refused_with_the_services_message(self) -> None:
        self.post(source="phone", phone=F1_PHONE, full_name=F1_NAME)
        response = self.post(source="phone", phone=F1_PHONE, full_name=F1_NAME)
        self.assertContains(response, "chưa kết thúc điều tra", status_code=400)
        self.assertEqual(Case.objects.count(), 1)
