"""The check-in's tile of the Director's home (``core.tiles``): check-ins and risky
declarations today, and a 14-day bar chart of both. Registered on import, from
``apps.ready()``."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from phongdich.core.charts import bar_chart
from phongdich.core.report_sections import vn_number
from phongdich.core.roles import Role
from phongdich.core.tiles import Light, Tile, TileData, register

DAYS = 14
RULE = gettext_lazy(
    "Đỏ khi còn lượt khai báo có yếu tố nguy cơ đang chờ bảo vệ, y tế quyết định; vàng khi "
    "hôm nay có khai báo có yếu tố nguy cơ; xanh khi không có."
)


def build(*, user: Any, today: date) -> TileData | None:
    from phongdich.checkin.selectors.summary import daily_checkins

    days = daily_checkins(user=user, today=today, days=DAYS)
    now = days[-1]
    total = sum(d.visits for d in days)
    risky = sum(d.risky for d in days)
    pending = sum(d.pending for d in days)
    if pending:
        light = Light.RED
    elif now.risky:
        light = Light.AMBER
    else:
        light = Light.GREEN
    status = _("Hôm nay %(risky)s khai báo có yếu tố nguy cơ") % {"risky": vn_number(now.risky)}
    if pending:
        status += _(", %(n)s lượt đang chờ quyết định") % {"n": vn_number(pending)}
    status += _("; 14 ngày qua %(total)s lượt, %(risky)s có nguy cơ.") % {
        "total": vn_number(total),
        "risky": vn_number(risky),
    }
    chart = bar_chart(
        ident="chart-checkin",
        title=_("Lượt check-in và khai báo có yếu tố nguy cơ, 14 ngày qua"),
        labels=[f"{d.day:%d/%m}" for d in days],
        values=[d.visits for d in days],
        part=[d.risky for d in days],
        value_name=_("lượt check-in"),
        part_name=_("có yếu tố nguy cơ"),
    )
    return TileData(
        figure=vn_number(now.visits),
        figure_label=_("lượt check-in hôm nay"),
        status=status,
        light=light,
        rule=str(RULE),
        chart=chart,
    )


TILE = register(
    Tile(
        key="checkin",
        title=gettext_lazy("Check-in, khai báo y tế"),
        url_name="checkin:log_index",
        roles=frozenset({Role.DIRECTOR, Role.OFFICE}),
        build=build,
        order=20,
        cached=True,  # 14 days of check-ins: at province scale a scan of millions of rows
    )
)
