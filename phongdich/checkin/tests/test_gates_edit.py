from typing import Any

from django.urls import reverse

from phongdich.checkin.tests.test_gates_base import DENIED, GateTestCase


class GateEditTests(GateTestCase):
    def url(self, gate: Any) -> str:
        return reverse("checkin:gates_edit", args=[gate.pk])

    def data(self, gate: Any, **overrides: Any) -> dict[str, Any]:
        values = {
            "code": gate.code,
            "name": gate.name,
            "unit": gate.unit_id,
            "address": gate.address,
            "opens_at": "",
            "closes_at": "",
            "is_active": "on",
        }
        values.update(overrides)
        return values

    def test_it_saves_changes_to_a_gate_of_the_users_unit(self) -> None:
        self.login(self.head_a)
        response = self.client.post(
            self.url(self.gate_a),
            self.data(self.gate_a, name="Cổng Phòng Giáo dục (mới)", require_cccd="on"),
        )
        self.assertRedirects(response, reverse("checkin:gates_detail", args=[self.gate_a.pk]))
        gate = self.fresh(self.gate_a)
        self.assertEqual(gate.name, "Cổng Phòng Giáo dục (mới)")
        self.assertTrue(gate.require_cccd)
        self.assertEqual(gate.poster_token, self.gate_a.poster_token)  # the poster still works

    def test_it_keeps_the_gates_own_code_without_calling_it_a_duplicate(self) -> None:
        self.login(self.office)
        response = self.client.post(self.url(self.gate_b), self.data(self.gate_b))
        self.assertEqual(response.status_code, 302)

    def test_it_can_switch_a_gate_off(self) -> None:
        self.login(self.office)
        data = self.data(self.gate_b)
        del data["is_active"]
        self.client.post(self.url(self.gate_b), data)
        self.assertFalse(self.fresh(self.gate_b).is_active)

    def test_it_answers_404_for_a_gate_of_another_unit(self) -> None:
        self.login(self.head_a)
        self.assertEqual(self.client.get(self.url(self.gate_b)).status_code, 404)
        response = self.client.post(self.url(self.gate_b), self.data(self.gate_b, name="Đổi"))
        self.assertEqual(response.status_code, 404)
        self.assertEqual(self.fresh(self.gate_b).name, self.gate_b.name)

    def test_it_answers_404_for_a_gate_that_does_not_exist(self) -> None:
        self.login(self.office)
        self.assertEqual(
            self.client.get(reverse("checkin:gates_edit", args=[999999])).status_code, 404
        )

    def test_it_refuses_to_move_a_gate_to_a_unit_outside_the_scope(self) -> None:
        self.login(self.head_a)
        response = self.client.post(
            self.url(self.gate_a), self.data(self.gate_a, unit=self.unit_b.pk)
        )
        self.assertIn("không thuộc phạm vi bạn quản lý", response.context["form"].errors["unit"][0])
        self.assertEqual(self.fresh(self.gate_a).unit, self.unit_a)

    def test_it_refuses_the_code_of_another_gate(self) -> None:
        self.login(self.office)
        response = self.client.post(self.url(self.gate_a), self.data(self.gate_a, code="TTB-CONG"))
        self.assertIn("đã được dùng cho một cổng khác", response.context["form"].errors["code"][0])
        self.assertEqual(self.fresh(self.gate_a).code, "PA-CONG")

    def test_it_rejects_a_closing_time_before_the_opening_time(self) -> None:
        self.login(self.office)
        response = self.client.post(
            self.url(self.gate_a), self.data(self.gate_a, opens_at="18:00", closes_at="06:00")
        )
        self.assertIn("phải sau giờ mở cửa", response.context["form"].errors["closes_at"][0])
        self.assertIsNone(self.fresh(self.gate_a).opens_at)

    def test_it_forbids_roles_that_do_not_manage_gates(self) -> None:
        for name in DENIED:
            with self.subTest(role=name):
                self.login(self.cast[name])
                response = self.client.post(self.url(self.gate_a), self.data(self.gate_a, name="X"))
                self.assertEqual(response.status_code, 403)
        self.assertEqual(self.fresh(self.gate_a).name, self.gate_a.name)

    def test_the_audit_entry_names_the_fields_that_changed(self) -> None:
        from phongdich.core.models import AuditEvent

        self.login(self.head_a)
        self.client.post(
            self.url(self.gate_a),
            self.data(self.gate_a, name="Cổng mới", require_cccd="on"),
            REMOTE_ADDR="10.9.8.7",
        )
        event = AuditEvent.objects.get(action="checkin.gate.update")
        self.assertEqual((event.actor, event.ip_address), (self.head_a, "10.9.8.7"))
        self.assertEqual(event.detail["fields"], ["name", "require_cccd"])
