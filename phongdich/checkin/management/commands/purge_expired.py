"""manage.py purge_expired [--dry-run]: delete check-in data past its retention."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from phongdich.checkin.services.retention import purge_expired


class Command(BaseCommand):
    help = (
        "Xóa lượt check-in, tờ khai y tế và người check-in đã quá thời hạn lưu trữ "
        "(trừ người liên quan ca bệnh đang mở)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--dry-run", action="store_true", help="chỉ đếm, không xóa")

    def handle(self, *args: Any, **options: Any) -> None:
        report = purge_expired(dry_run=options["dry_run"])
        self.stdout.write("\n".join(report.lines()))
