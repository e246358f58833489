from __future__ import annotations

import unicodedata
from datetime import timedelta

from django.test import Client, override_settings
from django.utils import timezone

from phongdich.checkin.models import Declaration, DiseaseProfile, Location, Person, Visit
from phongdich.checkin.selectors.visits import presence_end
from phongdich.checkin.services.gates import location_regenerate_token, location_revoke_token
from phongdich.checkin.tests.public_helpers import (
    checkin_url,
    declaration_data,
    form_tokens,
    submit,
)
from phongdich.checkin.views.public import PERSON_COOKIE
from phongdich.core.tests.base import BaseTestCase


class PublicCheckinTests(BaseTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.gate = Location.objects.create(
            code="SO-CONG-CHINH", name="Cổng chính Sở", unit=cls.office_unit
        )
        cls.other_gate = Location.objects.create(
            code="SO-CONG-PHU", name="Cổng phụ", unit=cls.office_unit
        )

    def visits(self) -> list[Visit]:
        return list(Visit.objects.order_by("check_in"))

    def test_it_shows_the_first_visit_form_without_an_account(self) -> None:
        response = self.client.get(checkin_url(self.gate))
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "Cổng chính Sở")
        self.assertContains(response, "Khai báo y tế")
        for symptom in ("Sốt", "Ho", "Khó thở", "Đau họng", "Mất vị giác/khứu giác", "Mệt mỏi"):
            self.assertContains(response, symptom)
        self.assertContains(response, "21 ngày")  # the retention period is stated
        self.assertNotContains(response, "<script")

    def test_it_checks_a_first_visitor_in_and_shows_the_green_page(self) -> None:
        response = submit(self.client, self.gate, full_name="Trần Thị Mơ", phone="0912.345.678")
        self.assertEqual(response.status_code, 302)
        page = self.client.get(response["Location"])
        self.assertContains(page, "Đã check-in")
        self.assertContains(page, "Trần Thị Mơ")
        self.assertContains(page, "Cổng chính Sở")
        (visit,) = self.visits()
        self.assertEqual(visit.status, Visit.Status.ADMITTED)
        self.assertEqual(visit.person.identity, "+84912345678")
        self.assertEqual(visit.declaration.consent_version, "2026-11-v1")
        self.assertIsNotNone(visit.declaration.consented_at)

    def test_it_refuses_a_risky_declaration_and_shows_the_red_page(self) -> None:
        response = submit(self.client, self.gate, q_symptoms=["fever", "cough"])
        page = self.client.get(response["Location"])
        self.assertContains(page, "Chưa được vào — vui lòng liên hệ bảo vệ/y tế")
        self.assertContains(page, "Sốt")
        (visit,) = self.visits()
        self.assertEqual(visit.status, Visit.Status.PENDING)
        self.assertTrue(visit.declaration.is_risky)

    def test_a_contact_with_an_f0_is_risky(self) -> None:
        submit(self.client, self.gate, q_contact="1")
        self.assertEqual(self.visits()[0].status, Visit.Status.PENDING)

    def test_it_greets_a_returning_person_and_checks_in_with_one_tap(self) -> None:
        submit(self.client, self.gate, full_name="Lê Văn Quen")
        page = self.client.get(checkin_url(self.other_gate))
        self.assertContains(page, "Chào Lê Văn Quen")
        self.assertContains(page, 'name="mode" value="quick"')
        tokens = form_tokens(self.client, self.other_gate)
        response = self.client.post(
            checkin_url(self.other_gate), {"ft": tokens["ft"], "mode": "quick"}
        )
        self.assertEqual(response.status_code, 302)
        self.assertContains(self.client.get(response["Location"]), "Đã check-in")
        first, second = self.visits()
        self.assertEqual(first.person_id, second.person_id)
        self.assertEqual(second.declaration_id, first.declaration_id)
        self.assertEqual(Declaration.objects.count(), 1)

    def test_one_tap_is_refused_when_the_declaration_has_expired(self) -> None:
        submit(self.client, self.gate)
        Declaration.objects.update(valid_until=timezone.now() - timedelta(minutes=1))
        page = self.client.get(checkin_url(self.other_gate))
        self.assertNotContains(page, 'value="quick"')
        self.assertContains(page, "Vui lòng khai báo y tế hôm nay")

    def test_a_declaration_is_valid_until_local_midnight_by_default(self) -> None:
        profile = DiseaseProfile.active()
        declared = timezone.make_aware(timezone.datetime(2021, 9, 8, 23, 30))
        until = profile.declaration_valid_until(declared)
        self.assertEqual(timezone.localtime(until).strftime("%Y-%m-%d %H:%M"), "2021-09-09 00:00")

    def test_scanning_the_gate_where_one_is_inside_offers_check_out(self) -> None:
        submit(self.client, self.gate)
        page = self.client.get(checkin_url(self.gate))
        self.assertContains(page, "Check-out")
        tokens = form_tokens(self.client, self.gate)
        response = self.client.post(f"{checkin_url(self.gate)}/ra", {"ft": tokens["ft"]})
        self.assertContains(response, "Đã check-out")
        (visit,) = self.visits()
        self.assertIsNotNone(visit.check_out)
        self.assertEqual(visit.effective_end, visit.check_out)

    def test_a_check_in_elsewhere_closes_the_previous_open_visit(self) -> None:
        submit(self.client, self.gate)
        tokens = form_tokens(self.client, self.other_gate)
        self.client.post(checkin_url(self.other_gate), {"ft": tokens["ft"], "mode": "quick"})
        first, second = self.visits()
        self.assertEqual(presence_end(first), second.check_in)
        self.assertIsNone(first.check_out)

    def test_a_double_submit_records_one_visit(self) -> None:
        data = {**form_tokens(self.client, self.gate), **declaration_data()}
        first = self.client.post(checkin_url(self.gate), data)
        second = self.client.post(checkin_url(self.gate), data)
        self.assertEqual((first.status_code, second.status_code), (302, 302))
        self.assertContains(self.client.get(second["Location"]), "Đã check-in")
        self.assertEqual(Visit.objects.count(), 1)
        self.assertEqual(Declaration.objects.count(), 1)

    def test_a_replayed_submit_from_another_phone_does_not_duplicate(self) -> None:
        data = {**form_tokens(self.client, self.gate), **declaration_data()}
        self.client.post(checkin_url(self.gate), data)
        Client().post(checkin_url(self.gate), data)
        self.assertEqual(Visit.objects.count(), 1)

    def test_a_forged_token_gets_a_clear_page_and_no_check_in(self) -> None:
        response = self.client.get("/c/not-a-real-token")
        self.assertEqual(response.status_code, 404)
        self.assertContains(response, "Mã QR không hợp lệ", status_code=404)
        response = self.client.post("/c/not-a-real-token", declaration_data())
        self.assertEqual(response.status_code, 404)
        self.assertEqual(Visit.objects.count(), 0)

    def test_a_revoked_token_gets_a_clear_page_and_no_check_in(self) -> None:
        tokens = form_tokens(self.client, self.gate)
        location_revoke_token(location=self.gate)
        response = self.client.post(checkin_url(self.gate), {**tokens, **declaration_data()})
        self.assertContains(response, "đã bị thu hồi", status_code=410)
        self.assertEqual(Visit.objects.count(), 0)

    def test_a_regenerated_token_retires_the_old_poster(self) -> None:
        old = checkin_url(self.gate)
        location_regenerate_token(location=self.gate)
        self.assertEqual(self.client.get(old).status_code, 404)
        self.assertEqual(self.client.get(checkin_url(self.gate)).status_code, 200)

    def test_it_works_on_a_phone_without_cookies(self) -> None:
        client = Client(enforce_csrf_checks=True)
        data = {**form_tokens(client, self.gate), **declaration_data()}
        client.cookies.clear()
        response = client.post(checkin_url(self.gate), data)
        self.assertEqual(response.status_code, 302)
        self.assertEqual(Visit.objects.count(), 1)

    def test_a_cross_site_post_is_refused(self) -> None:
        data = {**form_tokens(self.client, self.gate), **declaration_data()}
        response = self.client.post(
            checkin_url(self.gate), data, headers={"Origin": "https://evil.example"}
        )
        self.assertEqual(response.status_code, 403)
        response = self.client.post(
            checkin_url(self.gate), data, headers={"Sec-Fetch-Site": "cross-site"}
        )
        self.assertEqual(response.status_code, 403)
        self.assertEqual(Visit.objects.count(), 0)

    def test_a_stale_form_keeps_what_was_typed(self) -> None:
        data = declaration_data(full_name="Phạm Văn Chậm")
        response = self.client.post(checkin_url(self.gate), {**data, "ft": "expired"})
        self.assertContains(response, "đã quá hạn")
        self.assertContains(response, "Phạm Văn Chậm")
        self.assertEqual(Visit.objects.count(), 0)

    def test_a_visitor_matching_a_staff_phone_is_linked_to_the_staff_record(self) -> None:
        submit(
            self.client, self.gate, phone="0912 000 001", is_visitor="1", purpose="Họp", host="VP"
        )
        (visit,) = self.visits()
        self.assertEqual(visit.person.staff, self.staff_a)

    def test_it_remembers_the_person_in_a_signed_cookie(self) -> None:
        submit(self.client, self.gate)
        cookie = self.client.cookies[PERSON_COOKIE]
        self.assertTrue(cookie["httponly"])
        self.client.cookies[PERSON_COOKIE] = "1:forged:signature"
        page = self.client.get(checkin_url(self.other_gate))
        self.assertNotContains(page, 'value="quick"')

    def test_the_manual_code_leads_to_the_gate(self) -> None:
        response = self.client.get("/c/", {"code": self.gate.manual_code.lower()})
        self.assertRedirects(response, checkin_url(self.gate))
        response = self.client.get("/c/", {"code": "ZZZZZZ"})
        self.assertContains(response, "Không có cổng nào mang mã này")


class PublicCheckinBadInputTests(BaseTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.gate = Location.objects.create(code="G1", name="Cổng 1", unit=cls.office_unit)
        cls.cccd_gate = Location.objects.create(
            code="G2", name="Cổng CCCD", unit=cls.office_unit, require_cccd=True
        )

    def assert_rejected(self, response, message: str) -> None:  # type: ignore[no-untyped-def]
        self.assertEqual(response.status_code, 400)
        self.assertContains(response, message, status_code=400)
        self.assertEqual(Visit.objects.count(), 0)

    def test_it_normalises_phones_in_every_format_to_one_person(self) -> None:
        formats = ["0912345678", "84912345678", "+84 912 345 678", "0912.345.678", "0912-345-678"]
        for phone in formats:
            submit(Client(), self.gate, phone=phone)
        self.assertEqual(Person.objects.count(), 1)
        self.assertEqual(Person.objects.get().identity, "+84912345678")

    def test_it_rejects_invalid_phones_with_a_clear_message(self) -> None:
        for phone in ["12345", "0912abc678", "+1 202 555 0100", "091234567890", "0012345678"]:
            response = submit(self.client, self.gate, phone=phone, full_name="Giữ Lại Tên")
            self.assert_rejected(response, "không hợp lệ")
            self.assertContains(response, "Giữ Lại Tên", status_code=400)

    def test_it_requires_a_phone(self) -> None:
        self.assert_rejected(
            submit(self.client, self.gate, phone=""), "Vui lòng nhập số điện thoại"
        )

    def test_it_stores_nfd_names_as_nfc(self) -> None:
        nfd = unicodedata.normalize("NFD", "Nguyễn Thị Hường")
        submit(self.client, self.gate, full_name=nfd)
        person = Person.objects.get()
        self.assertEqual(person.full_name, "Nguyễn Thị Hường")
        self.assertTrue(unicodedata.is_normalized("NFC", person.full_name))

    def test_it_rejects_a_200_character_name(self) -> None:
        self.assert_rejected(submit(self.client, self.gate, full_name="A" * 200), "dài quá 100")

    def test_it_rejects_an_empty_or_blank_name(self) -> None:
        self.assert_rejected(submit(self.client, self.gate, full_name="   "), "họ và tên")

    def test_it_requires_consent(self) -> None:
        self.assert_rejected(submit(self.client, self.gate, consent=None), "Cần có sự đồng ý")

    def test_it_requires_an_answer_to_every_yes_no_question(self) -> None:
        response = submit(self.client, self.gate, q_contact=None)
        self.assert_rejected(response, "Vui lòng trả lời câu hỏi này")

    def test_it_rejects_an_answer_outside_the_choices(self) -> None:
        response = submit(self.client, self.gate, q_symptoms=["plague"])
        self.assertEqual(response.status_code, 400)
        self.assertEqual(Visit.objects.count(), 0)

    def test_a_visitor_must_give_purpose_and_host(self) -> None:
        response = submit(self.client, self.gate, is_visitor="1")
        self.assert_rejected(response, "mục đích đến")
        self.assertContains(response, "người hoặc phòng cần gặp", status_code=400)

    def test_a_gate_that_requires_a_cccd_refuses_without_one(self) -> None:
        self.assert_rejected(submit(self.client, self.cccd_gate), "yêu cầu nhập số CCCD")

    def test_it_rejects_a_malformed_cccd(self) -> None:
        response = submit(self.client, self.cccd_gate, cccd="03809000123")
        self.assert_rejected(response, "12 chữ số")

    def test_it_accepts_a_cccd_at_a_gate_that_requires_it(self) -> None:
        submit(self.client, self.cccd_gate, cccd="038090001234")
        self.assertEqual(Person.objects.get().cccd, "038090001234")


@override_settings(CHECKIN_RATE_PER_CLIENT=3, CHECKIN_RATE_PER_PHONE=2)
class PublicCheckinRateLimitTests(BaseTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.gate = Location.objects.create(code="G1", name="Cổng 1", unit=cls.office_unit)

    def test_it_limits_one_client_with_a_vietnamese_429(self) -> None:
        statuses = [
            submit(Client(), self.gate, phone=f"09123456{n:02d}").status_code for n in range(4)
        ]
        self.assertEqual(statuses, [302, 302, 302, 429])
        response = submit(Client(), self.gate, phone="0912345699")
        self.assertContains(response, "Quá nhiều lượt gửi", status_code=429)
        self.assertIn("Retry-After", response)

    def test_it_limits_one_phone_across_clients(self) -> None:
        statuses = [
            submit(Client(REMOTE_ADDR=f"10.0.0.{n}"), self.gate).status_code for n in range(3)
        ]
        self.assertEqual(statuses, [302, 302, 429])
