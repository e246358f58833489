"""The visitor log as an Excel workbook; user text never becomes a formula."""

from __future__ import annotations

import io
from collections.abc import Iterable

import xlsxwriter
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from phongdich.checkin.models import Visit
from phongdich.checkin.selectors.log import declaration_state, is_visitor

HEADERS = [
    _("STT"),
    _("Họ và tên"),
    _("Số điện thoại"),
    _("Đơn vị"),
    _("Cổng"),
    _("Giờ vào"),
    _("Giờ ra"),
    _("Khách/Cán bộ"),
    _("Mục đích"),
    _("Người được gặp"),
    _("Tình trạng khai báo"),
    _("Trạng thái"),
]
WIDTHS = [6, 28, 15, 30, 24, 17, 17, 13, 28, 24, 20, 26]


def local(moment: object) -> str:
    if moment is None:
        return ""
    return timezone.localtime(moment).strftime("%d/%m/%Y %H:%M")  # type: ignore[arg-type]


def visit_row(number: int, visit: Visit) -> list[object]:
    declaration = visit.declaration
    visitor = is_visitor(visit)
    return [
        number,
        visit.person.full_name,
        visit.person.identity,
        visit.location.unit.name,
        visit.location.name,
        local(visit.check_in),
        local(visit.check_out),
        gettext("Khách") if visitor else gettext("Cán bộ"),
        declaration.purpose if declaration is not None else "",
        declaration.host if declaration is not None else "",
        declaration_state(visit),
        visit.get_status_display(),
    ]


def visit_log_xlsx(visits: Iterable[Visit], *, title: str) -> bytes:
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(
        buffer,
        {"in_memory": True, "strings_to_formulas": False, "strings_to_urls": False},
    )
    sheet = book.add_worksheet(gettext("Nhật ký ra vào"))
    bold = book.add_format({"bold": True, "text_wrap": True, "border": 1, "valign": "top"})
    cell = book.add_format({"border": 1, "valign": "top", "text_wrap": True})
    sheet.write_string(0, 0, title, book.add_format({"bold": True, "font_size": 13}))
    for col, (header, width) in enumerate(zip(HEADERS, WIDTHS, strict=True)):
        sheet.write_string(2, col, str(header), bold)
        sheet.set_column(col, col, width)
    row = 3
    for number, visit in enumerate(visits, start=1):
        for col, value in enumerate(visit_row(number, visit)):
            if isinstance(value, int):
                sheet.write_number(row, col, value, cell)
            else:
                sheet.write_string(row, col, str(value), cell)
        row += 1
    sheet.freeze_panes(3, 0)
    sheet.autofilter(2, 0, max(row - 1, 2), len(HEADERS) - 1)
    book.close()
    return buffer.getvalue()
