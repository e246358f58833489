import io
from xml.etree import ElementTree

from django.conf import settings
from django.urls import reverse
from PIL import Image

from phongdich.checkin.models import Location
from phongdich.checkin.tests.test_gates_base import DENIED, GateTestCase, decode_qr


class GateQrPngTests(GateTestCase):
    def url(self, pk: int) -> str:
        return reverse("checkin:gates_qr_png", args=[pk])

    def test_it_serves_a_png_of_at_least_600_pixels_that_decodes_to_the_public_url(self) -> None:
        self.login(self.head_a)
        response = self.client.get(self.url(self.gate_a.pk))
        self.assertEqual(response["Content-Type"], "image/png")
        image = Image.open(io.BytesIO(response.content))
        self.assertGreaterEqual(min(image.size), 600)
        self.assertEqual(
            decode_qr(image), [f"{settings.PUBLIC_BASE_URL}/c/{self.gate_a.poster_token}"]
        )

    def test_it_refuses_the_qr_of_a_revoked_gate(self) -> None:
        Location.objects.filter(pk=self.gate_a.pk).update(token_revoked=True)
        self.login(self.office)
        response = self.client.get(self.url(self.gate_a.pk))
        self.assertRedirects(response, reverse("checkin:gates_detail", args=[self.gate_a.pk]))

    def test_it_answers_404_for_a_gate_of_another_unit(self) -> None:
        self.login(self.head_a)
        self.assertEqual(self.client.get(self.url(self.gate_b.pk)).status_code, 404)

    def test_it_forbids_roles_that_do_not_manage_gates(self) -> None:
        for name in DENIED:
            with self.subTest(role=name):
                self.login(self.cast[name])
                self.assertEqual(self.client.get(self.url(self.gate_vp.pk)).status_code, 403)


class GateQrSvgTests(GateTestCase):
    def url(self, pk: int) -> str:
        return reverse("checkin:gates_qr_svg", args=[pk])

    def test_it_serves_a_valid_square_svg_of_the_qr_code(self) -> None:
        self.login(self.head_b)
        response = self.client.get(self.url(self.gate_b.pk))
        self.assertEqual(response["Content-Type"], "image/svg+xml")
        root = ElementTree.fromstring(response.content)
        self.assertEqual(root.tag, "{http://www.w3.org/2000/svg}svg")
        width, height = int(root.get("width")), int(root.get("height"))
        self.assertEqual(width, height)
        # version 2+ symbol (25+ modules) plus a 4-module quiet zone each side, 10 units a module
        self.assertGreaterEqual(width, (25 + 8) * 10)
        self.assertEqual((width // 10 - 8 - 17) % 4, 0)  # a real QR side: 17 + 4·version
        self.assertIn(self.gate_b.poster_token, root.find("{http://www.w3.org/2000/svg}title").text)

    def test_it_refuses_the_qr_of_an_inactive_gate(self) -> None:
        Location.objects.filter(pk=self.gate_b.pk).update(is_active=False)
        self.login(self.office)
        response = self.client.get(self.url(self.gate_b.pk), follow=True)
        self.assertContains(response, "đang ngừng hoạt động")

    def test_it_answers_404_for_a_gate_of_another_unit(self) -> None:
        self.login(self.head_b)
        self.assertEqual(self.client.get(self.url(self.gate_a.pk)).status_code, 404)

    def test_it_forbids_roles_that_do_not_manage_gates(self) -> None:
        for name in DENIED:
            with self.subTest(role=name):
                self.login(self.cast[name])
                self.assertEqual(self.client.get(self.url(self.gate_vp.pk)).status_code, 403)
