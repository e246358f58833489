"""The directives' tiles of the Director's home (``core.tiles``): every item of the
issued directives in one line with its light (the figure of the module that serves the
item beside it, matched by the report sections' keywords), and the units late on tasks.
Registered on import, from ``apps.ready()``."""

from __future__ import annotations

from datetime import date
from typing import Any
from urllib.parse import urlencode

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from phongdich.core.charts import unit_bars
from phongdich.core.report_sections import providers_for, vn_number
from phongdich.core.roles import Role
from phongdich.core.tiles import Light, Tile, TileData, TileLine, register

ITEMS_RULE = gettext_lazy(
    "Mỗi nhiệm vụ: đỏ khi có đơn vị quá hạn chưa hoàn thành; vàng khi có đơn vị chưa "
    "hoàn thành mà còn 3 ngày nữa đến hạn; xanh khi còn lại."
)
UNITS_RULE = gettext_lazy(
    "Đỏ khi từ 3 đơn vị trở lên có nhiệm vụ quá hạn; vàng khi có 1 hoặc 2 đơn vị; xanh khi "
    "không đơn vị nào quá hạn."
)
SHOWN_UNITS = 5
# At most this many item lines, those needing attention first; the rest are counted.
SHOWN_LINES = 8
RANK = {Light.RED: 0, Light.AMBER: 1, Light.GREEN: 2}
ROLES = frozenset({Role.DIRECTOR, Role.OFFICE})


def build_items(*, user: Any, today: date) -> TileData | None:
    from phongdich.directives.selectors.home import item_statuses

    items = item_statuses(user=user, today=today)
    if not items:
        return None
    base = reverse("directives:dashboard")

    def light_of(item: Any) -> Light:
        return Light.RED if item.overdue else Light.AMBER if item.due_soon else Light.GREEN

    def line_of(item: Any, light: Light) -> TileLine:
        reference = item.directive.reference
        text = _("%(label)s: %(done)s/%(units)s đơn vị đã hoàn thành") % {
            "label": (f"{reference} · " if reference else "")
            + f"{item.task.number}. {item.task.short_title}",
            "done": vn_number(item.done),
            "units": vn_number(item.units),
        }
        if item.overdue:
            text += _(", %(n)s đơn vị quá hạn") % {"n": vn_number(item.overdue)}
        elif item.due_soon:
            text += _(", %(n)s đơn vị sắp đến hạn") % {"n": vn_number(item.due_soon)}
        served = providers_for(item.task.content)
        query: dict[str, str | int] = {"directive": item.directive.pk}
        if item.overdue:
            query["status"] = "overdue"
        return TileLine(
            text=text,
            light=light,
            module=served[0] if served else "",
            url=f"{base}?{urlencode(query)}",
        )

    # Every item's light; the words, the module and the link of the shown lines only
    # (thousands of items at province scale: matching each text to the modules cost
    # more than the rest of the tile).
    lights = [light_of(item) for item in items]
    red = sum(1 for light in lights if light == Light.RED)
    amber = sum(1 for light in lights if light == Light.AMBER)
    light = Light.RED if red else Light.AMBER if amber else Light.GREEN
    directives = len({item.directive.pk for item in items})
    ranked = sorted(range(len(items)), key=lambda n: (RANK[lights[n]], n))
    shown = sorted(ranked[:SHOWN_LINES])
    rest = ranked[SHOWN_LINES:]
    note = ""
    if rest:
        late = sum(1 for n in rest if lights[n] != Light.GREEN)
        note = _("Còn %(n)s nhiệm vụ khác (%(late)s cần chú ý): xem tất cả") % {
            "n": vn_number(len(rest)),
            "late": vn_number(late),
        }
    lines = [line_of(items[n], lights[n]) for n in shown]
    return TileData(
        figure=f"{vn_number(len(items) - red)}/{vn_number(len(items))}",
        figure_label=_("nhiệm vụ không có đơn vị quá hạn"),
        status=_("%(n)s văn bản đang thực hiện; %(red)s nhiệm vụ có đơn vị quá hạn.")
        % {"n": vn_number(directives), "red": vn_number(red)},
        light=light,
        rule=str(ITEMS_RULE),
        lines=tuple(lines),
        note=note,
    )


def build_units(*, user: Any, today: date) -> TileData | None:
    from phongdich.directives.selectors.home import late_units

    late, reporting = late_units(user=user, today=today)
    if not reporting:
        return None
    n = len(late)
    light = Light.RED if n >= 3 else Light.AMBER if n else Light.GREEN
    shown = late[:SHOWN_UNITS]
    chart = ""
    if shown:
        chart = unit_bars(
            ident="chart-late-units",
            title=_("Số nhiệm vụ quá hạn theo đơn vị"),
            labels=[u.unit.name for u in shown],
            values=[u.overdue for u in shown],
        )
    if shown:
        worst = shown[0]
        status = _("Chậm nhất: %(unit)s, %(n)s nhiệm vụ quá hạn, lâu nhất %(days)s ngày.") % {
            "unit": worst.unit.name,
            "n": vn_number(worst.overdue),
            "days": vn_number(worst.days),
        }
    else:
        status = _("Không đơn vị nào có nhiệm vụ quá hạn.")
    return TileData(
        figure=f"{vn_number(n)}/{vn_number(reporting)}",
        figure_label=_("đơn vị có nhiệm vụ quá hạn"),
        status=status,
        light=light,
        rule=str(UNITS_RULE),
        chart=chart,
        query="status=overdue",
    )


ITEMS = register(
    Tile(
        key="directives",
        title=gettext_lazy("Nhiệm vụ của các văn bản đang thực hiện"),
        url_name="directives:dashboard",
        roles=ROLES,
        build=build_items,
        order=10,
        wide=True,
    )
)
UNITS = register(
    Tile(
        key="late_units",
        title=gettext_lazy("Đơn vị chậm thực hiện nhiệm vụ"),
        url_name="directives:dashboard",
        roles=ROLES,
        build=build_units,
        order=15,
    )
)
