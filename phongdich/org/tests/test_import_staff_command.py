"""``manage.py import_staff FILE [--skip-invalid]``."""

from __future__ import annotations

import contextlib
import io
import tempfile
from pathlib import Path
from typing import Any

from django.core.management import CommandError, ManagementUtility, call_command

from phongdich.core.tests.base import BaseTestCase
from phongdich.org.models import Staff
from phongdich.org.tests.helpers import csv_bytes, imported_codes, person, xlsx_bytes


class ImportStaffCommandTestCase(BaseTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.folder = Path(self.enterContext(tempfile.TemporaryDirectory()))

    def write(self, data: bytes, name: str = "can-bo.xlsx") -> str:
        path = self.folder / name
        path.write_bytes(data)
        return str(path)

    def call(self, *args: Any) -> tuple[str, str]:
        out, err = io.StringIO(), io.StringIO()
        call_command("import_staff", *args, stdout=out, stderr=err)
        return out.getvalue(), err.getvalue()

    def call_failing(self, *args: Any) -> tuple[CommandError, str]:
        err = io.StringIO()
        with self.assertRaises(CommandError) as caught:
            call_command("import_staff", *args, stdout=io.StringIO(), stderr=err)
        return caught.exception, err.getvalue()

    def test_it_imports_a_file_and_prints_a_summary(self) -> None:
        out, err = self.call(self.write(xlsx_bytes([person(1), person(2)])))
        self.assertEqual(out.strip(), "Thêm mới 2, cập nhật 0, không đổi 0, bỏ qua 0 dòng lỗi.")
        self.assertIn("Đã đọc 2 dòng dữ liệu", err)
        self.assertEqual(Staff.objects.filter(staff_code__startswith="NV").count(), 2)

    def test_it_prints_a_progress_line_per_chunk(self) -> None:
        _out, err = self.call(self.write(csv_bytes([person(n) for n in range(1, 1201)]), "a.csv"))
        progress = [line for line in err.splitlines() if line.startswith("Đã nhập")]
        self.assertEqual(
            progress,
            [
                "Đã nhập 500/1200 dòng (41%)",
                "Đã nhập 1000/1200 dòng (83%)",
                "Đã nhập 1200/1200 dòng (100%)",
            ],
        )
        self.assertNotIn("\r", err)

    def test_it_exits_with_code_2_and_lists_bad_rows_on_stderr(self) -> None:
        path = self.write(xlsx_bytes([person(1), person(2, phone="123"), person(3, unit="XX")]))
        error, err = self.call_failing(path)
        self.assertEqual(error.returncode, 2)
        self.assertIn("2 dòng lỗi: không nhập dòng nào", str(error))
        self.assertIn("Dòng 3: Số điện thoại “123” không hợp lệ", err)
        self.assertIn("Dòng 4: Không tìm thấy đơn vị “XX”", err)
        self.assertFalse(Staff.objects.filter(staff_code__startswith="NV").exists())

    def test_it_imports_only_valid_rows_with_skip_invalid(self) -> None:
        path = self.write(xlsx_bytes([person(1), person(2, phone="123"), person(3)]))
        out, err = self.call(path, "--skip-invalid")
        self.assertIn("Thêm mới 2, cập nhật 0, không đổi 0, bỏ qua 1 dòng lỗi.", out)
        self.assertIn("Dòng 3: Số điện thoại “123” không hợp lệ", err)
        self.assertEqual(imported_codes(), {"NV00001", "NV00003"})

    def test_it_exits_with_code_2_on_wrong_headers(self) -> None:
        path = self.write(csv_bytes([["A", "B"]], header=["Tên", "Mã"]), "a.csv")
        error, _err = self.call_failing(path)
        self.assertEqual(error.returncode, 2)
        self.assertIn("Thiếu cột bắt buộc: Họ và tên, Mã cán bộ, Đơn vị", str(error))

    def test_it_exits_with_code_2_on_a_missing_file(self) -> None:
        error, _err = self.call_failing(str(self.folder / "khong-co.xlsx"))
        self.assertEqual(error.returncode, 2)
        self.assertIn("Không tìm thấy tệp", str(error))

    def test_it_exits_with_code_2_on_a_disallowed_extension(self) -> None:
        error, _err = self.call_failing(self.write(b"x", "a.xls"))
        self.assertEqual((error.returncode, str(error)), (2, "Chỉ nhận tệp .xlsx hoặc .csv."))

    def test_the_real_command_line_exits_2_and_writes_the_reason_to_stderr(self) -> None:
        path = self.write(xlsx_bytes([person(1, phone="123")]))
        err = io.StringIO()
        with (
            contextlib.redirect_stderr(err),
            contextlib.redirect_stdout(io.StringIO()),
            self.assertRaises(SystemExit) as caught,
        ):
            ManagementUtility(["manage.py", "import_staff", path]).execute()
        self.assertEqual(caught.exception.code, 2)
        self.assertIn("Dòng 2: Số điện thoại “123” không hợp lệ", err.getvalue())
        self.assertIn("CommandError: 1 dòng lỗi: không nhập dòng nào.", err.getvalue())

    def test_it_rewrites_one_progress_line_in_a_terminal(self) -> None:
        class Terminal(io.StringIO):
            def isatty(self) -> bool:
                return True

        err = Terminal()
        path = self.write(csv_bytes([person(n) for n in range(1, 601)]), "a.csv")
        call_command("import_staff", path, stdout=io.StringIO(), stderr=err)
        self.assertIn("\rĐã nhập 500/600 dòng (83%)\rĐã nhập 600/600 dòng (100%)\n", err.getvalue())

    def test_a_second_run_of_the_same_file_changes_nothing(self) -> None:
        path = self.write(xlsx_bytes([person(1), person(2)]))
        self.call(path)
        out, _err = self.call(path)
        self.assertIn("Thêm mới 0, cập nhật 0, không đổi 2, bỏ qua 0 dòng lỗi.", out)
