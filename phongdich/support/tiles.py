"""The support module's tile of the Director's home (``core.tiles``): the open requests,
those past their deadline, and the requests opened per week (``selectors.dashboard``, the
support dashboard's figures). Registered on import, from ``apps.ready()``."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from phongdich.core.charts import sparkline
from phongdich.core.report_sections import vn_number
from phongdich.core.roles import Role
from phongdich.core.tiles import Light, Tile, TileData, register

RULE = gettext_lazy(
    "Đỏ khi có yêu cầu đang mở đã quá hạn tiếp nhận hoặc xử lý; vàng khi có yêu cầu chưa "
    "phân công; xanh khi còn lại."
)


def build(*, user: Any, today: date) -> TileData | None:
    from phongdich.support.selectors.dashboard import dashboard

    board = dashboard(user=user)
    if not board.members and not board.open_total and not any(w.opened for w in board.weeks):
        return None
    late = sum(u.breaches for u in board.units)  # open requests past a deadline
    if late:
        light = Light.RED
    elif board.unassigned_open:
        light = Light.AMBER
    else:
        light = Light.GREEN
    chart = sparkline(
        ident="chart-support",
        title=_("Yêu cầu hỗ trợ tiếp nhận theo tuần"),
        labels=[f"{w.start:%d/%m}" for w in board.weeks],
        values=[w.opened for w in board.weeks],
    )
    return TileData(
        figure=vn_number(board.open_total),
        figure_label=_("yêu cầu hỗ trợ CNTT đang mở"),
        status=_("%(breach)s yêu cầu đang mở đã quá hạn, %(free)s chưa phân công.")
        % {"breach": vn_number(late), "free": vn_number(board.unassigned_open)},
        light=light,
        rule=str(RULE),
        chart=chart,
    )


TILE = register(
    Tile(
        key="support",
        title=gettext_lazy("Hỗ trợ CNTT"),
        url_name="support:dashboard",
        roles=frozenset({Role.DIRECTOR, Role.OFFICE}),
        build=build,
        order=90,
    )
)
