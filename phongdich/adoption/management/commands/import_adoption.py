from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from phongdich.adoption.models import Union
from phongdich.adoption.services.imports import adoption_import_file
from phongdich.core import sheets
from phongdich.core.commands import read_input_file
from phongdich.org.models import Unit


class Command(BaseCommand):
    help = (
        "Nhập/cập nhật danh sách cài đặt ứng dụng (Mã cán bộ hoặc Số điện thoại, Họ và tên, "
        "Ứng dụng, Trạng thái, Ghi chú) từ tệp .xlsx hoặc .csv."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="Tệp .xlsx hoặc .csv")
        parser.add_argument(
            "--unit", help="Mã đơn vị của danh sách (người ngoài đơn vị bị từ chối)"
        )
        parser.add_argument(
            "--union", help="Mã tổ chức đoàn thể: người trong danh sách được ghi là thành viên"
        )
        parser.add_argument(
            "--skip-invalid", action="store_true", help="Bỏ qua các dòng lỗi, nhập các dòng hợp lệ."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        unit = union = None
        if options.get("unit"):
            unit = Unit.objects.filter(code__iexact=options["unit"]).first()
            if unit is None:
                raise CommandError(f"Không có đơn vị mã {options['unit']}.", returncode=2)
        if options.get("union"):
            union = Union.objects.filter(code__iexact=options["union"]).first()
            if union is None:
                codes = ", ".join(Union.objects.values_list("code", flat=True))
                raise CommandError(
                    f"Không có tổ chức đoàn thể mã {options['union']} (các mã: {codes}).",
                    returncode=2,
                )
        path, data = read_input_file(options["file"])
        try:
            checked, result = adoption_import_file(
                data=data,
                filename=path.name,
                unit=unit,
                union=union,
                skip_invalid=options["skip_invalid"],
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
            f"không đổi {result.unchanged}, bỏ qua {len(checked.errors)} dòng lỗi"
            + (f"; thêm {result.members_added} thành viên {union.name}." if union else ".")
        )
