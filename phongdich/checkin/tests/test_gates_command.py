import io
import tempfile
from contextlib import redirect_stderr
from pathlib import Path
from unittest import mock

from django.core.management import ManagementUtility, call_command
from django.core.management.base import CommandError
from django.db import connections

from phongdich.checkin.models import Location
from phongdich.checkin.tests.test_gates_base import (
    GateTestCase,
    decode_qr,
    pdf_page_image,
    pdf_pages,
)


class PostersCommandTests(GateTestCase):
    def setUp(self) -> None:
        tmp = tempfile.TemporaryDirectory()
        self.addCleanup(tmp.cleanup)
        self.output = Path(tmp.name) / "ap-phich.pdf"

    def run_command(self, *args: str) -> str:
        out = io.StringIO()
        call_command("posters", *args, "--output", str(self.output), stdout=out)
        return out.getvalue()

    def test_it_writes_the_named_gates_in_the_given_order_and_says_so(self) -> None:
        out = self.run_command("--location", "TTB-CONG", "pa-cong")
        pdf = self.output.read_bytes()
        self.assertEqual(pdf_pages(pdf), 2)
        self.assertEqual(
            decode_qr(pdf_page_image(pdf, 0))[0].rsplit("/", 1)[1], self.gate_b.poster_token
        )
        self.assertEqual(
            decode_qr(pdf_page_image(pdf, 1))[0].rsplit("/", 1)[1], self.gate_a.poster_token
        )
        self.assertIn("Đã ghi 2 áp phích", out)
        self.assertIn(str(self.output), out)
        self.assertIn("TTB-CONG, PA-CONG", out)

    def test_it_accepts_the_location_option_repeated(self) -> None:
        self.run_command("--location", "TTB-CONG", "--location", "VP-CONG-CHINH")
        self.assertEqual(pdf_pages(self.output.read_bytes()), 2)

    def test_it_writes_every_active_gate_of_a_unit(self) -> None:
        Location.objects.create(code="TTB-CONG-2", name="Cổng phụ", unit=self.unit_b)
        Location.objects.create(code="TTB-OFF", name="Cổng đóng", unit=self.unit_b, is_active=False)
        out = self.run_command("--unit", "TT-B")
        self.assertEqual(pdf_pages(self.output.read_bytes()), 2)
        self.assertIn("TTB-CONG, TTB-CONG-2", out)

    def test_it_names_the_unknown_gate_codes_and_exits_with_2(self) -> None:
        with self.assertRaises(CommandError) as caught:
            self.run_command("--location", "PA-CONG", "KHONG-CO", "CUNG-KHONG")
        self.assertEqual(caught.exception.returncode, 2)
        self.assertIn("KHONG-CO, CUNG-KHONG", str(caught.exception))
        self.assertFalse(self.output.exists())

    def test_it_names_an_unknown_unit_and_exits_with_2(self) -> None:
        with self.assertRaises(CommandError) as caught:
            self.run_command("--unit", "KHONG-CO")
        self.assertEqual(caught.exception.returncode, 2)
        self.assertIn("KHONG-CO", str(caught.exception))

    def test_it_exits_with_2_when_no_gate_is_selected(self) -> None:
        with self.assertRaises(CommandError) as caught:
            self.run_command()
        self.assertEqual(caught.exception.returncode, 2)

    def test_it_exits_with_2_when_the_unit_has_no_printable_gate(self) -> None:
        Location.objects.filter(pk=self.gate_b.pk).update(token_revoked=True)
        with self.assertRaises(CommandError) as caught:
            self.run_command("--unit", "TT-B")
        self.assertEqual(caught.exception.returncode, 2)
        self.assertFalse(self.output.exists())

    def test_it_refuses_a_named_gate_that_is_revoked(self) -> None:
        Location.objects.filter(pk=self.gate_a.pk).update(token_revoked=True)
        with self.assertRaises(CommandError) as caught:
            self.run_command("--location", "PA-CONG")
        self.assertEqual(caught.exception.returncode, 2)
        self.assertIn("đã bị thu hồi", str(caught.exception))

    def test_it_prints_the_error_on_stderr_and_exits_with_status_2_from_the_shell(self) -> None:
        argv = ["manage.py", "posters", "--location", "KHONG-CO", "--output", str(self.output)]
        err = io.StringIO()
        # run_from_argv closes every connection at the end: keep the test's open
        with (
            self.assertRaises(SystemExit) as caught,
            redirect_stderr(err),
            mock.patch.object(connections, "close_all"),
        ):
            ManagementUtility(argv).execute()
        self.assertEqual(caught.exception.code, 2)
        self.assertIn("Không có cổng với mã: KHONG-CO", err.getvalue())
