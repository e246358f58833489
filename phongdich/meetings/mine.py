"""The meetings module's block of the home page (core.mine): the viewer's upcoming
meetings, with the invitations still waiting for their reply."""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from phongdich.core.mine import MineBlock, MineProvider, MineRow, Viewer, first, register
from phongdich.meetings.models import Invitation
from phongdich.meetings.selectors.meetings import upcoming_own


def my_meetings(viewer: Viewer) -> MineBlock | None:
    meetings = upcoming_own(user=viewer.user)
    rows = []
    for meeting in meetings:
        invitation = next(iter(getattr(meeting, "my_invitations", [])), None)
        unanswered = invitation is not None and invitation.reply == Invitation.Reply.PENDING
        rows.append(
            MineRow(
                text=meeting.title,
                url=reverse("meetings:detail", args=[meeting.pk]),
                meta=timezone.localtime(meeting.start).strftime("%H:%M %d/%m/%Y"),
                badge=_("Chưa trả lời") if unanswered else "",
                tone="warn" if unanswered else "",
            )
        )
    return MineBlock(
        title=_("Cuộc họp sắp tới"),
        count=len(meetings),
        count_label=_("cuộc họp"),
        rows=first(rows),
        url=reverse("meetings:calendar"),
        link_text=_("Lịch của tôi"),
        empty=_("Không có cuộc họp nào sắp tới."),
    )


register(MineProvider("meetings.mine", build=my_meetings, order=35))
