"""python manage.py import_directive FILE [--json]

Reads a directive (.txt or .docx). With --json prints what was read (directive, tasks,
suggested units) as JSON and saves nothing; without it saves a draft and prints a summary.
Exit code 2 for an unreadable or unsupported file, or a text with no numbered items.
"""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from phongdich.core.commands import read_input_file
from phongdich.directives import parsing
from phongdich.directives.inputs import DirectiveHeader
from phongdich.directives.selectors.directives import import_suggestions
from phongdich.directives.services.directives import directive_create


class Command(BaseCommand):
    help = "Nhập văn bản chỉ đạo (.txt, .docx) thành dự thảo với các nhiệm vụ đánh số."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="Tệp .txt (UTF-8) hoặc .docx")
        parser.add_argument(
            "--json",
            action="store_true",
            help="In văn bản và các nhiệm vụ đọc được dưới dạng JSON, không lưu.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        path, data = read_input_file(options["file"])
        try:
            text = parsing.extract_text(data, path.name)
            parsed = parsing.parse_directive(text)
        except parsing.DirectiveParseError as exc:
            raise CommandError(str(exc), returncode=2) from None
        suggestions = import_suggestions(parsed=parsed)
        if options["json"]:
            self.stdout.write(
                json.dumps(as_json(parsed, suggestions), ensure_ascii=False, indent=2)
            )
            return
        directive = directive_create(
            header=DirectiveHeader.from_parsed(parsed), tasks=suggestions, created_by=None
        )
        self.stdout.write(
            f"Đã lưu dự thảo #{directive.pk}: {directive.subject} ({len(suggestions)} nhiệm vụ)."
        )
        for s in suggestions:
            who = (
                s.lead_unit.name
                if s.lead_unit
                else ("tất cả phòng, đơn vị" if s.all_units else "chưa giao")
            )
            self.stdout.write(f"  {s.number:>5}  {who}")
        missing = [
            label
            for label, value in (
                ("số văn bản", directive.number),
                ("ký hiệu", directive.symbol),
                ("ngày văn bản", directive.issued_on),
            )
            if not value
        ]
        if missing:
            self.stderr.write(
                "Văn bản chưa có " + ", ".join(missing) + ": nhập trên trang sửa văn bản "
                f"(/chi-dao/{directive.pk}/sua/) trước khi ban hành."
            )


def as_json(parsed: parsing.ParsedDirective, suggestions: list[Any]) -> dict[str, Any]:
    return {
        "number": parsed.number,
        "symbol": parsed.symbol,
        "reference": f"{parsed.number}/{parsed.symbol}" if parsed.number else None,
        "issued_on": parsed.issued_on.isoformat() if parsed.issued_on else None,
        "place": parsed.place,
        "subject": parsed.subject,
        "recipients": parsed.recipients,
        "issuer": {
            "authority": parsed.issuer_authority,
            "position": parsed.issuer_position,
            "name": parsed.issuer_name,
        },
        "distribution": parsed.distribution,
        "closing": parsed.closing,
        "tasks": [
            {
                "number": s.number,
                "parent": s.parent,
                "content": s.content,
                "is_group": s.is_group,
                "lead_unit": s.lead_unit.code if s.lead_unit else None,
                "supporting_units": [u.code for u in s.supporting_units],
                "all_units": s.all_units,
                "deadline": s.deadline.isoformat() if s.deadline else None,
                "recurrence": s.recurrence,
            }
            for s in suggestions
        ],
    }
