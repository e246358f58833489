from __future__ import annotations

import unicodedata
from typing import Any

from django.urls import reverse

from phongdich.checkin.models import Declaration, Person, Visit
from phongdich.checkin.tests.helpers import make_gates
from phongdich.core.models import AuditEvent
from phongdich.core.tests.base import BaseTestCase

CARD = "038090001234|123456789|Nguyễn Văn An|15031990|Nam|Số 5, Lê Lợi, Thanh Hóa|01072021"


class ManualCheckinTests(BaseTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        make_gates(cls)

    def setUp(self) -> None:
        self.login(self.guard)

    def data(self, **changes: Any) -> dict[str, Any]:
        data: dict[str, Any] = {
            "action": "checkin",
            "location": self.gate_a.pk,
            "full_name": "Hoàng Thị Lan",
            "phone": "0912 345 678",
            "cccd": "",
            "kind": "visitor",
            "purpose": "Nộp hồ sơ",
            "host": "Phòng Tổ chức",
            "q_symptoms": [],
            "q_contact": "0",
            "q_outbreak_travel": "0",
            "q_vaccine_doses": "2",
            "consent": "on",
        }
        data.update(changes)
        return {k: v for k, v in data.items() if v is not None}

    def post(self, **changes: Any):  # type: ignore[no-untyped-def]
        return self.client.post(reverse("checkin:guard_checkin"), self.data(**changes))

    def test_it_checks_in_a_person_without_a_smartphone(self) -> None:
        response = self.post()
        self.assertRedirects(
            response,
            reverse("checkin:guard_index") + f"?cong={self.gate_a.pk}",
            fetch_redirect_response=False,
        )
        visit = Visit.objects.get()
        self.assertEqual(visit.source, Visit.Source.MANUAL)
        self.assertEqual(visit.recorded_by, self.guard)
        self.assertEqual(visit.status, Visit.Status.ADMITTED)
        self.assertEqual(visit.location, self.gate_a)
        self.assertEqual(visit.person.identity, "+84912345678")
        self.assertEqual(visit.person.full_name, "Hoàng Thị Lan")
        declaration = visit.declaration
        self.assertTrue(declaration.is_visitor)
        self.assertEqual((declaration.purpose, declaration.host), ("Nộp hồ sơ", "Phòng Tổ chức"))
        self.assertFalse(declaration.is_risky)
        self.assertTrue(declaration.consent_version)
        event = AuditEvent.objects.get(action="checkin.guard.manual_checkin")
        self.assertEqual(event.detail["phone"], "+8491****678")
        self.assertNotIn("+84912345678", str(event.detail))
        page = self.client.get(response["Location"])
        self.assertContains(page, "Hoàng Thị Lan")
        self.assertContains(page, "Đã check-in Hoàng Thị Lan")

    def test_a_staff_member_needs_no_purpose_or_host(self) -> None:
        self.post(kind="staff", purpose="", host="")
        declaration = Declaration.objects.get()
        self.assertFalse(declaration.is_visitor)

    def test_a_risky_declaration_waits_for_the_guard(self) -> None:
        response = self.post(q_symptoms=["fever"], q_contact="1")
        visit = Visit.objects.get()
        self.assertEqual(visit.status, Visit.Status.PENDING)
        self.assertTrue(visit.declaration.is_risky)
        page = self.client.get(response["Location"])
        self.assertContains(page, "chờ bảo vệ quyết định")
        self.assertEqual([f.visit for f in page.context["flagged"]], [visit])

    def test_it_stores_a_decomposed_name_as_nfc(self) -> None:
        self.post(full_name=unicodedata.normalize("NFD", "  Nguyễn   Thị Ánh  "))
        person = Person.objects.get()
        self.assertEqual(person.full_name, "Nguyễn Thị Ánh")
        self.assertTrue(unicodedata.is_normalized("NFC", person.full_name))

    def assertRejected(self, response, field: str, message: str) -> None:  # type: ignore[no-untyped-def]  # noqa: N802
        self.assertEqual(response.status_code, 200)
        self.assertIn(message, " ".join(response.context["form"].errors.get(field, [])))
        self.assertContains(response, message)
        self.assertEqual(Visit.objects.count(), 0)
        self.assertEqual(Person.objects.count(), 0)

    def assertKept(self, response, **values: str) -> None:  # type: ignore[no-untyped-def]  # noqa: N802
        for value in values.values():
            self.assertContains(response, f'value="{value}"')

    def test_it_rejects_bad_phones_in_every_format(self) -> None:
        for phone in [
            "",
            "12345",
            "091234567",
            "09123456789",
            "+1 415 555 0100",
            "0912abc678",
            "phone",
        ]:
            with self.subTest(phone=phone):
                response = self.post(phone=phone)
                message = "Vui lòng nhập số điện thoại" if not phone else "không hợp lệ"
                self.assertRejected(response, "phone", message)
                self.assertKept(response, name="Hoàng Thị Lan", purpose="Nộp hồ sơ")

    def test_it_accepts_phones_written_in_usual_ways(self) -> None:
        for phone in ["0912.345.678", "+84 912 345 678", "84912345678"]:
            with self.subTest(phone=phone):
                self.post(phone=phone)
        self.assertEqual(Person.objects.get().identity, "+84912345678")
        self.assertEqual(Visit.objects.count(), 3)

    def test_it_rejects_a_name_longer_than_100_characters(self) -> None:
        response = self.post(full_name="Nguyễn " * 40)
        self.assertRejected(response, "full_name", "dài quá 100 ký tự")

    def test_it_rejects_an_empty_name(self) -> None:
        self.assertRejected(self.post(full_name="   "), "full_name", "Vui lòng nhập họ và tên")

    def test_it_requires_consent_and_keeps_what_was_typed(self) -> None:
        response = self.post(consent=None, cccd="038090001234")
        self.assertRejected(response, "consent", "đã đồng ý")
        self.assertKept(response, name="Hoàng Thị Lan", phone="0912 345 678", cccd="038090001234")
        self.assertContains(response, 'value="Phòng Tổ chức"')

    def test_a_gate_that_requires_a_cccd_gets_one(self) -> None:
        self.gate_a.require_cccd = True
        self.gate_a.save()
        response = self.post()
        self.assertRejected(response, "cccd", "yêu cầu nhập số CCCD")
        self.post(cccd="038 090 001 234")
        self.assertEqual(Person.objects.get().cccd, "038090001234")

    def test_it_rejects_a_cccd_that_is_not_twelve_digits(self) -> None:
        for cccd in ["12345", "0380900012345", "03809000123A"]:
            with self.subTest(cccd=cccd):
                self.assertRejected(self.post(cccd=cccd), "cccd", "đúng 12 chữ số")

    def test_a_visitor_states_purpose_and_host(self) -> None:
        response = self.post(purpose="", host="")
        self.assertRejected(response, "purpose", "mục đích")
        self.assertIn("người hoặc bộ phận được gặp", str(response.context["form"].errors["host"]))

    def test_every_health_question_must_be_answered(self) -> None:
        response = self.post(q_contact=None)
        self.assertRejected(response, "q_contact", "Vui lòng trả lời câu hỏi")

    def test_a_guard_cannot_check_in_at_a_gate_of_another_unit(self) -> None:
        response = self.post(location=self.gate_b.pk)
        self.assertRejected(response, "location", "không thuộc phạm vi")

    def test_an_inactive_gate_is_not_offered(self) -> None:
        self.gate_a.is_active = False
        self.gate_a.save()
        self.assertRejected(self.post(), "location", "không thuộc phạm vi")

    def test_only_guards_and_admins_check_people_in(self) -> None:
        for name in ["director", "office", "head_a", "head_b", "tracer", "staff_user", "it"]:
            with self.subTest(member=name):
                self.client.force_login(getattr(self, name))
                self.assertEqual(self.post().status_code, 403)
        self.assertEqual(Visit.objects.count(), 0)


class CccdScanTests(BaseTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        make_gates(cls)

    def setUp(self) -> None:
        self.login(self.guard)

    def scan(self, text: str, **typed: str):  # type: ignore[no-untyped-def]
        data = {"action": "scan", "cccd_text": text, "location": str(self.gate_a.pk), **typed}
        return self.client.post(reverse("checkin:guard_checkin"), data)

    def test_a_scanned_card_fills_name_and_id_and_keeps_the_rest(self) -> None:
        response = self.scan(CARD + "\n", phone="0912345678", purpose="Họp")
        self.assertEqual(response.status_code, 200)
        form = response.context["form"]
        self.assertFalse(form.is_bound)
        self.assertEqual(form.initial["full_name"], "Nguyễn Văn An")
        self.assertEqual(form.initial["cccd"], "038090001234")
        self.assertContains(response, 'value="Nguyễn Văn An"')
        self.assertContains(response, 'value="038090001234"')
        self.assertContains(response, 'value="0912345678"')
        self.assertContains(response, 'value="Họp"')
        self.assertContains(response, "Đã điền họ tên và số CCCD")
        self.assertEqual(Visit.objects.count(), 0)
        self.assertEqual(Person.objects.count(), 0)

    def test_a_decomposed_scan_is_filled_in_as_nfc(self) -> None:
        response = self.scan(unicodedata.normalize("NFD", CARD))
        self.assertEqual(response.context["form"].initial["full_name"], "Nguyễn Văn An")

    def test_malformed_scans_get_clear_messages_and_lose_nothing_typed(self) -> None:
        cases = {
            "038090001234|Nguyễn Văn An": "7 phần",
            CARD.replace("038090001234", "3809000123"): "12 chữ số",
            CARD.replace("15031990", "32131990"): "Ngày sinh",
            CARD.replace("01072021", "2021-07-01"): "Ngày cấp",
            CARD.replace("Nguyễn Văn An", ""): "thiếu họ và tên",
        }
        for text, message in cases.items():
            with self.subTest(text=text):
                response = self.scan(text, phone="0912345678", full_name="Tên Đã Gõ")
                self.assertEqual(response.status_code, 200)
                self.assertIn(message, response.context["scan_error"])
                self.assertContains(response, message)
                self.assertContains(response, 'value="0912345678"')
                self.assertContains(response, 'value="Tên Đã Gõ"')
        self.assertEqual(Visit.objects.count(), 0)

    def test_enter_with_an_empty_scan_field_submits_the_check_in(self) -> None:
        data = {
            "action": "scan",
            "cccd_text": "",
            "location": self.gate_a.pk,
            "full_name": "Trần Văn Bình",
            "phone": "0987654321",
            "kind": "staff",
            "q_contact": "0",
            "q_outbreak_travel": "0",
            "q_vaccine_doses": "3",
            "consent": "on",
        }
        response = self.client.post(reverse("checkin:guard_checkin"), data)
        self.assertEqual(response.status_code, 302)
        self.assertEqual(Visit.objects.get().person.full_name, "Trần Văn Bình")
