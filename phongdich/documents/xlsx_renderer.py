"""A :class:`~phongdich.documents.nd30.ResultsTable` as a worksheet of the one workbook
factory, :mod:`phongdich.core.xlsx` (no formulas, no URLs, real date cells, title block,
frozen and filtered header, A4 print set-up with repeated header and page numbers, Times
New Roman).

``results_sheet`` gives the :class:`~phongdich.core.xlsx.Sheet` (to put beside other
sheets in one workbook); ``render_xlsx`` gives the bytes of a workbook holding only it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from phongdich.documents.nd30 import RESULT_COLUMNS, VN_TZ, ResultsTable

# Column widths in characters (the Nhiệm vụ, result and issues columns wrap).
XLSX_WIDTHS = (6, 40, 22, 22, 12, 40, 18, 32)
SHEET_NAME = "Kết quả thực hiện"


def results_sheet(
    table: ResultsTable,
    *,
    title: str | None = None,
    name: str = SHEET_NAME,
    filters: Sequence[tuple[str, Any]] = (),
) -> Any:
    """The results table as a ``core.xlsx.Sheet``: one row per task, deadlines as dates."""
    from phongdich.core.xlsx import Column, Sheet

    kinds = ("int", "text", "text", "text", "date", "text", "text", "text")
    columns = [
        Column(header, kind=kind, width=width)  # type: ignore[arg-type]
        for header, kind, width in zip(RESULT_COLUMNS, kinds, XLSX_WIDTHS, strict=True)
    ]
    rows = [
        (
            i,
            row.task,
            row.lead_unit,
            row.partner_units,
            row.deadline,
            row.result,
            row.status.label,
            row.issues,
        )
        for i, row in enumerate(table.rows, start=1)
    ]
    heading = title or table.caption or "BẢNG TỔNG HỢP KẾT QUẢ THỰC HIỆN NHIỆM VỤ"
    return Sheet(name=name, title=heading, columns=columns, rows=rows, filters=list(filters))


def render_xlsx(
    table: ResultsTable,
    *,
    title: str | None = None,
    exported_by: str = "",
    exported_at: dt.datetime | None = None,
) -> bytes:
    """The results table as the bytes of an .xlsx file (``title`` above the table:
    default the table's caption)."""
    from phongdich.core.xlsx import build_workbook

    return build_workbook(
        sheets=[results_sheet(table, title=title)],
        exported_by=exported_by or "Phòng dịch số",
        exported_at=exported_at or dt.datetime.now(VN_TZ),
    )
