"""The urging notice to several units: Kính gửi "các đơn vị có tên tại danh sách kèm
theo", never the drafting unit, one annex row per unit and task (a weekly task late for
several weeks is one row), the notice in the app listing the task numbers once; and
``manage.py urge``."""

from __future__ import annotations

import io
import tempfile
from datetime import date
from pathlib import Path

from django.core.management import CommandError, call_command
from docx import Document as Docx

from phongdich.directives.inputs import DirectiveHeader
from phongdich.directives.models import Directive, Task, UrgingNotice
from phongdich.directives.services import directives as services
from phongdich.directives.services.urging import urging_create
from phongdich.directives.tests.helpers import DirectiveTestCase
from phongdich.directives.tests.test_urging import make_deputy
from phongdich.notifications.models import Notification

TODAY = date(2026, 4, 20)


class UrgingAnnexTests(DirectiveTestCase):
    directive: Directive

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        directive = services.directive_create(
            header=DirectiveHeader(
                subject="V/v quét mã QR",
                number=51,
                symbol="SLĐTBXH-VP",
                issued_on=date(2026, 3, 2),
            ),
            tasks=[
                services.TaskInput(
                    "1",
                    "Báo cáo hằng tuần việc quét mã QR tại cổng ra vào của đơn vị",
                    title="Quét mã QR tại cổng",
                    all_units=True,
                    deadline=date(2026, 3, 29),
                    recurrence=Task.Recurrence.WEEKLY,
                ),
                services.TaskInput(
                    "2",
                    "Rà soát trang thiết bị công nghệ thông tin phục vụ làm việc trực tuyến",
                    all_units=True,
                    deadline=date(2026, 3, 20),
                ),
            ],
            created_by=cls.office,
        )
        services.directive_issue(directive=directive, by=cls.office)
        directive.refresh_from_db()
        cls.directive = directive

    def make(self) -> UrgingNotice:
        with self.captureOnCommitCallbacks(execute=True):
            return urging_create(directive=self.directive, by=self.office, today=TODAY)

    def test_the_drafting_unit_is_never_a_recipient(self) -> None:
        notice = self.make()
        self.assertEqual(set(notice.units.all()), {self.unit_a, self.unit_b})
        self.assertNotIn(self.office_unit, notice.units.all())
        doc = Docx(io.BytesIO(notice.docx.read()))
        text = "\n".join(p.text for p in doc.paragraphs)
        self.assertIn("Kính gửi: các đơn vị có tên tại danh sách kèm theo.", text)
        self.assertNotIn("Văn phòng Sở:", text)
        annex = next(t for t in doc.tables if t.rows[0].cells[0].text == "STT")
        self.assertNotIn("Văn phòng Sở", [r.cells[1].text for r in annex.rows])

    def test_the_annex_has_one_row_per_unit_and_task_never_per_period(self) -> None:
        notice = self.make()
        doc = Docx(io.BytesIO(notice.docx.read()))
        annex = next(t for t in doc.tables if t.rows[0].cells[0].text == "STT")
        self.assertEqual(
            [c.text for c in annex.rows[0].cells],
            ["STT", "Đơn vị", "Nhiệm vụ", "Thời hạn", "Số ngày quá hạn", "Tình trạng"],
        )
        rows = [[c.text for c in r.cells] for r in annex.rows[1:]]
        self.assertEqual(len(rows), 4)  # 2 units × 2 tasks; task 1 has 4 weekly periods
        self.assertEqual([r[0] for r in rows], ["1", "2", "3", "4"])
        self.assertEqual(rows[0][2], "Nhiệm vụ 1: Quét mã QR tại cổng")
        self.assertEqual(rows[0][3], "08/3/2026")  # the first late week's due date
        self.assertEqual(rows[0][4], "43")
        self.assertTrue(rows[0][5].startswith("Chưa báo cáo ("))
        # no title given: the whole first phrase, never cut inside a word, never "…"
        self.assertEqual(
            rows[1][2],
            "Nhiệm vụ 2: Rà soát trang thiết bị công nghệ thông tin phục vụ làm việc trực tuyến",
        )
        for row in rows:
            self.assertFalse(any("…" in cell for cell in row))
        text = "\n".join(p.text for p in doc.paragraphs)
        self.assertIn("còn 2 đơn vị chưa hoàn thành hoặc chưa báo cáo", text)
        self.assertIn("nhiệm vụ 1 (quét mã QR tại cổng, 2 đơn vị)", text)

    def test_the_unit_heads_notice_links_the_document_and_lists_each_task_once(self) -> None:
        notice = self.make()
        note = Notification.objects.get(user=self.head_a)
        self.assertEqual(note.url, f"/chi-dao/don-doc/{notice.pk}/tai/pdf/")
        self.assertIn("các nhiệm vụ quá hạn: 1, 2 (trước ngày 23/4/2026)", note.body)
        self.assertEqual(notice.items[0]["tasks"][0]["periods"], 4)


class UrgeCommandTests(DirectiveTestCase):
    def run_command(self, *args: str) -> str:
        out = io.StringIO()
        call_command("urge", *args, stdout=out)
        return out.getvalue()

    def refused(self, *args: str) -> str:
        with self.assertRaises(CommandError) as ctx:
            self.run_command(*args)
        self.assertEqual(ctx.exception.returncode, 2)
        return str(ctx.exception)

    def test_a_dry_run_lists_the_units_and_writes_nothing(self) -> None:
        text = self.run_command("13/SLĐTBXH-VP/2026", "--dry-run")
        self.assertIn("Công văn số 13/SLĐTBXH-VP: 2 đơn vị chậm thực hiện 2 lượt nhiệm vụ", text)
        self.assertIn("- Phòng Giáo dục nghề nghiệp:", text)
        self.assertIn("Nhiệm vụ 1: Báo cáo của phòng A", text)
        self.assertEqual(UrgingNotice.objects.count(), 0)

    def test_it_writes_the_docx_or_the_pdf_without_storing_it(self) -> None:
        with tempfile.TemporaryDirectory() as tmp:
            for suffix, magic in ((".docx", b"PK"), (".pdf", b"%PDF")):
                out = Path(tmp) / f"don-doc{suffix}"
                text = self.run_command("13/SLĐTBXH-VP/2026", "--output", str(out))
                self.assertTrue(out.read_bytes().startswith(magic))
                self.assertIn(f"Đã ghi công văn đôn đốc vào {out}", text)
        self.assertEqual(UrgingNotice.objects.count(), 0)

    def test_without_output_it_creates_the_notice_and_notifies(self) -> None:
        with self.captureOnCommitCallbacks(execute=True):
            text = self.run_command("13/SLĐTBXH-VP/2026", "--number", "8")
        notice = UrgingNotice.objects.get()
        self.assertEqual(notice.reference, "08/SLĐTBXH-VP")
        self.assertIn("gửi 2 đơn vị", text)
        self.assertEqual(Notification.objects.count(), 2)

    def test_a_deputy_signs_when_named(self) -> None:
        make_deputy(self)
        with tempfile.TemporaryDirectory() as tmp:
            out = Path(tmp) / "dd.docx"
            self.run_command("13/SLĐTBXH-VP/2026", "--output", str(out), "--signer", "phogiamdoc")
            doc = Docx(str(out))
            cells = " ".join(c.text for t in doc.tables for r in t.rows for c in r.cells)
            self.assertIn("KT. GIÁM ĐỐC", cells)
        self.assertIn(
            "không phải tài khoản", self.refused("13/SLĐTBXH-VP/2026", "--signer", "office")
        )

    def test_bad_input_exits_2_with_a_vietnamese_message(self) -> None:
        self.assertIn("Không tìm thấy văn bản", self.refused("9999/SLĐTBXH-VP", "--dry-run"))
        self.assertIn("Số văn bản không hợp lệ", self.refused("abc", "--dry-run"))
        self.assertIn(".docx hoặc .pdf", self.refused("13/SLĐTBXH-VP/2026", "--output", "x.txt"))
        self.assertIn("dd/mm/yyyy", self.refused("13/SLĐTBXH-VP/2026", "--deadline", "31/02"))
        # Issued 14/SLĐTBXH-VP has nobody late before its deadline… but a draft cannot be urged.
        self.assertIn("Chỉ đôn đốc được", self.refused("12/SLĐTBXH-VP/2026", "--dry-run"))
