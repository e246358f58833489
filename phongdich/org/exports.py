"""The staff directory as a workbook (core/xlsx.py). Names, phones and e-mails are
personal data: the sheet says so, and the view asks why (core/export_reason.py)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from django.utils.translation import gettext as _

from phongdich.core.xlsx import Column, Sheet, build_workbook
from phongdich.org.models import Staff


def staff_xlsx(
    staff: Sequence[Staff],
    *,
    filters: list[tuple[str, str]],
    exported_by: str,
    exported_at: datetime,
) -> bytes:
    sheet = Sheet(
        name=_("Danh bạ cán bộ"),
        title=_("DANH BẠ CÁN BỘ"),
        columns=[
            Column(_("STT"), kind="int", width=6),
            Column(_("Họ và tên")),
            Column(_("Mã cán bộ")),
            Column(_("Đơn vị")),
            Column(_("Chức vụ")),
            Column(_("Số điện thoại")),
            Column(_("Email")),
        ],
        rows=(
            (n, s.full_name, s.staff_code, s.unit.name, s.position, s.phone, s.email)
            for n, s in enumerate(staff, 1)
        ),
        filters=filters,
        personal_data=True,
    )
    return build_workbook(sheets=[sheet], exported_by=exported_by, exported_at=exported_at)
