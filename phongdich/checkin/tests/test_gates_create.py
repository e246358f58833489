from typing import Any

from django.test import Client
from django.urls import reverse

from phongdich.checkin.models import Location
from phongdich.checkin.tests.test_gates_base import ALLOWED, DENIED, GateTestCase
from phongdich.core.models import AuditEvent

URL = reverse("checkin:gates_create")


class GateCreateTests(GateTestCase):
    def data(self, **overrides: Any) -> dict[str, Any]:
        values = {
            "code": "PA-CONG-SAU",
            "name": "Cổng sau Phòng Giáo dục",
            "unit": self.unit_a.pk,
            "address": "",
            "opens_at": "07:00",
            "closes_at": "17:30",
            "is_active": "on",
        }
        values.update(overrides)
        return values

    def errors(self, **overrides: Any) -> dict[str, list[str]]:
        response = self.client.post(URL, self.data(**overrides))
        self.assertEqual(response.status_code, 200)
        self.assertFalse(Location.objects.filter(name=self.data(**overrides)["name"]).exists())
        return response.context["form"].errors

    def test_it_sends_an_anonymous_visitor_to_the_login_page(self) -> None:
        response = self.client.post(URL, self.data())
        self.assertRedirects(response, reverse("accounts:login") + "?next=" + URL)
        self.assertFalse(Location.objects.filter(code="PA-CONG-SAU").exists())

    def test_it_forbids_roles_that_do_not_manage_gates(self) -> None:
        for name in DENIED:
            with self.subTest(role=name):
                self.login(self.cast[name])
                self.assertEqual(self.client.get(URL).status_code, 403)
                self.assertEqual(self.client.post(URL, self.data()).status_code, 403)
        self.assertFalse(Location.objects.filter(code="PA-CONG-SAU").exists())

    def test_it_shows_the_form_to_every_role_that_manages_gates(self) -> None:
        for name in ALLOWED:
            with self.subTest(role=name):
                self.login(self.cast[name])
                self.assertContains(self.client.get(URL), "Mã cổng")

    def test_it_creates_a_gate_with_a_fresh_token_and_manual_code(self) -> None:
        self.login(self.head_a)
        response = self.client.post(
            URL, self.data(code="pa-cong-sau", name="  Cổng   sau Phòng Giáo dục ")
        )
        gate = Location.objects.get(code="PA-CONG-SAU")
        self.assertRedirects(response, reverse("checkin:gates_detail", args=[gate.pk]))
        self.assertEqual(gate.name, "Cổng sau Phòng Giáo dục")
        self.assertEqual(gate.unit, self.unit_a)
        self.assertEqual(gate.opens_at.strftime("%H:%M"), "07:00")
        self.assertTrue(gate.is_active)
        self.assertFalse(gate.token_revoked)
        self.assertGreaterEqual(len(gate.poster_token), 16)
        self.assertNotEqual(gate.poster_token, self.gate_a.poster_token)
        self.assertTrue(
            AuditEvent.objects.filter(action="checkin.gate.create", object_id=str(gate.pk)).exists()
        )

    def test_it_normalises_a_decomposed_vietnamese_name_to_nfc(self) -> None:
        self.login(self.office)
        decomposed = "Co\u0302\u0309ng sau"  # "Cổng sau" typed with combining marks
        self.client.post(URL, self.data(name=decomposed))
        self.assertEqual(Location.objects.get(code="PA-CONG-SAU").name, "Cổng sau")

    def test_it_lets_a_unit_head_create_a_gate_in_a_team_below_their_unit(self) -> None:
        self.login(self.head_a)
        self.client.post(URL, self.data(unit=self.unit_a_team.pk))
        self.assertEqual(Location.objects.get(code="PA-CONG-SAU").unit, self.unit_a_team)

    def test_it_refuses_a_unit_outside_the_unit_heads_scope(self) -> None:
        self.login(self.head_a)
        errors = self.errors(unit=self.unit_b.pk)
        self.assertIn("không thuộc phạm vi bạn quản lý", errors["unit"][0])

    def test_it_offers_a_unit_head_only_the_units_in_scope(self) -> None:
        self.login(self.head_a)
        units = list(self.client.get(URL).context["form"].fields["unit"].queryset)
        self.assertEqual(units, [self.unit_a, self.unit_a_team])

    def test_it_rejects_codes_that_are_not_uppercase_letters_digits_and_hyphens(self) -> None:
        self.login(self.office)
        for code in ["CỔNG-1", "SO CONG", "-SO", "SO-", "SO--CONG", "SO_CONG", "SỞ"]:
            with self.subTest(code=code):
                errors = self.errors(code=code)
                self.assertIn("chỉ dùng chữ in hoa không dấu", errors["code"][0])

    def test_it_rejects_a_code_already_used_by_another_gate_whatever_its_case(self) -> None:
        self.login(self.head_a)
        errors = self.errors(code="ttb-cong")  # gate_b's code, in another unit
        self.assertEqual(
            errors["code"], ["Mã cổng TTB-CONG đã được dùng cho một cổng khác: chọn mã khác."]
        )

    def test_it_rejects_a_closing_time_before_the_opening_time(self) -> None:
        self.login(self.office)
        errors = self.errors(opens_at="17:00", closes_at="07:00")
        self.assertEqual(errors["closes_at"], ["Giờ đóng cửa (07:00) phải sau giờ mở cửa (17:00)."])
        errors = self.errors(opens_at="08:00", closes_at="08:00")
        self.assertIn("phải sau giờ mở cửa", errors["closes_at"][0])

    def test_it_asks_for_both_hours_or_neither(self) -> None:
        self.login(self.office)
        errors = self.errors(opens_at="07:00", closes_at="")
        self.assertIn("Nhập cả giờ mở và giờ đóng cửa", errors["closes_at"][0])

    def test_it_accepts_a_gate_open_all_day(self) -> None:
        self.login(self.office)
        self.client.post(URL, self.data(opens_at="", closes_at=""))
        gate = Location.objects.get(code="PA-CONG-SAU")
        self.assertIsNone(gate.opens_at)
        self.assertIsNone(gate.closes_at)

    def test_it_explains_a_malformed_time(self) -> None:
        self.login(self.office)
        errors = self.errors(opens_at="25:00")
        self.assertIn("Giờ không hợp lệ", errors["opens_at"][0])

    def test_it_asks_for_the_missing_fields_in_vietnamese(self) -> None:
        self.login(self.office)
        errors = self.errors(code="", name="   ", unit="")
        self.assertEqual(errors["code"], ["Vui lòng nhập mã cổng."])
        self.assertEqual(errors["name"], ["Vui lòng nhập tên cổng."])
        self.assertEqual(errors["unit"], ["Vui lòng chọn đơn vị."])

    def test_it_keeps_what_was_valid_when_something_is_not(self) -> None:
        self.login(self.office)
        response = self.client.post(URL, self.data(code="SỞ", address="45 Nguyễn Trãi"))
        self.assertContains(response, 'value="45 Nguyễn Trãi"')
        self.assertContains(response, 'value="Cổng sau Phòng Giáo dục"')

    def test_it_refuses_a_post_without_the_csrf_token(self) -> None:
        client = Client(enforce_csrf_checks=True)
        client.force_login(self.office)
        self.assertEqual(client.post(URL, self.data()).status_code, 403)
        self.assertFalse(Location.objects.filter(code="PA-CONG-SAU").exists())
