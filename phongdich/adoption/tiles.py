"""The adoption module's tile of the Director's home (``core.tiles``): the share of the
staff who installed each required app, the lowest in front, and its change since the end
of last week (``selectors.rates.summary_by_app``, the rates page's totals). Registered on
import, from ``apps.ready()``."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from phongdich.core.charts import unit_bars
from phongdich.core.report_sections import vn_percent
from phongdich.core.roles import Role
from phongdich.core.tiles import Tile, TileData, light_for, register

RULE = gettext_lazy(
    "Theo ứng dụng có tỷ lệ thấp nhất: xanh từ 90% cán bộ đã cài đặt, vàng từ 70% đến dưới "
    "90%, đỏ dưới 70%."
)


def build(*, user: Any, today: date) -> TileData | None:
    from phongdich.adoption.models import Denominator
    from phongdich.adoption.selectors.rates import active_apps, summary_by_app

    apps = active_apps()
    if not apps:
        return None
    summary = [
        s
        for s in summary_by_app(user=user, apps=apps, denominator=Denominator.ALL, day=today)
        if s.row.base and s.row.percent is not None
    ]
    if not summary:
        return None
    summary.sort(key=lambda s: (s.row.percent, s.app.name))
    lowest = summary[0]
    percent = lowest.row.percent or 0.0
    change = lowest.row.change
    status = _("Thấp nhất: %(app)s") % {"app": lowest.app.name}
    if change:
        status += _(", %(sign)s%(points)s điểm so với cuối tuần trước") % {
            "sign": "+" if change > 0 else "−",
            "points": f"{abs(change):.1f}".replace(".", ",").removesuffix(",0"),
        }
    status += "."
    chart = unit_bars(
        ident="chart-adoption",
        title=_("Tỷ lệ cán bộ đã cài đặt theo ứng dụng"),
        labels=[s.app.name for s in summary],
        values=[round(s.row.percent or 0, 1) for s in summary],
        maximum=100,
        suffix="%",
    )
    return TileData(
        figure=vn_percent(percent),
        figure_label=_("cán bộ đã cài %(app)s") % {"app": lowest.app.name},
        status=status,
        light=light_for(percent, red_at=70, amber_at=90, higher_is_worse=False),
        rule=str(RULE),
        chart=chart,
    )


TILE = register(
    Tile(
        key="adoption",
        title=gettext_lazy("Cài đặt ứng dụng phòng dịch"),
        url_name="adoption:rates",
        roles=frozenset({Role.DIRECTOR, Role.OFFICE}),
        build=build,
        order=60,
    )
)
