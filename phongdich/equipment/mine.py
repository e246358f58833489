"""The equipment module's blocks of the home page (core.mine): the viewer's equipment
and the open review they must answer; for a unit head, the unit's readiness."""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from phongdich.core.mine import MineBlock, MineProvider, MineRow, Viewer, first, register
from phongdich.core.report_sections import vn_percent
from phongdich.core.roles import Role
from phongdich.equipment.models import Equipment
from phongdich.equipment.selectors.readiness import readiness_report
from phongdich.equipment.selectors.reviews import campaign_current, held_by, review_of


def my_equipment(viewer: Viewer) -> MineBlock | None:
    if viewer.staff is None:
        return None
    today = timezone.localdate()
    items = list(held_by(staff=viewer.staff))
    campaign = campaign_current(staff=viewer.staff, today=today)
    review_due = (
        campaign is not None
        and campaign.deadline >= today
        and review_of(staff=viewer.staff, campaign=campaign) is None
    )
    url = reverse("equipment:my_review")
    rows: list[MineRow] = []
    if review_due and campaign is not None:
        rows.append(
            MineRow(
                text=_("Trả lời rà soát: %(t)s") % {"t": campaign.title},
                url=url,
                meta=_("hạn %(d)s") % {"d": campaign.deadline.strftime("%d/%m/%Y")},
                badge=_("Cần trả lời"),
                tone="warn",
            )
        )
    for item in items:
        broken = item.condition == Equipment.Condition.BROKEN
        rows.append(
            MineRow(
                text=" ".join(part for part in (str(item.kind), item.model_name) if part),
                meta=item.asset_code,
                badge=item.get_condition_display() if broken else "",
                tone="late" if broken else "",
            )
        )
    return MineBlock(
        title=_("Thiết bị của tôi"),
        count=len(items),
        count_label=_("thiết bị đang giữ"),
        rows=first(rows),
        url=url,
        link_text=_("Xác nhận, báo hỏng"),
        empty=_("Bạn không giữ thiết bị nào của Sở."),
    )


def unit_readiness(viewer: Viewer) -> MineBlock | None:
    report = readiness_report(user=viewer.user)
    if not report.total:
        return None
    percent = 100 * report.ready_count / report.total
    return MineBlock(
        title=_("Sẵn sàng làm việc từ xa"),
        count=report.ready_count,
        count_label=_("trên %(n)d người sẵn sàng") % {"n": report.total},
        figures=(
            (_("Tỷ lệ sẵn sàng"), vn_percent(percent), "ok" if percent >= 80 else "warn"),
            (_("Thiết bị hỏng"), len(report.broken), "late" if report.broken else "ok"),
            (
                _("Chứng thư số sắp hết hạn"),
                len(report.expiring),
                "warn" if report.expiring else "ok",
            ),
        ),
        url=reverse("equipment:readiness"),
    )


register(MineProvider("equipment.mine", build=my_equipment, order=30))
register(
    MineProvider(
        "equipment.readiness", build=unit_readiness, roles=frozenset({Role.UNIT_HEAD}), order=12
    )
)
