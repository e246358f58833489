"""The visitor log as an Excel workbook, through the one factory (``core.xlsx``):
real date-time cells, a title block that names the filter and who exported it, the
personal-data warning, a filtered frozen header and an A4 print set-up."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Any

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from phongdich.checkin.models import Visit
from phongdich.checkin.selectors.log import LogFilter, declaration_state, is_visitor
from phongdich.core.text import mask_phone
from phongdich.core.xlsx import Column, Sheet, build_workbook

HEADERS = [
    _("STT"),
    _("Họ và tên"),
    _("Số điện thoại"),
    _("Đơn vị"),
    _("Cổng"),
    _("Giờ vào"),
    _("Giờ ra"),
    _("Thời gian ở lại"),
    _("Khách/Cán bộ"),
    _("Mục đích"),
    _("Người được gặp"),
    _("Tình trạng khai báo"),
    _("Trạng thái"),
]
KINDS = ["int", "text", "text", "text", "text", "datetime", "datetime", "duration"] + ["text"] * 5


def visit_row(number: int, visit: Visit) -> list[object]:
    declaration = visit.declaration
    visitor = is_visitor(visit)
    stayed = visit.check_out - visit.check_in if visit.check_out is not None else None
    return [
        number,
        visit.person.full_name,
        visit.person.identity,
        visit.location.unit.name,
        visit.location.name,
        visit.check_in,
        visit.check_out,
        stayed,
        gettext("Khách") if visitor else gettext("Cán bộ"),
        declaration.purpose if declaration is not None else "",
        declaration.host if declaration is not None else "",
        declaration_state(visit),
        visit.get_status_display(),
    ]


def log_filter_lines(flt: LogFilter) -> list[tuple[str, Any]]:
    """The filter of an export as lines of its title block; personal values masked."""
    span = flt.date_from.strftime("%d/%m/%Y")
    if flt.date_to != flt.date_from:
        span += " – " + flt.date_to.strftime("%d/%m/%Y")
    lines: list[tuple[str, Any]] = [(gettext("Thời gian"), span)]
    lines.append((gettext("Đơn vị"), flt.unit.name if flt.unit else gettext("Tất cả đơn vị")))
    if flt.gate is not None:
        lines.append((gettext("Cổng"), flt.gate.name))
    if flt.kind:
        lines.append(
            (gettext("Đối tượng"), gettext("Khách") if flt.kind == "visitor" else gettext("Cán bộ"))
        )
    if flt.status:
        lines.append((gettext("Trạng thái"), Visit.Status(flt.status).label))
    if flt.phone:
        lines.append((gettext("Số điện thoại"), mask_phone(flt.phone)))
    if flt.cccd:
        lines.append((gettext("Số CCCD"), flt.cccd[:3] + "*" * 6 + flt.cccd[-3:]))
    if flt.name:
        lines.append((gettext("Họ tên có chứa"), "*" * len(flt.name)))
    return lines


def visit_log_xlsx(
    visits: Iterable[Visit],
    *,
    title: str,
    filters: Sequence[tuple[str, Any]],
    exported_by: str,
    exported_at: datetime,
) -> bytes:
    sheet = Sheet(
        name=gettext("Nhật ký ra vào"),
        title=title,
        columns=[Column(str(h), kind=k) for h, k in zip(HEADERS, KINDS, strict=True)],  # type: ignore[arg-type]
        rows=(visit_row(number, visit) for number, visit in enumerate(visits, start=1)),
        filters=filters,
        personal_data=True,
    )
    return build_workbook(
        sheets=[sheet], exported_by=exported_by, exported_at=exported_at, constant_memory=True
    )
