"""Print QR posters of gates to one PDF, one A4 page per gate."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from phongdich.checkin import posters
from phongdich.checkin.models import Location
from phongdich.org.models import Unit


class Command(BaseCommand):
    help = (
        "Ghi áp phích mã QR của các cổng vào một tệp PDF (mỗi cổng một trang A4). "
        "Chọn cổng bằng --location MÃ-CỔNG … và/hoặc --unit MÃ-ĐƠN-VỊ."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--location",
            nargs="+",
            action="extend",
            default=[],
            metavar="CODE",
            help="mã cổng (có thể nhiều mã)",
        )
        parser.add_argument(
            "--unit",
            metavar="CODE",
            help="mã đơn vị: mọi cổng đang hoạt động của đơn vị này",
        )
        parser.add_argument("--output", required=True, metavar="FILE.pdf", help="tệp PDF ghi ra")
        parser.add_argument(
            "--allow-local",
            action="store_true",
            help=(
                "vẫn in khi PUBLIC_BASE_URL là địa chỉ cục bộ (127.0.0.1, localhost): "
                "áp phích mang dòng đỏ “Địa chỉ cục bộ – không in để dán”, chỉ để thử"
            ),
        )

    def handle(self, *args: Any, **options: Any) -> None:
        codes = [c.strip().upper() for c in options["location"] if c.strip()]
        unit_code = (options["unit"] or "").strip()
        output = Path(options["output"])
        if not codes and not unit_code:
            raise CommandError(
                "Chưa chọn cổng nào: dùng --location MÃ-CỔNG và/hoặc --unit MÃ-ĐƠN-VỊ.",
                returncode=2,
            )
        if not output.parent.is_dir():
            raise CommandError(f"Thư mục {output.parent} không tồn tại.", returncode=2)
        try:
            local = posters.ensure_public_base(allow_local=options["allow_local"])
        except posters.LocalBaseUrl as exc:
            raise CommandError(
                f"{exc} Chỉ để thử: thêm --allow-local (áp phích sẽ mang dòng "
                "“Địa chỉ cục bộ – không in để dán”).",
                returncode=2,
            ) from None

        gates: list[Location] = []
        if codes:
            found = {
                g.code: g for g in Location.objects.filter(code__in=codes).select_related("unit")
            }
            unknown = [c for c in dict.fromkeys(codes) if c not in found]
            if unknown:
                raise CommandError("Không có cổng với mã: " + ", ".join(unknown), returncode=2)
            for code in dict.fromkeys(codes):
                gate = found[code]
                try:
                    posters.ensure_printable(gate)
                except posters.PosterUnavailable as exc:
                    raise CommandError(str(exc), returncode=2) from None
                gates.append(gate)
        if unit_code:
            unit = Unit.objects.filter(code__iexact=unit_code).first()
            if unit is None:
                raise CommandError(f"Không có đơn vị với mã: {unit_code}", returncode=2)
            of_unit = [g for g in posters.printable_gates(unit) if g not in gates]
            if not of_unit and not gates:
                raise CommandError(
                    f"Đơn vị “{unit.name}” không có cổng nào đang hoạt động với mã QR "
                    "còn hiệu lực.",
                    returncode=2,
                )
            gates.extend(of_unit)

        pdf = posters.poster_pdf(gates, allow_local=local)
        output.write_bytes(pdf)
        if local:
            self.stderr.write(
                f"Cảnh báo: PUBLIC_BASE_URL là địa chỉ cục bộ ({settings.PUBLIC_BASE_URL}): "
                "điện thoại của khách không mở được mã QR này; không dán áp phích này."
            )
        self.stdout.write(
            f"Đã ghi {len(gates)} áp phích ({len(gates)} trang) vào {output}: "
            + ", ".join(g.code for g in gates)
        )
