"""manage.py trace on data loaded by import_checkins, against the brute-force reference."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
import tempfile
from datetime import date, datetime
from pathlib import Path

import openpyxl
from django.conf import settings
from django.core.management import CommandError, call_command
from django.test import TestCase

from phongdich.core.models import AuditEvent
from phongdich.tracing.models import Case as CaseRow
from tracing_engine import Case, CheckinRecord, Params
from tracing_engine.reference import reference_trace

from .helpers import VN

# person, name, location, check_in, check_out: mixed phone formats, missing check-outs,
# a stay across midnight, exact 15-minute overlaps, and an F1 ("0912345601") with a
# visit before their exposure that must not count (0912345609 met them there).
ROWS = [
    (
        "0912345600",
        "Ca Bệnh",
        "SO-CONG-CHINH",
        "2021-09-08T07:30:00+07:00",
        "2021-09-08T11:00:00+07:00",
    ),
    (
        "+84 912 345 601",
        "Nguyễn Một",
        "SO-CONG-CHINH",
        "2021-09-08T10:45:00+07:00",
        "2021-09-08T12:00:00+07:00",
    ),
    ("84912345602", "Trần Hai", "SO-CONG-CHINH", "2021-09-08T10:46:00+07:00", ""),
    ("0912.345.602", "", "CANTEEN", "2021-09-08T10:50:00+07:00", "2021-09-08T11:30:00+07:00"),
    ("0912-345-603", "Lê Ba", "CANTEEN", "2021-09-08T09:00:00+07:00", "2021-09-08T10:00:00+07:00"),
    ("0912 345 603", "", "CANTEEN", "2021-09-08T12:15:00+07:00", "2021-09-08T12:30:00+07:00"),
    ("0912345601", "", "PHONG-HOP", "2021-09-08T07:00:00+07:00", "2021-09-08T08:00:00+07:00"),
    (
        "0912345609",
        "Mai Chín",
        "PHONG-HOP",
        "2021-09-08T07:00:00+07:00",
        "2021-09-08T08:00:00+07:00",
    ),
    ("0912345601", "", "CANTEEN", "2021-09-08T12:00:00+07:00", "2021-09-08T12:30:00+07:00"),
    ("0912345600", "", "PHONG-HOP", "2021-09-09T23:00:00+07:00", "2021-09-10T01:00:00+07:00"),
    ("0912345604", "Phạm Bốn", "PHONG-HOP", "2021-09-09T23:40:00+07:00", ""),
    (
        "0912345605",
        "Hoàng Năm",
        "PHONG-HOP",
        "2021-09-10T00:00:00+07:00",
        "2021-09-10T00:20:00+07:00",
    ),
    ("0912345600", "", "SO-CONG-CHINH", "2021-09-10T08:00:00+07:00", ""),
    (
        "0912345606",
        "Vũ Sáu",
        "SO-CONG-CHINH",
        "2021-09-10T15:45:00+07:00",
        "2021-09-10T17:00:00+07:00",
    ),
    (
        "0912345607",
        "Đỗ Bảy",
        "SO-CONG-CHINH",
        "2021-09-10T15:46:00+07:00",
        "2021-09-10T17:00:00+07:00",
    ),
    ("0912345606", "", "CANTEEN", "2021-09-11T12:00:00+07:00", "2021-09-11T12:30:00+07:00"),
    ("nv-01", "Cán Bộ Một", "CANTEEN", "2021-09-11T12:10:00+07:00", ""),
    ("NV-01", "", "PHONG-HOP", "2021-09-11T14:00:00+07:00", ""),
    ("0912345608", "Ngô Tám", "CANTEEN", "2021-09-11T13:00:00+07:00", "2021-09-11T13:30:00+07:00"),
    ("0912345600", "", "SO-CONG-CHINH", "2021-09-12T10:00:00+07:00", "2021-09-12T11:00:00+07:00"),
]
AS_OF = "2021-09-12T09:00:00+07:00"


def records() -> list[CheckinRecord]:
    return [
        CheckinRecord(
            person,
            code,
            datetime.fromisoformat(check_in),
            datetime.fromisoformat(check_out) if check_out else None,
        )
        for person, _name, code, check_in, check_out in ROWS
    ]


class TraceCommand(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / "checkins.csv"
            with path.open("w", encoding="utf-8", newline="") as handle:
                writer = csv.writer(handle)
                writer.writerow(["person", "name", "location", "check_in", "check_out"])
                writer.writerows(ROWS)
            call_command("import_checkins", str(path), stdout=io.StringIO())

    def run_trace(self, *args: str) -> str:
        out = io.StringIO()
        call_command("trace", *args, stdout=out, stderr=io.StringIO())
        return out.getvalue()

    def expected(self, onset: date, params: Params, **kw: datetime) -> dict[str, object]:
        case = Case("0912345600", onset, as_of=kw.pop("as_of", datetime.fromisoformat(AS_OF)), **kw)
        return reference_trace(records(), case, params).to_json_dict()

    def test_the_json_is_identical_to_the_reference(self) -> None:
        for depth in (1, 2, 3):
            for overlap in (0, 15, 16):
                got = json.loads(
                    self.run_trace(
                        "--person",
                        "+84 912 345 600",
                        "--onset",
                        "2021-09-10",
                        "--as-of",
                        AS_OF,
                        "--depth",
                        str(depth),
                        "--min-overlap",
                        str(overlap),
                    )
                )
                want = self.expected(
                    date(2021, 9, 10), Params(depth=depth, min_overlap_minutes=overlap)
                )
                self.assertEqual(got, want, (depth, overlap))
        text = self.run_trace("--person", "0912345600", "--onset", "2021-09-10", "--as-of", AS_OF)
        levels = {
            c["person"]: (c["level"], c["exposed_at"][:16]) for c in json.loads(text)["contacts"]
        }
        self.assertEqual(
            levels,
            {
                "+84912345601": (1, "2021-09-08T10:45"),  # exactly 15 minutes
                "+84912345604": (1, "2021-09-09T23:40"),  # open visit: ends at midnight
                "+84912345605": (1, "2021-09-10T00:00"),  # F0 stayed past midnight
                "+84912345606": (1, "2021-09-10T15:45"),  # F0's open visit: 8 hours
                "+84912345603": (2, "2021-09-08T12:15"),  # after the F1's exposure only
                "+84912345607": (2, "2021-09-10T15:46"),  # 14 min with F0, 74 with 606
                "NV-01": (2, "2021-09-11T12:10"),  # open visit cut by the next check-in
            },
        )  # not 602 (4 min), nor 609 (met the F1 before their exposure)

    def test_the_output_is_exactly_tracing_md(self) -> None:
        text = self.run_trace("--person", "0912345600", "--onset", "2021-09-10", "--as-of", AS_OF)
        want = self.expected(date(2021, 9, 10), Params())
        self.assertEqual(text.strip(), json.dumps(want, ensure_ascii=False))
        self.assertEqual(list(json.loads(text)), ["case", "window", "as_of", "params", "contacts"])
        contact = json.loads(text)["contacts"][0]
        self.assertEqual(
            contact,
            {
                "person": "+84912345601",
                "level": 1,
                "exposed_at": "2021-09-08T10:45:00+07:00",
                "via": "+84912345600",
                "location": "SO-CONG-CHINH",
                "overlap_minutes": 15.0,
            },
        )

    def test_every_option_reaches_the_engine(self) -> None:
        got = json.loads(
            self.run_trace(
                "--person",
                "0912345600",
                "--onset",
                "2021-09-11",
                "--as-of",
                "2021-09-12T09:00",
                "--isolated-at",
                "2021-09-10T16:00:00+07:00",
                "--open-visit-hours",
                "3",
                "--days-before-onset",
                "1",
                "--depth",
                "2",
                "--min-overlap",
                "10",
            )
        )
        want = self.expected(
            date(2021, 9, 11),
            Params(days_before_onset=1, open_visit_hours=3, min_overlap_minutes=10),
            isolated_at=datetime(2021, 9, 10, 16, tzinfo=VN),
        )
        self.assertEqual(got, want)
        self.assertEqual(got["as_of"], AS_OF)  # no offset: Vietnam time
        self.assertEqual(got["window"]["end"], "2021-09-10T16:00:00+07:00")

    def test_it_writes_no_case_and_an_audit_event(self) -> None:
        self.run_trace("--person", "0912345600", "--onset", "2021-09-10", "--as-of", AS_OF)
        self.assertFalse(CaseRow.objects.exists())
        event = AuditEvent.objects.get(action="tracing.trace.cli")
        self.assertIsNone(event.actor)
        self.assertNotIn("0912345600", json.dumps(event.detail))

    def test_a_table_has_vietnamese_headers_and_aligned_columns(self) -> None:
        text = self.run_trace(
            "--person", "0912345600", "--onset", "2021-09-10", "--as-of", AS_OF, "--format", "table"
        )
        lines = text.rstrip("\n").split("\n")
        self.assertTrue(lines[0].startswith("Cấp  Người tiếp xúc"))
        self.assertIn("Thời gian tiếp xúc", lines[0])
        self.assertIn("15 phút", lines[2])  # hours and minutes, not "15.00"
        self.assertIn("Nguyễn Một", text)
        self.assertIn("08/09/2021 10:45:00", text)
        widths = {len(line) for line in lines[2:]}
        self.assertEqual(widths, {len(lines[0])})  # right-aligned last column

    def test_an_xlsx_file_has_the_contacts(self) -> None:
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / "f.xlsx"
            self.run_trace(
                "--person",
                "0912345600",
                "--onset",
                "2021-09-10",
                "--as-of",
                AS_OF,
                "--format",
                "xlsx",
                "--output",
                str(path),
            )
            sheet = openpyxl.load_workbook(path).active
            rows = list(sheet.iter_rows(values_only=True))
        header = next(n for n, row in enumerate(rows) if row[0] == "Cấp")
        block = [row[0] for row in rows[:header] if row[0]]
        self.assertEqual(
            block[:3],
            [
                "DANH SÁCH NGƯỜI TIẾP XÚC",
                "Người được truy vết: Ca Bệnh",
                "Ngày khởi phát: 10/09/2021",
            ],
        )
        self.assertIn("Tính đến thời điểm: 12/09/2021 09:00", block)
        self.assertIn("Số cấp truy vết: 2", block)
        self.assertIn("Thời gian tiếp xúc tối thiểu (phút): 15", block)
        self.assertTrue(any(line.startswith("Xuất bởi manage.py trace lúc ") for line in block))
        self.assertEqual(block[-1], "Tài liệu chứa dữ liệu cá nhân – không chia sẻ")
        self.assertEqual(
            list(rows[header]),
            [
                "Cấp",
                "Người tiếp xúc",
                "Họ và tên",
                "Số điện thoại",
                "Đơn vị",
                "Thời điểm tiếp xúc",
                "Qua người",
                "Địa điểm",
                "Thời gian tiếp xúc",
            ],
        )
        first = rows[header + 1]
        self.assertEqual(first[:4], ("F1", "+84912345601", "Nguyễn Một", "+84912345601"))
        self.assertEqual(first[5], datetime(2021, 9, 8, 10, 45))
        self.assertEqual(first[8], "15 phút")
        row = header + 1  # 1-based: the header's row number
        self.assertEqual(sheet.auto_filter.ref, f"A{row}:I{sheet.max_row}")
        self.assertEqual(sheet.freeze_panes, f"A{row + 1}")
        self.assertEqual(sheet.print_title_rows.replace("$", ""), f"{row}:{row}")
        self.assertEqual(sheet.cell(row=row + 1, column=6).number_format, "dd/mm/yyyy hh:mm")

    def test_a_json_output_file(self) -> None:
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / "f.json"
            out = self.run_trace(
                "--person",
                "0912345600",
                "--onset",
                "2021-09-10",
                "--as-of",
                AS_OF,
                "--output",
                str(path),
            )
            self.assertEqual(out, "")
            got = json.loads(path.read_text(encoding="utf-8"))
        self.assertEqual(got, self.expected(date(2021, 9, 10), Params()))

    def test_every_bad_input_exits_with_2_and_a_message(self) -> None:
        base = ["--person", "0912345600", "--onset", "2021-09-10"]
        cases = [
            (["--person", "0999999999", "--onset", "2021-09-10"], "Không tìm thấy người"),
            (["--person", "0912345600", "--onset", "10/09/2021"], "YYYY-MM-DD"),
            (["--person", "0912345600", "--onset", "2021-02-30"], "YYYY-MM-DD"),
            ([*base, "--as-of", "hôm qua"], "ISO 8601"),
            ([*base, "--isolated-at", "2021-09-10 25:00"], "ISO 8601"),
            ([*base, "--depth", "0"], "--depth"),
            ([*base, "--depth", "6"], "từ 1 đến 5"),
            ([*base, "--depth", "hai"], "--depth"),
            ([*base, "--min-overlap", "-1"], "--min-overlap"),
            ([*base, "--open-visit-hours", "0"], "--open-visit-hours"),
            ([*base, "--days-before-onset", "-2"], "--days-before-onset"),
            ([*base, "--format", "xlsx"], "--output"),
            ([*base, "--format", "csv"], "json, table hoặc xlsx"),
            (["--person", "  ", "--onset", "2021-09-10"], "--person"),
        ]
        for args, message in cases:
            with self.subTest(args=args):
                with self.assertRaises(CommandError) as caught:
                    self.run_trace(*args)
                self.assertEqual(caught.exception.returncode, 2)
                self.assertIn(message, str(caught.exception))
        self.assertFalse(AuditEvent.objects.filter(action="tracing.trace.cli").exists())

    def test_from_the_shell_the_message_goes_to_stderr(self) -> None:
        env = {**os.environ, "DATABASE_URL": "sqlite:///:memory:"}
        done = subprocess.run(
            [sys.executable, "manage.py", "trace", "--person", "0912345600", "--onset", "x"],
            cwd=settings.BASE_DIR,
            env=env,
            capture_output=True,
            text=True,
            timeout=60,
        )
        self.assertEqual(done.returncode, 2)
        self.assertIn("YYYY-MM-DD", done.stderr)
        self.assertEqual(done.stdout, "")
