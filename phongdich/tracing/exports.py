"""Spreadsheet export of traced contacts, shared by the web UI and ``manage.py trace``.

User text never becomes a formula (``strings_to_formulas: False``)."""

from __future__ import annotations

import io
from collections.abc import Iterable, Sequence
from typing import Any

import xlsxwriter
from django.utils import timezone
from django.utils.translation import gettext as _

from phongdich.tracing.models import Case, Contact
from phongdich.tracing.selectors.rows import ContactRow, contact_rows

__all__ = ["contacts_xlsx", "headers"]

WIDTHS = (6, 16, 26, 15, 28, 20, 16, 18, 14)


def headers() -> list[str]:
    return [
        _("Cấp"),
        _("Người tiếp xúc"),
        _("Họ và tên"),
        _("Số điện thoại"),
        _("Đơn vị"),
        _("Thời điểm tiếp xúc"),
        _("Qua người"),
        _("Địa điểm"),
        _("Số phút tiếp xúc"),
    ]


def contacts_xlsx(
    rows: Sequence[ContactRow] | None = None,
    *,
    case: Case | None = None,
    contacts: Iterable[Contact] | None = None,
) -> bytes:
    """An .xlsx of contacts: from ``rows`` (see ``selectors.contact_rows*``), or from
    stored ``contacts`` (select_related person__staff__unit, via, location)."""
    if rows is None:
        rows = contact_rows(contacts=contacts or [])
    buffer = io.BytesIO()
    options: dict[str, Any] = {"strings_to_formulas": False, "in_memory": True}
    workbook = xlsxwriter.Workbook(buffer, options)
    sheet = workbook.add_worksheet(_("Người tiếp xúc")[:31])
    bold = workbook.add_format({"bold": True, "bg_color": "#E8EEF7", "border": 1})
    when = workbook.add_format({"num_format": "dd/mm/yyyy hh:mm:ss"})
    minutes = workbook.add_format({"num_format": "0.00"})
    start = 0
    if case is not None:
        sheet.write_string(0, 0, _("Ca bệnh %(case)s") % {"case": case})
        start = 2
    for col, (title, width) in enumerate(zip(headers(), WIDTHS, strict=True)):
        sheet.write_string(start, col, title, bold)
        sheet.set_column(col, col, width)
    for offset, row in enumerate(rows, start=start + 1):
        sheet.write_string(offset, 0, f"F{row.level}")
        sheet.write_string(offset, 1, row.person)
        sheet.write_string(offset, 2, row.full_name)
        sheet.write_string(offset, 3, row.phone)
        sheet.write_string(offset, 4, row.unit)
        local = timezone.localtime(row.exposed_at).replace(tzinfo=None)
        sheet.write_datetime(offset, 5, local, when)
        sheet.write_string(offset, 6, f"{row.via} {row.via_name}".strip())
        place = f"{row.location_name} ({row.location})" if row.location_name else row.location
        sheet.write_string(offset, 7, place)
        sheet.write_number(offset, 8, row.overlap_minutes, minutes)
    sheet.freeze_panes(start + 1, 0)
    workbook.close()
    return buffer.getvalue()
