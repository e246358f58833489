"""manage.py urge DIRECTIVE_NUMBER [--output FILE.docx|.pdf] [--dry-run]: the công văn
đôn đốc of a directive to the units late on it today.

Without ``--output`` the notice is created as from the follow-up page (stored, the unit
heads notified, audited); with ``--output`` it is only written to that file (.docx or
.pdf); ``--dry-run`` lists the units and tasks it would urge and writes nothing. The
Director signs unless ``--signer USERNAME`` names a deputy. Exit 2 on bad input (unknown
directive, a bad file suffix or date, nobody late, nobody to sign), with the reason in
Vietnamese.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from phongdich.directives.dates import parse_date
from phongdich.directives.drafting import short_date
from phongdich.directives.errors import UrgingError
from phongdich.directives.management.commands.compile_report import fail, find_directive
from phongdich.directives.selectors.signers import signers
from phongdich.directives.selectors.status import today_local
from phongdich.directives.services import urging
from phongdich.documents import render_docx, render_pdf
from phongdich.org.models import Staff

SUFFIXES = (".docx", ".pdf")


class Command(BaseCommand):
    help = "Lập công văn đôn đốc các đơn vị chậm thực hiện một văn bản chỉ đạo."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("directive", help="số văn bản: 2987/SLĐTBXH-VP hoặc 2987 (năm nay)")
        parser.add_argument("--output", help="chỉ ghi công văn ra tệp .docx hoặc .pdf")
        parser.add_argument(
            "--dry-run", action="store_true", help="chỉ liệt kê đơn vị, nhiệm vụ sẽ đôn đốc"
        )
        parser.add_argument("--number", type=int, help="số công văn (để trống: văn thư cấp sau)")
        parser.add_argument("--deadline", help="hạn báo cáo mới (dd/mm/yyyy; mặc định sau 3 ngày)")
        parser.add_argument("--signer", help="tên đăng nhập của Phó Giám đốc ký thay")

    def _signer(self, username: str | None) -> Staff | None:
        if not username:
            return None
        found = signers().filter(user__username=username).first()
        if found is None:
            raise fail(f"“{username}” không phải tài khoản của Giám đốc, Phó Giám đốc Sở.")
        return found

    def handle(self, *args: Any, **options: Any) -> None:
        today = today_local()
        directive = find_directive(options["directive"], year=today.year)
        output = Path(options["output"]) if options["output"] else None
        if output is not None and output.suffix.lower() not in SUFFIXES:
            raise fail(f"Tệp kết quả phải là .docx hoặc .pdf (nhận được “{output.name}”).")
        try:
            deadline = parse_date(options["deadline"]) if options["deadline"] else None
        except ValueError as exc:
            raise fail(str(exc)) from None
        if options["number"] is not None and not 1 <= options["number"] <= 99_999:
            raise fail("Số công văn phải từ 1 đến 99999.")
        signer = self._signer(options["signer"])
        try:
            if options["dry_run"]:
                plan = urging.urging_plan(directive=directive, today=today)
                self._print_plan(plan)
                return
            if output is not None:
                plan, document = urging.urging_render(
                    directive=directive,
                    today=today,
                    number=options["number"],
                    reply_by=deadline,
                    signer=signer,
                )
                render = render_pdf if output.suffix.lower() == ".pdf" else render_docx
                try:
                    output.write_bytes(render(document))
                except OSError as exc:
                    raise fail(f"Không ghi được tệp {output}: {exc.strerror}") from None
                self._print_plan(plan)
                self.stdout.write(f"Đã ghi công văn đôn đốc vào {output}")
                return
            notice = urging.urging_create(
                directive=directive,
                by=None,
                today=today,
                number=options["number"],
                reply_by=deadline,
                signer=signer,
            )
        except UrgingError as exc:
            raise fail("\n".join(exc.messages)) from None
        self.stdout.write(
            f"Đã tạo công văn đôn đốc số {notice.reference} ngày {short_date(notice.issued_on)} "
            f"gửi {notice.units.count()} đơn vị và thông báo cho trưởng đơn vị."
        )

    def _print_plan(self, plan: urging.UrgingPlan) -> None:
        tasks = sum(len(item.tasks) for item in plan.late)
        self.stdout.write(
            f"Công văn số {plan.directive.reference}: {len(plan.late)} đơn vị chậm thực hiện "
            f"{tasks} lượt nhiệm vụ tính đến ngày {short_date(plan.today)}."
        )
        for item in plan.late:
            self.stdout.write(f"- {item.unit.name}:")
            for late in item.tasks:
                due = short_date(late.due_on) if late.due_on else "không có"
                self.stdout.write(
                    f"    {late.task.label} (hạn {due}, quá hạn {late.days_overdue} ngày; "
                    f"{late.state})"
                )
        for item in plan.skipped:
            self.stdout.write(f"(Không gửi {item.unit.name}: đơn vị soạn công văn.)")
