from django.conf import settings
from django.urls import reverse

from phongdich.checkin.models import Location
from phongdich.checkin.tests.test_gates_base import (
    DENIED,
    GateTestCase,
    decode_qr,
    pdf_page_image,
    pdf_pages,
)


class GateUnitPosterPdfTests(GateTestCase):
    def url(self, pk: int) -> str:
        return reverse("checkin:gates_unit_poster_pdf", args=[pk])

    def test_it_prints_one_page_per_active_gate_of_the_unit(self) -> None:
        second = Location.objects.create(code="TTB-CONG-2", name="Cổng phụ B", unit=self.unit_b)
        Location.objects.create(code="TTB-OFF", name="Cổng đóng", unit=self.unit_b, is_active=False)
        Location.objects.create(
            code="TTB-REVOKED", name="Cổng thu hồi", unit=self.unit_b, token_revoked=True
        )
        self.login(self.head_b)
        response = self.client.get(self.url(self.unit_b.pk))
        self.assertEqual(response["Content-Type"], "application/pdf")
        self.assertIn('filename="ap-phich-TT-B.pdf"', response["Content-Disposition"])
        self.assertEqual(pdf_pages(response.content), 2)
        found = [decode_qr(pdf_page_image(response.content, i)) for i in range(2)]
        self.assertEqual(
            found,
            [[f"{settings.PUBLIC_BASE_URL}/c/{g.poster_token}"] for g in (self.gate_b, second)],
        )

    def test_it_explains_when_the_unit_has_no_printable_gate(self) -> None:
        Location.objects.filter(pk=self.gate_b.pk).update(token_revoked=True)
        self.login(self.office)
        response = self.client.get(self.url(self.unit_b.pk), follow=True)
        self.assertRedirects(response, reverse("checkin:gates_index"))
        self.assertContains(response, "chưa có cổng nào đang hoạt động")

    def test_it_answers_404_for_a_unit_outside_the_scope(self) -> None:
        self.login(self.head_a)
        self.assertEqual(self.client.get(self.url(self.unit_b.pk)).status_code, 404)
        self.assertEqual(self.client.get(self.url(self.office_unit.pk)).status_code, 404)

    def test_it_forbids_roles_that_do_not_manage_gates(self) -> None:
        for name in DENIED:
            with self.subTest(role=name):
                self.login(self.cast[name])
                self.assertEqual(self.client.get(self.url(self.unit_b.pk)).status_code, 403)
