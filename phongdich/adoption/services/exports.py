"""Spreadsheet exports (through core.xlsx), each audited in its transaction."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from phongdich.adoption.models import Denominator, RequiredApp
from phongdich.adoption.selectors.rates import (
    rates_report,
    summary_by_app,
    unit_people,
)
from phongdich.core.audit import audit
from phongdich.core.xlsx import Column, Sheet, build_workbook
from phongdich.org.models import Unit


def _who(user: Any) -> str:
    return user.get_full_name() or user.get_username()


def _fraction(percent: float | None) -> float | str:
    return percent / 100 if percent is not None else "—"


def rates_export(
    *,
    user: Any,
    ip: str | None,
    apps: Sequence[RequiredApp],
    denominator: str,
    day: dt.date | None = None,
) -> bytes:
    """Rates per unit, per union and per app, with the week-on-week change."""
    day = day or timezone.localdate()
    report = rates_report(user=user, apps=apps, denominator=denominator, day=day)
    summary = summary_by_app(user=user, apps=list(apps), denominator=denominator, day=day)
    filters = [
        (_("Ứng dụng"), ", ".join(a.name for a in apps)),
        (_("Cách tính"), Denominator(denominator).label),
        (_("Tuần"), report.week.label),
    ]
    columns = [
        Column(_("Xếp hạng"), kind="int", width=9),
        Column(_("Đơn vị / tổ chức")),
        Column(_("Số người tính"), kind="int"),
        Column(_("Đã cài, đang dùng"), kind="int"),
        Column(_("Tỷ lệ"), kind="percent"),
        Column(_("Tỷ lệ tuần trước"), kind="percent"),
        Column(_("Tăng (điểm %)"), kind="number", num_format="+0.0;-0.0;0.0"),
        Column(_("Chưa khai báo"), kind="int"),
    ]

    def line(row: Any, label: str | None = None) -> list[Any]:
        return [
            row.rank if row.rank is not None else "",
            label or row.label,
            row.base,
            row.now.adopted,
            _fraction(row.percent),
            _fraction(row.before_percent),
            row.change if row.change is not None else "—",
            row.now.counted - row.now.declared,
        ]

    unit_rows = [line(r) for r in report.units]
    if report.total is not None:
        unit_rows.append(line(report.total, _("Toàn Sở") if report.whole else _("Tổng")))
    sheets = [
        Sheet(
            name=_("Theo đơn vị"),
            title=_("TỶ LỆ CÀI ĐẶT, SỬ DỤNG ỨNG DỤNG THEO ĐƠN VỊ"),
            columns=columns,
            rows=unit_rows,
            filters=filters,
        ),
        Sheet(
            name=_("Theo đoàn thể"),
            title=_("TỶ LỆ CÀI ĐẶT, SỬ DỤNG ỨNG DỤNG THEO TỔ CHỨC ĐOÀN THỂ"),
            columns=columns,
            rows=[line(r) for r in report.unions],
            filters=filters,
        ),
        Sheet(
            name=_("Theo ứng dụng"),
            title=_("TỶ LỆ CÀI ĐẶT, SỬ DỤNG THEO ỨNG DỤNG"),
            columns=columns,
            rows=[line(s.row, s.app.name) for s in summary],
            filters=filters[1:],
        ),
    ]
    with transaction.atomic():
        audit(
            None,
            "adoption.rates.export",
            actor=user,
            ip=ip,
            apps=[a.code for a in apps],
            denominator=denominator,
            day=day.isoformat(),
        )
    return build_workbook(sheets=sheets, exported_by=_who(user), exported_at=timezone.now())


def unit_list_export(
    *, user: Any, ip: str | None, unit: Unit, apps: Sequence[RequiredApp]
) -> bytes:
    """Everyone of the unit with their answer per app (personal data: audited)."""
    people = unit_people(unit=unit, apps=apps)
    columns = [
        Column(_("STT"), kind="int", width=6),
        Column(_("Mã cán bộ")),
        Column(_("Họ và tên")),
        Column(_("Đơn vị")),
        *[Column(a.name) for a in apps],
        Column(_("Khai báo lúc"), kind="datetime"),
    ]
    rows = []
    for n, line in enumerate(people.people, start=1):
        cells = [
            (a.get_status_display() if a else _("Chưa khai báo")) if mine else _("Không áp dụng")
            for mine, a in line.cells
        ]
        moments = [a.declared_at for a in line.answers if a is not None]
        rows.append(
            [
                n,
                line.staff.staff_code,
                line.staff.full_name,
                line.staff.unit.name,
                *cells,
                max(moments) if moments else "",
            ]
        )
    sheet = Sheet(
        name=_("Danh sách"),
        title=_("DANH SÁCH CÀI ĐẶT ỨNG DỤNG CỦA ĐƠN VỊ"),
        columns=columns,
        rows=rows,
        filters=[(_("Đơn vị"), unit.name)],
        personal_data=True,
    )
    with transaction.atomic():
        audit(
            None,
            "adoption.unit_list.export",
            actor=user,
            ip=ip,
            obj=unit,
            rows=len(rows),
        )
    return build_workbook(sheets=[sheet], exported_by=_who(user), exported_at=timezone.now())
