from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from phongdich.checkin.models import Location
from phongdich.checkin.tests.test_gates_base import ALLOWED, DENIED, GateTestCase

URL = reverse("checkin:gates_index")


class GatesIndexTests(GateTestCase):
    def test_it_sends_an_anonymous_visitor_to_the_login_page(self) -> None:
        response = self.client.get(URL)
        self.assertRedirects(response, reverse("accounts:login") + "?next=" + URL)

    def test_it_forbids_roles_that_do_not_manage_gates(self) -> None:
        for name in DENIED:
            with self.subTest(role=name):
                self.login(self.cast[name])
                self.assertEqual(self.client.get(URL).status_code, 403)

    def test_it_opens_for_every_role_that_manages_gates(self) -> None:
        for name in ALLOWED:
            with self.subTest(role=name):
                self.login(self.cast[name])
                self.assertEqual(self.client.get(URL).status_code, 200)

    def test_it_lists_every_gate_per_unit_for_the_office(self) -> None:
        self.login(self.office)
        response = self.client.get(URL)
        for gate in (self.gate_vp, self.gate_a, self.gate_a_team, self.gate_b):
            self.assertContains(response, gate.name)
        self.assertContains(response, f'<h2 id="unit-{self.unit_b.pk}">{self.unit_b.name}</h2>')

    def test_it_shows_a_unit_head_only_the_gates_of_their_units(self) -> None:
        self.login(self.head_a)
        response = self.client.get(URL)
        self.assertContains(response, self.gate_a.name)
        self.assertContains(response, self.gate_a_team.name)  # a team below unit A
        self.assertNotContains(response, self.gate_b.name)
        self.assertNotContains(response, self.gate_vp.name)

    def test_it_shows_the_other_unit_head_only_their_gate(self) -> None:
        self.login(self.head_b)
        response = self.client.get(URL)
        self.assertContains(response, self.gate_b.name)
        self.assertNotContains(response, self.gate_a.name)

    def test_it_shows_the_status_of_each_gate(self) -> None:
        Location.objects.filter(pk=self.gate_a.pk).update(token_revoked=True)
        Location.objects.filter(pk=self.gate_b.pk).update(is_active=False)
        self.login(self.office)
        response = self.client.get(URL)
        self.assertContains(response, "Đã thu hồi mã QR", count=1)
        self.assertContains(response, "Ngừng hoạt động", count=1)
        self.assertContains(response, "Đang hoạt động", count=2)

    def test_it_links_the_unit_poster_only_for_units_with_printable_gates(self) -> None:
        Location.objects.filter(pk=self.gate_b.pk).update(token_revoked=True)
        self.login(self.office)
        response = self.client.get(URL)
        self.assertContains(
            response, reverse("checkin:gates_unit_poster_pdf", args=[self.unit_a.pk])
        )
        self.assertNotContains(
            response, reverse("checkin:gates_unit_poster_pdf", args=[self.unit_b.pk])
        )

    def test_it_reads_the_list_in_a_fixed_number_of_queries(self) -> None:
        self.login(self.office)
        self.client.get(URL)  # warm the session
        with CaptureQueriesContext(connection) as few:
            self.client.get(URL)
        for n in range(10):
            Location.objects.create(code=f"EXTRA-{n}", name=f"Cổng {n}", unit=self.unit_b)
        # the same count with 10 more gates: no query per gate or per unit
        with self.assertNumQueries(len(few.captured_queries)):
            response = self.client.get(URL)
        self.assertContains(response, "EXTRA-9")
        gate_queries = [q for q in few.captured_queries if "checkin_location" in q["sql"]]
        self.assertEqual(len(gate_queries), 1)
