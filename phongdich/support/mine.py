"""The support module's block of the home page (core.mine): the viewer's own open
support requests."""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from phongdich.core.mine import MineBlock, MineProvider, MineRow, Viewer, first, register
from phongdich.support.models.requests import State
from phongdich.support.selectors.requests import own_open_requests


def my_requests(viewer: Viewer) -> MineBlock | None:
    if viewer.staff is None:
        return None
    requests = own_open_requests(user=viewer.user)
    rows = first(
        MineRow(
            text=request.title,
            url=reverse("support:request_detail", args=[request.pk]),
            meta=timezone.localtime(request.created_at).strftime("%d/%m/%Y"),
            badge=request.get_state_display(),
            tone="warn" if request.state == State.WAITING else "",
        )
        for request in requests
    )
    return MineBlock(
        title=_("Yêu cầu hỗ trợ của tôi"),
        count=len(requests),
        count_label=_("yêu cầu đang mở"),
        rows=rows,
        url=reverse("support:request_list"),
        empty=_("Không có yêu cầu hỗ trợ nào đang mở."),
    )


register(MineProvider("support.mine", build=my_requests, order=40))
