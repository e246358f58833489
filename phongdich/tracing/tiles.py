"""The tracing's tile of the Director's home (``core.tiles``): open cases, F1/F2 under
follow-up and the follow-ups overdue. Registered on import, from ``apps.ready()``."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from phongdich.core.report_sections import vn_number
from phongdich.core.roles import Role
from phongdich.core.tiles import Light, Tile, TileData, register

RULE = gettext_lazy(
    "Đỏ khi có người tiếp xúc chưa được ghi theo dõi hôm qua; vàng khi còn ca bệnh đang "
    "điều tra; xanh khi không có ca bệnh nào đang điều tra."
)


def build(*, user: Any, today: date) -> TileData | None:
    from phongdich.tracing.selectors.dashboard import tracing_figures

    f = tracing_figures(user=user, today=today)
    if f.overdue:
        light = Light.RED
    elif f.open_cases:
        light = Light.AMBER
    else:
        light = Light.GREEN
    status = _(
        "F1 đang theo dõi: %(f1)s, F2: %(f2)s; hôm nay còn %(due)s người chưa ghi theo dõi, "
        "%(overdue)s người quá hạn."
    ) % {
        "f1": vn_number(f.f1),
        "f2": vn_number(f.f2 + f.further),
        "due": vn_number(f.due_today),
        "overdue": vn_number(f.overdue),
    }
    return TileData(
        figure=vn_number(f.open_cases),
        figure_label=_("ca bệnh (F0) đang điều tra"),
        status=status,
        light=light,
        rule=str(RULE),
    )


TILE = register(
    Tile(
        key="tracing",
        title=gettext_lazy("Truy vết"),
        url_name="tracing:dashboard",
        roles=frozenset({Role.DIRECTOR, Role.OFFICE}),
        build=build,
        order=30,
    )
)
