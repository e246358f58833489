"""The equipment module's tile of the Director's home (``core.tiles``): the share of staff
ready to work remotely, the lowest units as bars, certificates expiring and broken
equipment (``selectors.readiness.readiness_report``, the readiness page's figures and
lights). Registered on import, from ``apps.ready()``."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from phongdich.core.charts import unit_bars
from phongdich.core.report_sections import vn_number, vn_percent
from phongdich.core.roles import Role
from phongdich.core.tiles import Light, Tile, TileData, register

RULE = gettext_lazy(
    "Như trang Sẵn sàng làm việc từ xa: xanh từ 80% cán bộ sẵn sàng, vàng từ 50% đến dưới "
    "80%, đỏ dưới 50%."
)
SHOWN_UNITS = 4


def build(*, user: Any, today: date) -> TileData | None:
    from phongdich.equipment.selectors.readiness import AMBER, GREEN, readiness_report

    report = readiness_report(user=user, today=today)
    total, ready = report.total, report.ready_count
    if not total:
        return None
    rate = ready / total
    light = Light.GREEN if rate >= GREEN else Light.AMBER if rate >= AMBER else Light.RED
    lowest = sorted(report.units, key=lambda u: (u.rate, u.unit.path))[:SHOWN_UNITS]
    chart = unit_bars(
        ident="chart-readiness",
        title=_("Đơn vị có tỷ lệ sẵn sàng thấp nhất"),
        labels=[u.unit.name for u in lowest],
        values=[u.percent for u in lowest],
        maximum=100,
        suffix="%",
    )
    status = _(
        "%(ready)s/%(total)s cán bộ sẵn sàng; %(certs)s chứng thư số hết hạn, sắp hết hạn; "
        "%(broken)s thiết bị hỏng."
    ) % {
        "ready": vn_number(ready),
        "total": vn_number(total),
        "certs": vn_number(len(report.expiring)),
        "broken": vn_number(len(report.broken)),
    }
    return TileData(
        figure=vn_percent(100 * rate),
        figure_label=_("cán bộ sẵn sàng làm việc từ xa"),
        status=status,
        light=light,
        rule=str(RULE),
        chart=chart,
    )


TILE = register(
    Tile(
        key="equipment",
        title=gettext_lazy("Sẵn sàng làm việc từ xa"),
        url_name="equipment:readiness",
        roles=frozenset({Role.DIRECTOR, Role.OFFICE}),
        build=build,
        order=50,
    )
)
