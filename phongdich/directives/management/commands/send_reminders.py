"""manage.py send_reminders [--date D] [--dry-run]: the daily reminders, on demand."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from phongdich.directives.dates import parse_date
from phongdich.directives.services.reminders import reminders_send


class Command(BaseCommand):
    help = (
        "Nhắc trưởng đơn vị các nhiệm vụ sắp đến hạn hoặc đã quá hạn báo cáo (trong ứng dụng "
        "và qua email); mỗi lời nhắc chỉ gửi một lần trong ngày."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--date", help="ngày tính hạn (dd/mm/yyyy; mặc định hôm nay)")
        parser.add_argument("--dry-run", action="store_true", help="chỉ liệt kê, không gửi")

    def handle(self, *args: Any, **options: Any) -> None:
        day = None
        if options["date"]:
            try:
                day = parse_date(options["date"])
            except ValueError as exc:
                raise CommandError(str(exc), returncode=2) from None
        run = reminders_send(today=day, dry_run=options["dry_run"])
        self.stdout.write("\n".join(run.lines()))
