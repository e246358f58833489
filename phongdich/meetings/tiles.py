"""The meetings module's tile of the Director's home (``core.tiles``): the share of the
meetings held online this month and its trend over six months. Registered on import, from
``apps.ready()``."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from phongdich.core.charts import sparkline
from phongdich.core.report_sections import vn_number, vn_percent
from phongdich.core.roles import Role
from phongdich.core.tiles import Light, Tile, TileData, light_for, register

RULE = gettext_lazy(
    "Xanh từ 70% cuộc họp trong 30 ngày qua là trực tuyến, vàng từ 50% đến dưới 70%, đỏ dưới 50%."
)
MONTHS = 6


def build(*, user: Any, today: date) -> TileData | None:
    from phongdich.meetings.selectors.figures import online_by_month

    months, now = online_by_month(months=MONTHS, today=today)
    if not any(m.held for m in months) and not now.held:
        return None
    percent = now.percent
    light = (
        Light.NONE
        if percent is None
        else light_for(percent, red_at=50, amber_at=70, higher_is_worse=False)
    )
    chart = sparkline(
        ident="chart-meetings",
        title=_("Tỷ lệ họp trực tuyến theo tháng, 6 tháng qua"),
        labels=[f"{m.month:%m/%Y}" for m in months],
        values=[round(m.percent or 0, 1) for m in months],
    )
    return TileData(
        figure=vn_percent(percent),
        figure_label=_("cuộc họp trong 30 ngày qua là trực tuyến"),
        status=_("30 ngày qua: %(online)s/%(held)s cuộc họp trực tuyến; 6 tháng: %(all)s cuộc.")
        % {
            "online": vn_number(now.online),
            "held": vn_number(now.held),
            "all": vn_number(sum(m.held for m in months)),
        },
        light=light,
        rule=str(RULE),
        chart=chart,
    )


TILE = register(
    Tile(
        key="meetings",
        title=gettext_lazy("Họp trực tuyến"),
        url_name="meetings:figures",
        roles=frozenset({Role.DIRECTOR, Role.OFFICE}),
        build=build,
        order=80,
    )
)
