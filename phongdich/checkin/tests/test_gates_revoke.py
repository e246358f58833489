from django.urls import reverse

from phongdich.checkin.tests.test_gates_base import DENIED, GateTestCase
from phongdich.core.models import AuditEvent


class GateRevokeTests(GateTestCase):
    def url(self, pk: int) -> str:
        return reverse("checkin:gates_revoke", args=[pk])

    def test_it_asks_for_confirmation_before_revoking(self) -> None:
        self.login(self.head_b)
        response = self.client.get(self.url(self.gate_b.pk))
        self.assertContains(response, "sẽ ngừng hoạt động ngay")
        self.assertFalse(self.fresh(self.gate_b).token_revoked)

    def test_it_revokes_the_token_on_post(self) -> None:
        self.login(self.head_b)
        response = self.client.post(self.url(self.gate_b.pk), follow=True)
        gate = self.fresh(self.gate_b)
        self.assertTrue(gate.token_revoked)
        self.assertFalse(gate.accepts_checkins)
        self.assertContains(response, "Đã thu hồi mã QR")
        self.assertEqual(AuditEvent.objects.filter(action="checkin.gate.token_revoke").count(), 1)

    def test_it_says_so_when_the_token_was_already_revoked(self) -> None:
        self.login(self.office)
        self.client.post(self.url(self.gate_b.pk))
        response = self.client.post(self.url(self.gate_b.pk), follow=True)
        self.assertContains(response, "đã bị thu hồi từ trước")
        self.assertEqual(AuditEvent.objects.filter(action="checkin.gate.token_revoke").count(), 1)

    def test_it_answers_404_for_a_gate_of_another_unit(self) -> None:
        self.login(self.head_b)
        self.assertEqual(self.client.post(self.url(self.gate_a.pk)).status_code, 404)
        self.assertFalse(self.fresh(self.gate_a).token_revoked)

    def test_it_forbids_roles_that_do_not_manage_gates(self) -> None:
        for name in DENIED:
            with self.subTest(role=name):
                self.login(self.cast[name])
                self.assertEqual(self.client.post(self.url(self.gate_vp.pk)).status_code, 403)
        self.assertFalse(self.fresh(self.gate_vp).token_revoked)

    def test_it_sends_an_anonymous_visitor_to_the_login_page(self) -> None:
        self.assertEqual(self.client.post(self.url(self.gate_vp.pk)).status_code, 302)
        self.assertFalse(self.fresh(self.gate_vp).token_revoked)
