"""Dates typed by people or on the command line: dd/mm/yyyy (or ISO yyyy-mm-dd)."""

from __future__ import annotations

from datetime import date, datetime


def parse_date(value: str) -> date:
    """``31/08/2021``, ``31/8/2021`` or ``2021-08-31``; ValueError with a Vietnamese message."""
    text = value.strip()
    for fmt in ("%d/%m/%Y", "%Y-%m-%d"):
        try:
            return datetime.strptime(text, fmt).date()  # noqa: DTZ007 (a date, no time)
        except ValueError:
            continue
    raise ValueError(f"Ngày không hợp lệ: “{value}” (ghi theo dạng dd/mm/yyyy, ví dụ 31/08/2021).")
