"""The check-in's blocks of the home page (core.mine): a staff member's own check-ins,
a guard's gates."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from phongdich.checkin.selectors.guard import GUARD_ROLES, gates_with_counts
from phongdich.checkin.selectors.visits import OWN_VISIT_DAYS, own_visits
from phongdich.core.mine import MineBlock, MineProvider, MineRow, Viewer, register

TONES = {"admitted": "ok", "pending": "warn", "refused": "late"}


def my_checkins(viewer: Viewer) -> MineBlock | None:
    if viewer.staff is None:
        return None
    count, visits = own_visits(staff=viewer.staff)
    rows = tuple(
        MineRow(
            text=visit.location.name,
            meta=timezone.localtime(visit.check_in).strftime("%H:%M %d/%m/%Y"),
            badge=visit.get_status_display(),
            tone=TONES.get(visit.status, ""),
        )
        for visit in visits
    )
    return MineBlock(
        title=_("Lượt check-in của tôi"),
        count=count,
        count_label=ngettext(
            "lượt trong %(days)d ngày qua", "lượt trong %(days)d ngày qua", OWN_VISIT_DAYS
        )
        % {"days": OWN_VISIT_DAYS},
        rows=rows,
        empty=_("Không có lượt check-in nào trong %(days)d ngày qua.") % {"days": OWN_VISIT_DAYS},
    )


def my_gates(viewer: Viewer) -> MineBlock | None:
    gates: list[Any] = gates_with_counts(user=viewer.user)  # annotated: inside, waiting
    console = reverse("checkin:guard_index")
    rows = tuple(
        MineRow(
            text=gate.name,
            url=f"{console}?cong={gate.pk}",
            meta=ngettext("%(n)d người đang ở trong", "%(n)d người đang ở trong", gate.inside)
            % {"n": gate.inside},
            badge=(
                ngettext("%(n)d khai báo chờ xử lý", "%(n)d khai báo chờ xử lý", gate.waiting)
                % {"n": gate.waiting}
                if gate.waiting
                else ""
            ),
            tone="late" if gate.waiting else "",
        )
        for gate in gates
    )
    return MineBlock(
        title=_("Cổng tôi trực"),
        count=len(gates),
        count_label=_("cổng"),
        rows=rows,
        url=console,
        link_text=_("Mở bàn bảo vệ"),
        empty=_("Bạn chưa được giao cổng nào. Vui lòng liên hệ Văn phòng Sở."),
    )


register(MineProvider("checkin.mine", build=my_checkins, order=50))
register(MineProvider("checkin.gates", build=my_gates, roles=GUARD_ROLES, order=5))
