from django.urls import reverse

from phongdich.checkin.models import Location
from phongdich.checkin.tests.test_gates_base import ALLOWED, DENIED, GateTestCase


class GateDetailTests(GateTestCase):
    def url(self, pk: int) -> str:
        return reverse("checkin:gates_detail", args=[pk])

    def test_it_shows_the_gate_its_manual_code_and_its_public_address(self) -> None:
        self.login(self.head_b)
        response = self.client.get(self.url(self.gate_b.pk))
        self.assertContains(response, self.gate_b.name)
        self.assertContains(response, self.gate_b.manual_code)
        self.assertContains(response, f"/c/{self.gate_b.poster_token}")
        self.assertContains(response, reverse("checkin:gates_poster_pdf", args=[self.gate_b.pk]))

    def test_it_answers_404_for_a_gate_of_another_unit(self) -> None:
        self.login(self.head_b)
        for gate in (self.gate_a, self.gate_a_team, self.gate_vp):
            with self.subTest(gate=gate.code):
                self.assertEqual(self.client.get(self.url(gate.pk)).status_code, 404)

    def test_it_shows_every_gate_to_the_organisation_wide_roles(self) -> None:
        for name in ALLOWED:
            user = self.cast[name]
            self.login(user)
            gates = [self.gate_b] if name == "head_b" else [self.gate_a, self.gate_a_team]
            if name in {"office", "admin", "it"}:
                gates = [self.gate_vp, self.gate_a, self.gate_b]
            for gate in gates:
                with self.subTest(role=name, gate=gate.code):
                    self.assertEqual(self.client.get(self.url(gate.pk)).status_code, 200)

    def test_it_forbids_roles_that_do_not_manage_gates(self) -> None:
        for name in DENIED:
            with self.subTest(role=name):
                self.login(self.cast[name])
                self.assertEqual(self.client.get(self.url(self.gate_vp.pk)).status_code, 403)

    def test_it_offers_no_poster_for_a_revoked_gate(self) -> None:
        Location.objects.filter(pk=self.gate_a.pk).update(token_revoked=True)
        self.login(self.office)
        response = self.client.get(self.url(self.gate_a.pk))
        self.assertContains(response, "đã bị thu hồi")
        self.assertNotContains(response, self.gate_a.poster_token)
        self.assertNotContains(response, reverse("checkin:gates_poster_pdf", args=[self.gate_a.pk]))
