from django.urls import reverse

from phongdich.checkin.models import Location
from phongdich.checkin.tests.test_gates_base import DENIED, GateTestCase
from phongdich.core.models import AuditEvent


class GateRegenerateTests(GateTestCase):
    def url(self, pk: int) -> str:
        return reverse("checkin:gates_regenerate", args=[pk])

    def test_it_asks_for_confirmation_saying_the_old_poster_stops_working(self) -> None:
        self.login(self.head_a)
        response = self.client.get(self.url(self.gate_a.pk))
        self.assertContains(response, "Áp phích cũ sẽ ngừng hoạt động ngay")
        self.assertContains(response, 'method="post"')
        self.assertEqual(self.fresh(self.gate_a).poster_token, self.gate_a.poster_token)

    def test_it_gives_a_new_token_and_the_old_one_finds_no_gate(self) -> None:
        old_token, old_code = self.gate_a.poster_token, self.gate_a.manual_code
        self.login(self.head_a)
        response = self.client.post(self.url(self.gate_a.pk))
        self.assertRedirects(response, reverse("checkin:gates_detail", args=[self.gate_a.pk]))
        gate = self.fresh(self.gate_a)
        self.assertNotEqual(gate.poster_token, old_token)
        self.assertNotEqual(gate.manual_code, old_code)
        self.assertFalse(Location.objects.filter(poster_token=old_token).exists())
        self.assertFalse(Location.objects.filter(manual_code=old_code).exists())
        self.assertTrue(Location.objects.filter(poster_token=gate.poster_token).exists())
        self.assertTrue(
            AuditEvent.objects.filter(
                action="checkin.gate.token_regenerate", object_id=str(gate.pk), actor=self.head_a
            ).exists()
        )

    def test_it_brings_a_revoked_gate_back_with_a_new_token(self) -> None:
        Location.objects.filter(pk=self.gate_b.pk).update(token_revoked=True)
        self.login(self.office)
        self.client.post(self.url(self.gate_b.pk))
        gate = self.fresh(self.gate_b)
        self.assertFalse(gate.token_revoked)
        self.assertNotEqual(gate.poster_token, self.gate_b.poster_token)

    def test_it_answers_404_for_a_gate_of_another_unit(self) -> None:
        self.login(self.head_a)
        self.assertEqual(self.client.post(self.url(self.gate_b.pk)).status_code, 404)
        self.assertEqual(self.fresh(self.gate_b).poster_token, self.gate_b.poster_token)

    def test_it_forbids_roles_that_do_not_manage_gates(self) -> None:
        for name in DENIED:
            with self.subTest(role=name):
                self.login(self.cast[name])
                self.assertEqual(self.client.post(self.url(self.gate_vp.pk)).status_code, 403)
        self.assertEqual(self.fresh(self.gate_vp).poster_token, self.gate_vp.poster_token)

    def test_it_sends_an_anonymous_visitor_to_the_login_page(self) -> None:
        response = self.client.post(self.url(self.gate_vp.pk))
        self.assertEqual(response.status_code, 302)
        self.assertIn(reverse("accounts:login"), response["Location"])
        self.assertEqual(self.fresh(self.gate_vp).poster_token, self.gate_vp.poster_token)
