from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from phongdich.core.commands import read_input_file
from phongdich.org import imports
from phongdich.org.models import Unit
from phongdich.org.services import staff_rows_apply


class Command(BaseCommand):
    help = "Nhập/cập nhật danh sách cán bộ từ tệp .xlsx hoặc .csv (tiêu đề tiếng Việt)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="Tệp .xlsx hoặc .csv")
        parser.add_argument(
            "--skip-invalid",
            action="store_true",
            help="Bỏ qua các dòng lỗi và nhập các dòng hợp lệ.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        path, data = read_input_file(options["file"])
        try:
            rows = imports.read_rows(data, path.name)
        except imports.ImportFileError as exc:
            raise CommandError(str(exc), returncode=2) from None
        self.stderr.write(f"Đã đọc {len(rows)} dòng dữ liệu; đang kiểm tra…")
        checked = imports.validate_rows(rows, allowed_units=Unit.objects.all())
        for error in checked.errors:
            self.stderr.write(f"Dòng {error.line}: {' '.join(error.reasons)}")
        if checked.errors and not options["skip_invalid"]:
            raise CommandError(
                f"{len(checked.errors)} dòng lỗi: không nhập dòng nào. "
                "Sửa tệp hoặc chạy lại với --skip-invalid.",
                returncode=2,
            )
        total = len(checked.rows)
        # A terminal gets one line rewritten in place; a log gets one line per step.
        tty = self.stderr.isatty()

        def progress(done: int) -> None:
            line = f"Đã nhập {done}/{total} dòng ({100 * done // max(total, 1)}%)"
            self.stderr.write(("\r" + line) if tty else line, ending="" if tty else "\n")

        result = staff_rows_apply(rows=checked.rows, progress=progress)
        if tty and total:
            self.stderr.write("")
        self.stdout.write(
            f"Thêm mới {result.created}, cập nhật {result.updated}, "
            f"không đổi {result.unchanged}, bỏ qua {len(checked.errors)} dòng lỗi."
        )
