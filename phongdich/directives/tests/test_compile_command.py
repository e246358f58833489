"""manage.py compile_report: the file it writes and its exit codes."""

from __future__ import annotations

import io
import tempfile
from pathlib import Path

from django.core.management import CommandError, call_command
from docx import Document as Docx

from phongdich.directives.tests.helpers import DirectiveTestCase


class CompileReportCommandTests(DirectiveTestCase):
    def run_command(self, *args: str) -> str:
        out = io.StringIO()
        call_command("compile_report", *args, stdout=out)
        return out.getvalue()

    def refused(self, *args: str) -> str:
        with self.assertRaises(CommandError) as ctx:
            self.run_command(*args)
        self.assertEqual(ctx.exception.returncode, 2)
        return str(ctx.exception)

    def test_it_writes_the_docx(self) -> None:
        with tempfile.TemporaryDirectory() as tmp:
            out = Path(tmp) / "bc.docx"
            text = self.run_command(
                "13/SLĐTBXH-VP/2026",
                "--period-start",
                "03/03/2026",
                "--period-end",
                "05/04/2026",
                "--format",
                "docx",
                "--output",
                str(out),
            )
            self.assertIn("Công văn số 13/SLĐTBXH-VP", text)
            doc = Docx(str(out))
            self.assertIn("BÁO CÁO", [p.text for p in doc.paragraphs])

    def test_it_writes_the_xlsx_and_the_pdf(self) -> None:
        with tempfile.TemporaryDirectory() as tmp:
            for fmt, magic in (("xlsx", b"PK"), ("pdf", b"%PDF")):
                out = Path(tmp) / f"bc.{fmt}"
                self.run_command(
                    "13/SLĐTBXH-VP/2026",
                    "--period-end",
                    "05/04/2026",
                    "--format",
                    fmt,
                    "--output",
                    str(out),
                )
                self.assertTrue(out.read_bytes().startswith(magic))

    def test_an_unknown_directive_exits_2(self) -> None:
        self.assertIn("Không tìm thấy văn bản", self.refused("9999", "--output", "/tmp/x.docx"))

    def test_a_bad_date_exits_2(self) -> None:
        message = self.refused(
            "13/SLĐTBXH-VP/2026", "--period-start", "32/01/2026", "--output", "/tmp/x.docx"
        )
        self.assertIn("dd/mm/yyyy", message)

    def test_a_missing_output_exits_2(self) -> None:
        self.assertIn("--output", self.refused("13/SLĐTBXH-VP/2026"))

    def test_a_number_alone_means_this_year(self) -> None:
        # The fixtures are of 2026, the current year of the test machine's clock or not.
        from phongdich.directives.management.commands.compile_report import find_directive

        self.assertEqual(find_directive("13", year=2026), self.issued)
        self.assertEqual(find_directive("13/slđtbxh-vp", year=2026), self.issued)
        with self.assertRaises(CommandError):
            find_directive("13", year=2025)

    def test_a_number_and_symbol_find_the_latest_year_that_has_them(self) -> None:
        from phongdich.directives.management.commands.compile_report import find_directive

        # Asked in a later year, with the symbol: the 2026 directive, not "not found".
        self.assertEqual(find_directive("13/SLĐTBXH-VP", year=2031), self.issued)
        with self.assertRaises(CommandError):
            find_directive("13/SLĐTBXH-VP/2031", year=2031)  # an explicit year is kept
