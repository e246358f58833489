"""The adoption module's block of the home page (core.mine): for a unit head, the share
of the unit's staff who have installed the required apps."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _

from phongdich.adoption.models import Denominator
from phongdich.adoption.selectors.rates import active_apps, rates_report
from phongdich.core.mine import MineBlock, MineProvider, Viewer, register
from phongdich.core.report_sections import vn_percent
from phongdich.core.roles import Role


def unit_adoption(viewer: Viewer) -> MineBlock | None:
    apps = active_apps()
    if not apps:
        return None
    report = rates_report(user=viewer.user, apps=apps, denominator=Denominator.ALL)
    total = report.total
    if total is None or not total.base:
        return None
    percent = total.percent
    change = total.change
    figures = [(_("Tỷ lệ cài đặt"), vn_percent(percent), "ok" if (percent or 0) >= 80 else "warn")]
    if change is not None:
        sign = "+" if change > 0 else ""
        figures.append((_("So với tuần trước"), f"{sign}{vn_percent(change)}", ""))
    return MineBlock(
        title=_("Cài đặt ứng dụng phòng, chống dịch"),
        count=total.now.adopted,
        count_label=_("trên %(n)d cán bộ đã cài") % {"n": total.base},
        figures=tuple(figures),
        url=reverse("adoption:rates"),
    )


register(
    MineProvider("adoption.unit", build=unit_adoption, roles=frozenset({Role.UNIT_HEAD}), order=13)
)
