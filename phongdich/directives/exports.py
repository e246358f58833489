"""The status dashboard as a workbook (core/xlsx.py): the groups by directive and unit,
and every row. No personal data (units, tasks, statuses), so no export reason."""

from __future__ import annotations

from collections.abc import Sequence

from django.utils.translation import gettext as _

from phongdich.core.xlsx import Column, Sheet
from phongdich.directives.selectors.dashboard import ORDER, UnitGroup
from phongdich.directives.selectors.status import StatusFact, StatusRow


def dashboard_sheets(
    *,
    groups: Sequence[UnitGroup],
    rows: Sequence[StatusRow | StatusFact],
    filters: list[tuple[str, str]],
) -> list[Sheet]:
    summary = Sheet(
        name=_("Theo đơn vị"),
        title=_("TÌNH HÌNH THỰC HIỆN NHIỆM VỤ THEO ĐƠN VỊ"),
        columns=[
            Column(_("STT"), kind="int", width=6),
            Column(_("Văn bản")),
            Column(_("Đơn vị")),
            *(Column(str(status.label), kind="int", width=14) for status in ORDER),
            Column(_("Tổng"), kind="int", width=8),
        ],
        rows=(
            (
                n,
                g.directive.reference,
                g.unit.name,
                *(g.counts[status] for status in ORDER),
                g.total,
            )
            for n, g in enumerate(groups, 1)
        ),
        filters=filters,
    )
    detail = Sheet(
        name=_("Chi tiết"),
        title=_("TÌNH HÌNH THỰC HIỆN TỪNG NHIỆM VỤ"),
        columns=[
            Column(_("STT"), kind="int", width=6),
            Column(_("Tình trạng")),
            Column(_("Số ngày quá hạn"), kind="int", width=10),
            Column(_("Đơn vị")),
            Column(_("Vai trò"), width=12),
            Column(_("Nhiệm vụ")),
            Column(_("Kỳ từ ngày"), kind="date"),
            Column(_("Đến ngày"), kind="date"),
            Column(_("Văn bản")),
            Column(_("Hạn"), kind="date"),
            Column(_("Báo cáo")),
        ],
        rows=(
            (
                n,
                str(r.status.label),
                r.days_overdue or None,
                r.unit.name,
                r.role_label,
                r.task.label,
                r.period.start,
                r.period.end,
                r.task.directive.reference,
                r.due_on,
                r.report_state_label or _("Chưa báo cáo"),
            )
            for n, r in enumerate(rows, 1)
        ),
        filters=filters,
    )
    return [summary, detail]
