"""manage.py compile_report DIRECTIVE_NUMBER [--period-start D --period-end D]
--format docx|pdf|xlsx --output FILE: the compiled report of a directive, to a file.

Nothing is stored: every section is drafted from the figures; the Director signs (the
first staff member with the Director role who is not a deputy). Exit 2 on an unknown
directive, a bad date, a missing --output or nobody to sign.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from phongdich.directives.dates import parse_date
from phongdich.directives.errors import CompileError
from phongdich.directives.models import CompiledReport, Directive
from phongdich.directives.selectors.compiled import compile_data
from phongdich.directives.selectors.status import today_local
from phongdich.directives.services import compiled as compiling


def fail(message: str) -> CommandError:
    return CommandError(message, returncode=2)


def find_directive(text: str, *, year: int) -> Directive:
    """``2987/SLĐTBXH-VP`` (the latest year that has it, or ``2987/SLĐTBXH-VP/2021``) or
    ``2987`` (this year)."""
    match = re.fullmatch(r"\s*0*(\d{1,5})(?:/([^/\s]+))?(?:/(\d{4}))?\s*", text)
    if not match:
        raise fail(f"Số văn bản không hợp lệ: “{text}” (ví dụ 2987/SLĐTBXH-VP hoặc 2987).")
    number, symbol = int(match[1]), match[2]
    if match[3]:
        years: list[int] | None = [int(match[3])]
    elif symbol:
        years = None  # number and symbol: the most recent year that has them
    else:
        years = [year]
    found = Directive.objects.filter(number=number)
    if years is not None:
        found = found.filter(year__in=years)
    candidates = list(found.order_by("-year"))
    if symbol:  # compared in Python: SQLite folds the case of ASCII letters only (Đ/đ)
        candidates = [d for d in candidates if d.symbol.upper() == symbol.upper()]
    if candidates and years is None:
        candidates = [d for d in candidates if d.year == candidates[0].year]
    if not candidates:
        where = f" năm {years[0]}" if years else ""
        raise fail(f"Không tìm thấy văn bản số “{text}”{where}.")
    if len(candidates) > 1:
        raise fail(
            f"Có nhiều văn bản số {number} năm {candidates[0].year}: ghi thêm ký hiệu, ví dụ "
            f"{number}/{candidates[0].symbol}."
        )
    return candidates[0]


class Command(BaseCommand):
    help = "Lập báo cáo tổng hợp kết quả thực hiện một văn bản chỉ đạo (.docx, .pdf, .xlsx)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("directive", help="số văn bản: 2987/SLĐTBXH-VP hoặc 2987 (năm nay)")
        parser.add_argument("--period-start", help="từ ngày (dd/mm/yyyy; mặc định ngày văn bản)")
        parser.add_argument("--period-end", help="đến ngày (dd/mm/yyyy; mặc định hôm nay)")
        parser.add_argument("--format", choices=sorted(compiling.FORMATS), default="docx")
        parser.add_argument("--output", help="tệp kết quả")
        parser.add_argument("--number", type=int, help="số báo cáo (để trống: văn thư cấp sau)")

    def handle(self, *args: Any, **options: Any) -> None:
        if not options["output"]:
            raise fail("Thiếu --output: ghi đường dẫn tệp kết quả, ví dụ --output bao-cao.docx.")
        today = today_local()
        directive = find_directive(options["directive"], year=today.year)
        try:
            start = parse_date(options["period_start"]) if options["period_start"] else None
            end = parse_date(options["period_end"]) if options["period_end"] else today
        except ValueError as exc:
            raise fail(str(exc)) from None
        start = start or directive.issued_on or end
        if end < start:
            raise fail("Khoảng thời gian không hợp lệ: --period-end trước --period-start.")
        try:
            data = compile_data(
                directive=directive, period_start=start, period_end=end, today=today
            )
            report = CompiledReport(
                directive=directive,
                period_start=start,
                period_end=end,
                number=options["number"],
                issued_on=today,
            )
            content = compiling.render_compiled(report, options["format"])
        except CompileError as exc:
            raise fail("\n".join(exc.messages)) from None
        output = Path(options["output"])
        try:
            output.write_bytes(content)
        except OSError as exc:
            raise fail(f"Không ghi được tệp {output}: {exc.strerror}") from None
        self.stdout.write(
            f"Đã ghi báo cáo tổng hợp Công văn số {directive.reference} "
            f"({start:%d/%m/%Y}–{end:%d/%m/%Y}, {len(data.tasks)} nhiệm vụ) vào {output}"
        )
