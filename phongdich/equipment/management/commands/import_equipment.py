from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from phongdich.core import sheets
from phongdich.core.commands import read_input_file
from phongdich.equipment.services.imports import equipment_import_file
from phongdich.org.models import Unit


class Command(BaseCommand):
    help = "Nhập/cập nhật thiết bị CNTT của một đơn vị từ tệp .xlsx hoặc .csv."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="Tệp .xlsx hoặc .csv")
        parser.add_argument("--unit", required=True, help="Mã đơn vị của tệp")
        parser.add_argument(
            "--skip-invalid", action="store_true", help="Bỏ qua các dòng lỗi, nhập các dòng hợp lệ."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        unit = Unit.objects.filter(code__iexact=options["unit"]).first()
        if unit is None:
            raise CommandError(f"Không có đơn vị mã {options['unit']}.", returncode=2)
        path, data = read_input_file(options["file"])
        try:
            checked, result = equipment_import_file(
                data=data, filename=path.name, unit=unit, skip_invalid=options["skip_invalid"]
            )
        except sheets.SheetError as exc:
            raise CommandError(str(exc), returncode=2) from None
        for error in checked.errors:
            self.stderr.write(f"Dòng {error['line']}: {' '.join(error['reasons'])}")
        if result is None:
            raise CommandError(
                f"{len(checked.errors)} dòng lỗi: không nhập dòng nào. "
                "Sửa tệp hoặc chạy lại với --skip-invalid.",
                returncode=2,
            )
        self.stdout.write(
            f"Thêm mới {result.created}, cập nhật {result.updated}, "
            f"không đổi {result.unchanged}, bỏ qua {len(checked.errors)} dòng lỗi."
        )
