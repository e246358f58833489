"""The news module's tile of the Director's home (``core.tiles``): how many of the staff
acknowledged the bulletins of the last 30 days ("Tôi đã đọc và sẽ thực hiện"), the lowest
bulletin named (``selectors.bulletins.bulletin_rates``). Registered on import, from
``apps.ready()``."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from phongdich.core.charts import unit_bars
from phongdich.core.report_sections import vn_number, vn_percent
from phongdich.core.roles import Role
from phongdich.core.tiles import Tile, TileData, light_for, register

RULE = gettext_lazy(
    "Xanh từ 90% lượt cán bộ đã xác nhận đã đọc, vàng từ 70% đến dưới 90%, đỏ dưới 70%."
)
DAYS = 30
SHOWN = 4


def build(*, user: Any, today: date) -> TileData | None:
    from phongdich.news.selectors.bulletins import bulletin_rates

    rates = [
        r
        for r in bulletin_rates(user=user, start=today - timedelta(days=DAYS - 1), end=today)
        if r.audience
    ]
    if not rates:
        return None
    audience = sum(r.audience for r in rates)
    done = sum(r.acknowledged for r in rates)
    percent = 100 * done / audience
    lowest = sorted(rates, key=lambda r: (r.rate, r.bulletin.pk))[:SHOWN]
    chart = unit_bars(
        ident="chart-bulletins",
        title=_("Văn bản có tỷ lệ xác nhận đã đọc thấp nhất"),
        labels=[_("Văn bản số %(n)s") % {"n": r.bulletin.number} for r in lowest],
        values=[r.rate for r in lowest],
        maximum=100,
        suffix="%",
    )
    return TileData(
        figure=vn_percent(percent),
        figure_label=_("lượt cán bộ đã xác nhận đã đọc"),
        status=_("%(done)s/%(audience)s lượt xác nhận, %(n)s văn bản trong 30 ngày qua.")
        % {
            "done": vn_number(done),
            "audience": vn_number(audience),
            "n": vn_number(len(rates)),
        },
        light=light_for(percent, red_at=70, amber_at=90, higher_is_worse=False),
        rule=str(RULE),
        chart=chart,
    )


TILE = register(
    Tile(
        key="news",
        title=gettext_lazy("Bản tin văn bản chỉ đạo"),
        url_name="news:bulletin_list",
        roles=frozenset({Role.DIRECTOR, Role.OFFICE}),
        build=build,
        order=70,
    )
)
