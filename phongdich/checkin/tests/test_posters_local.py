"""A poster is never printed with a local PUBLIC_BASE_URL by mistake: the library
refuses it, the web answers 409 (in DEBUG, the demo's case, it shows the poster with a
red band instead), the command exits 2 unless --allow-local."""

import io
import tempfile
from contextlib import redirect_stderr
from pathlib import Path
from unittest import mock

from django.core.management import ManagementUtility, call_command
from django.core.management.base import CommandError
from django.db import connections
from django.test import SimpleTestCase, override_settings
from django.urls import reverse

from phongdich.checkin import posters
from phongdich.checkin.tests.test_gates_base import (
    GateTestCase,
    decode_qr,
    pdf_page_image,
    pdf_page_text,
    pdf_pages,
)

LOCAL = "http://127.0.0.1:8100"
BAND = "Địa chỉ cục bộ – không in để dán"


class LocalAddressTests(SimpleTestCase):
    def test_loopback_localhost_and_unspecified_addresses_are_local(self) -> None:
        for base in [
            "http://127.0.0.1:8000",
            "http://127.8.9.10",
            "http://localhost:8100",
            "http://LOCALHOST.",
            "http://demo.localhost",
            "http://[::1]:8000",
            "http://[::ffff:127.0.0.1]",
            "http://0.0.0.0:8000",
            "http://[::]",
        ]:
            with self.subTest(base=base):
                self.assertTrue(posters.is_local_base_url(base))

    def test_public_and_lan_addresses_are_not_local(self) -> None:
        for base in [
            "https://phongdich.example.gov.vn",
            "http://192.168.1.20:8100",
            "http://10.0.0.5",
            "http://128.0.0.1",
            "http://localhost-server.example.vn",
            "http://[2001:db8::1]",
        ]:
            with self.subTest(base=base):
                self.assertFalse(posters.is_local_base_url(base))


@override_settings(PUBLIC_BASE_URL=LOCAL)
class LocalPosterTests(GateTestCase):
    def test_the_library_refuses_a_local_base_with_a_vietnamese_message(self) -> None:
        with self.assertRaises(posters.LocalBaseUrl) as caught:
            posters.poster_pdf([self.gate_a])
        self.assertIn(f"PUBLIC_BASE_URL đang là {LOCAL}, một địa chỉ cục bộ", str(caught.exception))
        with self.assertRaises(posters.LocalBaseUrl):
            posters.unit_poster_pdf(self.unit_b)

    def test_an_allowed_local_poster_carries_the_red_band_and_still_scans(self) -> None:
        pdf = posters.poster_pdf([self.gate_a], allow_local=True)
        self.assertEqual(pdf_pages(pdf), 1)
        self.assertIn(BAND, pdf_page_text(pdf))
        self.assertEqual(decode_qr(pdf_page_image(pdf)), [f"{LOCAL}/c/{self.gate_a.poster_token}"])
        # the band is red: most of a row near the top of the page is (255, 0, 0)-ish
        image = pdf_page_image(pdf, dpi=60).convert("RGB")
        reds = [
            x
            for y in range(5, 40)
            for x in range(0, image.width, 10)
            if (lambda p: p[0] > 150 and p[1] < 60 and p[2] < 60)(image.getpixel((x, y)))
        ]
        self.assertGreater(len(reds), 50)

    def test_the_web_answers_409_with_a_message_outside_debug(self) -> None:
        self.login(self.office)
        for url in [
            reverse("checkin:gates_poster_pdf", args=[self.gate_a.pk]),
            reverse("checkin:gates_unit_poster_pdf", args=[self.unit_b.pk]),
        ]:
            with self.subTest(url=url):
                response = self.client.get(url)
                self.assertEqual(response.status_code, 409)
                self.assertNotEqual(response["Content-Type"], "application/pdf")
                self.assertContains(response, "Không in được áp phích", status_code=409)
                self.assertContains(response, "một địa chỉ cục bộ", status_code=409)
                self.assertIn("no-store", response["Cache-Control"])

    @override_settings(DEBUG=True)
    def test_in_debug_the_web_shows_the_poster_with_the_red_band(self) -> None:
        self.login(self.head_a)
        response = self.client.get(reverse("checkin:gates_poster_pdf", args=[self.gate_a.pk]))
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response["Content-Type"], "application/pdf")
        self.assertIn(BAND, pdf_page_text(response.content))
        response = self.client.get(reverse("checkin:gates_unit_poster_pdf", args=[self.unit_a.pk]))
        self.assertEqual(response.status_code, 200)
        self.assertIn(BAND, pdf_page_text(response.content))

    def test_the_gate_page_warns_before_printing(self) -> None:
        self.login(self.office)
        url = reverse("checkin:gates_detail", args=[self.gate_a.pk])
        response = self.client.get(url)
        self.assertContains(response, f"PUBLIC_BASE_URL đang là {LOCAL}, một địa chỉ cục bộ")
        self.assertContains(response, "Áp phích sẽ không in được")
        with override_settings(DEBUG=True):
            response = self.client.get(url)
        self.assertContains(response, "chỉ để thử, không dán")

    @override_settings(PUBLIC_BASE_URL="https://phongdich.example.vn")
    def test_the_gate_page_does_not_warn_for_a_public_base(self) -> None:
        self.login(self.office)
        response = self.client.get(reverse("checkin:gates_detail", args=[self.gate_a.pk]))
        self.assertNotContains(response, "địa chỉ cục bộ")


@override_settings(PUBLIC_BASE_URL=LOCAL)
class LocalPostersCommandTests(GateTestCase):
    def setUp(self) -> None:
        tmp = tempfile.TemporaryDirectory()
        self.addCleanup(tmp.cleanup)
        self.output = Path(tmp.name) / "ap-phich.pdf"

    def test_it_exits_with_2_and_names_the_option_without_allow_local(self) -> None:
        with self.assertRaises(CommandError) as caught:
            call_command("posters", "--location", "PA-CONG", "--output", str(self.output))
        self.assertEqual(caught.exception.returncode, 2)
        self.assertIn("một địa chỉ cục bộ", str(caught.exception))
        self.assertIn("--allow-local", str(caught.exception))
        self.assertFalse(self.output.exists())

    def test_from_the_shell_it_prints_the_message_and_exits_with_status_2(self) -> None:
        argv = ["manage.py", "posters", "--unit", "TT-B", "--output", str(self.output)]
        err = io.StringIO()
        with (
            self.assertRaises(SystemExit) as caught,
            redirect_stderr(err),
            mock.patch.object(connections, "close_all"),
        ):
            ManagementUtility(argv).execute()
        self.assertEqual(caught.exception.code, 2)
        self.assertIn("Không in áp phích", err.getvalue())

    def test_with_allow_local_it_writes_the_poster_with_the_band_and_warns(self) -> None:
        out, err = io.StringIO(), io.StringIO()
        call_command(
            "posters",
            "--location",
            "PA-CONG",
            "--allow-local",
            "--output",
            str(self.output),
            stdout=out,
            stderr=err,
        )
        pdf = self.output.read_bytes()
        self.assertEqual(pdf_pages(pdf), 1)
        self.assertIn(BAND, pdf_page_text(pdf))
        self.assertIn("Đã ghi 1 áp phích", out.getvalue())
        self.assertIn("Cảnh báo: PUBLIC_BASE_URL là địa chỉ cục bộ", err.getvalue())
