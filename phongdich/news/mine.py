"""The news module's block of the home page (core.mine): the bulletins the viewer must
still acknowledge ("Tôi đã đọc và sẽ thực hiện")."""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from phongdich.core.mine import MineBlock, MineProvider, MineRow, Viewer, first, register
from phongdich.news.selectors.bulletins import bulletins_for


def to_acknowledge(viewer: Viewer) -> MineBlock | None:
    if viewer.staff is None:
        return None
    today = timezone.localdate()
    pending = sorted(
        (bulletin for bulletin, ack in bulletins_for(user=viewer.user) if ack is None),
        key=lambda b: (b.deadline, b.pk),
    )
    rows = first(
        MineRow(
            text=f"{bulletin.number} · {bulletin.summary[:120]}",
            url=reverse("news:bulletin_detail", args=[bulletin.pk]),
            meta=_("hạn %(d)s") % {"d": bulletin.deadline.strftime("%d/%m/%Y")},
            badge=_("Quá hạn") if bulletin.deadline < today else "",
            tone="late" if bulletin.deadline < today else "",
        )
        for bulletin in pending
    )
    return MineBlock(
        title=_("Văn bản cần xác nhận đã đọc"),
        count=len(pending),
        count_label=_("văn bản"),
        rows=rows,
        url=reverse("news:bulletin_list"),
        empty=_("Không có văn bản nào cần xác nhận."),
    )


register(MineProvider("news.acknowledge", build=to_acknowledge, order=20))
