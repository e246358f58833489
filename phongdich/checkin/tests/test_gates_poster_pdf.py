from django.urls import reverse

from phongdich.checkin.models import Location
from phongdich.checkin.tests.test_gates_base import DENIED, GateTestCase, pdf_page_text, pdf_pages


class GatePosterPdfTests(GateTestCase):
    def url(self, pk: int) -> str:
        return reverse("checkin:gates_poster_pdf", args=[pk])

    def test_it_downloads_a_one_page_poster_of_the_gate(self) -> None:
        self.login(self.head_a)
        response = self.client.get(self.url(self.gate_a.pk))
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response["Content-Type"], "application/pdf")
        self.assertIn('filename="ap-phich-PA-CONG.pdf"', response["Content-Disposition"])
        self.assertIn("no-store", response["Cache-Control"])
        self.assertEqual(pdf_pages(response.content), 1)
        self.assertIn(self.gate_a.manual_code, pdf_page_text(response.content))

    def test_it_refuses_a_poster_for_a_revoked_gate_with_a_clear_message(self) -> None:
        Location.objects.filter(pk=self.gate_a.pk).update(token_revoked=True)
        self.login(self.office)
        response = self.client.get(self.url(self.gate_a.pk), follow=True)
        self.assertRedirects(response, reverse("checkin:gates_detail", args=[self.gate_a.pk]))
        self.assertContains(response, "đã bị thu hồi: hãy cấp lại mã trước khi in áp phích")

    def test_it_refuses_a_poster_for_an_inactive_gate_with_a_clear_message(self) -> None:
        Location.objects.filter(pk=self.gate_a.pk).update(is_active=False)
        self.login(self.office)
        response = self.client.get(self.url(self.gate_a.pk), follow=True)
        self.assertContains(response, "đang ngừng hoạt động: bật lại cổng trước khi in áp phích")
        self.assertNotEqual(response["Content-Type"], "application/pdf")

    def test_it_answers_404_for_a_gate_of_another_unit(self) -> None:
        self.login(self.head_a)
        self.assertEqual(self.client.get(self.url(self.gate_b.pk)).status_code, 404)

    def test_it_forbids_roles_that_do_not_manage_gates(self) -> None:
        for name in DENIED:
            with self.subTest(role=name):
                self.login(self.cast[name])
                self.assertEqual(self.client.get(self.url(self.gate_vp.pk)).status_code, 403)

    def test_it_sends_an_anonymous_visitor_to_the_login_page(self) -> None:
        self.assertEqual(self.client.get(self.url(self.gate_vp.pk)).status_code, 302)
