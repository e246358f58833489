"""The directives' blocks of the home page (core.mine): the open tasks of the viewer's
unit; for a unit head, the unit's status (late, in progress, done)."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _

from phongdich.core.mine import MineBlock, MineProvider, MineRow, Viewer, first, register
from phongdich.core.roles import Role
from phongdich.directives.selectors.reports import dashboard_facts, unit_open_rows
from phongdich.directives.selectors.status import TaskStatus, status_counts

TONES = {TaskStatus.OVERDUE: "late", TaskStatus.IN_PROGRESS: "warn"}


def unit_tasks(viewer: Viewer) -> MineBlock | None:
    if viewer.staff is None:
        return None
    rows = unit_open_rows(unit=viewer.staff.unit)
    head = viewer.holds(Role.UNIT_HEAD)
    shown = first(
        MineRow(
            text=row.task.display_label,
            url=(
                reverse("directives:report_edit", args=[row.task.pk, row.unit.pk])
                + f"?ky={row.period.start:%Y-%m-%d}"
                if head
                else ""
            ),
            meta=_("%(ref)s · hạn %(due)s")
            % {
                "ref": row.task.directive.reference or _("Dự thảo"),
                "due": row.due_on.strftime("%d/%m/%Y") if row.due_on else _("không có"),
            },
            badge=_(row.status.label),  # translated where the catalogue has it
            tone=TONES.get(row.status, ""),
        )
        for row in rows
    )
    return MineBlock(
        title=_("Nhiệm vụ của đơn vị"),
        count=len(rows),
        count_label=_("việc chưa xong"),
        rows=shown,
        url=reverse("directives:report_list") if head else "",
    )


def unit_status(viewer: Viewer) -> MineBlock | None:
    counts = status_counts(dashboard_facts(user=viewer.user, ordered=False))
    dashboard = reverse("directives:dashboard")
    late = counts[TaskStatus.OVERDUE]
    return MineBlock(
        title=_("Tình hình thực hiện nhiệm vụ"),
        count=late,
        count_label=_("việc quá hạn"),
        figures=(
            (_(TaskStatus.OVERDUE.label), counts[TaskStatus.OVERDUE], "late"),
            (_(TaskStatus.IN_PROGRESS.label), counts[TaskStatus.IN_PROGRESS], "warn"),
            (_(TaskStatus.DONE_LATE.label), counts[TaskStatus.DONE_LATE], "warn"),
            (_(TaskStatus.DONE_ON_TIME.label), counts[TaskStatus.DONE_ON_TIME], "ok"),
        ),
        url=dashboard,
        link_text=_("Xem bảng theo dõi"),
        empty=_("Đơn vị chưa được giao nhiệm vụ nào."),
    )


register(MineProvider("directives.tasks", build=unit_tasks, order=10))
register(
    MineProvider(
        "directives.status", build=unit_status, roles=frozenset({Role.UNIT_HEAD}), order=11
    )
)
