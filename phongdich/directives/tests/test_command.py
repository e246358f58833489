"""python manage.py import_directive FILE [--json]: output and exit codes."""

from __future__ import annotations

import json
import tempfile
from io import StringIO
from pathlib import Path

from django.core.management import call_command
from django.core.management.base import CommandError

from phongdich.directives.models import Directive
from phongdich.directives.tests.helpers import SEED, DirectiveTestCase
from phongdich.directives.tests.test_parsing import docx_bytes


class ImportCommandTests(DirectiveTestCase):
    def run_command(self, *args: str) -> tuple[str, str]:
        out, err = StringIO(), StringIO()
        call_command("import_directive", *args, stdout=out, stderr=err)
        return out.getvalue(), err.getvalue()

    def temp(self, name: str, content: bytes) -> str:
        folder = Path(tempfile.mkdtemp())
        path = folder / name
        path.write_bytes(content)
        return str(path)

    def test_it_prints_the_seed_letter_as_json_without_saving(self) -> None:
        before = Directive.objects.count()
        out, _ = self.run_command(str(SEED), "--json")
        self.assertIn("Vũ Thị Hương", out)  # ensure_ascii=False
        data = json.loads(out)
        self.assertEqual(
            data["issuer"], {"authority": "", "position": "GIÁM ĐỐC", "name": "Vũ Thị Hương"}
        )
        self.assertIsNone(data["number"])
        tasks = {t["number"]: t for t in data["tasks"]}
        self.assertEqual(len(tasks), 13)
        self.assertEqual(tasks["4"]["lead_unit"], "P-A")
        self.assertEqual(tasks["7"]["lead_unit"], "CD")
        self.assertEqual(tasks["7"]["supporting_units"], ["DTN", "HCCB"])
        self.assertEqual(tasks["8.5"]["parent"], "8")
        self.assertTrue(tasks["1"]["all_units"])
        self.assertEqual(Directive.objects.count(), before)

    def test_it_saves_a_draft_and_asks_for_the_missing_header(self) -> None:
        out, err = self.run_command(str(SEED))
        directive = Directive.objects.get(subject__contains="COVID-19")
        self.assertEqual(directive.state, Directive.State.DRAFT)
        self.assertEqual(directive.tasks.count(), 13)
        self.assertIn("13 nhiệm vụ", out)
        self.assertIn("chưa có số văn bản, ký hiệu, ngày văn bản", err)

    def test_it_reads_a_docx(self) -> None:
        path = self.temp("cv.docx", docx_bytes(["V/v thử", "1. Một việc.", "2. Hai việc."]))
        out, _ = self.run_command(path, "--json")
        self.assertEqual([t["number"] for t in json.loads(out)["tasks"]], ["1", "2"])

    def test_a_text_without_numbered_items_exits_2_with_a_vietnamese_message(self) -> None:
        path = self.temp("cv.txt", "V/v không có mục\n\nChỉ là thông báo.".encode())
        with self.assertRaises(CommandError) as caught:
            self.run_command(path)
        self.assertEqual(caught.exception.returncode, 2)
        self.assertIn("Không tìm thấy nhiệm vụ nào được đánh số", str(caught.exception))

    def test_a_missing_unsupported_or_broken_file_exits_2(self) -> None:
        for path in [
            "/nonexistent/cv.txt",
            self.temp("cv.pdf", b"%PDF"),
            self.temp("cv.docx", b"garbage"),
            self.temp("cv.txt", b"\xff\xfa\xe3"),
        ]:
            with self.subTest(path), self.assertRaises(CommandError) as caught:
                self.run_command(path, "--json")
            self.assertEqual(caught.exception.returncode, 2)
