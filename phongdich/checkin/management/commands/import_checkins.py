"""manage.py import_checkins FILE.csv [--skip-invalid]

Exit codes: 0 imported; 2 the file or some row was rejected (nothing imported,
unless --skip-invalid, which imports the valid rows and exits 0).
"""

from __future__ import annotations

import gc
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from phongdich.checkin.importer import ImportFileError, parse_csv
from phongdich.checkin.services.imports import import_parsed

REJECTED = 2


class Command(BaseCommand):
    help = (
        "Nhập lượt check-in từ tệp CSV (cột person,name,location,check_in,check_out; "
        "giờ ISO 8601 có múi giờ)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="tệp CSV, UTF-8, có dòng tiêu đề")
        parser.add_argument(
            "--skip-invalid",
            action="store_true",
            help="bỏ qua dòng không hợp lệ và nhập các dòng hợp lệ",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        # Millions of small tuples and no reference cycles: the cyclic collector
        # would only rescan them over and over (a third of the run time).
        gc.disable()
        try:
            self._import(options)
        finally:
            gc.enable()

    def _import(self, options: dict[str, Any]) -> None:
        try:
            parsed = parse_csv(options["file"])
        except ImportFileError as exc:
            raise CommandError(str(exc), returncode=REJECTED) from None
        for error in parsed.errors:
            self.stderr.write(str(error))
        if parsed.errors and not options["skip_invalid"]:
            raise CommandError(
                f"Không nhập dòng nào: {len(parsed.errors)} dòng không hợp lệ trên "
                f"{parsed.rows_read} dòng. Sửa tệp, hoặc dùng --skip-invalid để chỉ nhập "
                "các dòng hợp lệ.",
                returncode=REJECTED,
            )
        try:
            result = import_parsed(parsed)
        except ImportFileError as exc:
            raise CommandError(str(exc), returncode=REJECTED) from None
        duplicates = result.duplicates_in_file + result.duplicates_in_db
        lines = [
            f"Số dòng đã đọc: {parsed.rows_read}",
            f"Đã nhập: {result.imported} lượt check-in",
            f"Trùng lặp đã gộp: {duplicates} (trong tệp: {result.duplicates_in_file}, "
            f"đã có sẵn: {result.duplicates_in_db})",
            f"Bỏ qua (không hợp lệ): {len(parsed.errors)}",
            f"Người mới: {result.persons_created}",
        ]
        if result.new_locations:
            lines.append(
                f"Địa điểm mới ({len(result.new_locations)}, thuộc {result.default_unit}): "
                + ", ".join(result.new_locations)
            )
        else:
            lines.append("Địa điểm mới: 0")
        if options["verbosity"] >= 2:
            lines.append(
                "Thời gian (giây): "
                + ", ".join(f"{stage} {seconds:.2f}" for stage, seconds in result.timings.items())
            )
        self.stdout.write("\n".join(lines))
