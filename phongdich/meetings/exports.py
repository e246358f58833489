"""The meeting list as a workbook (core/xlsx.py): the meetings the reader sees, upcoming
or past as on the page. No personal data (times, titles, units, the reader's own reply;
no names), so no export reason."""

from __future__ import annotations

from collections.abc import Iterable

from django.utils.translation import gettext as _

from phongdich.core.xlsx import Column, Sheet
from phongdich.meetings.models import Meeting


def meeting_list_sheet(*, meetings: Iterable[Meeting], past: bool) -> Sheet:
    return Sheet(
        name=_("Lịch họp"),
        title=_("LỊCH HỌP"),
        columns=[
            Column(_("STT"), kind="int", width=6),
            Column(_("Bắt đầu"), kind="datetime"),
            Column(_("Kết thúc"), kind="datetime"),
            Column(_("Cuộc họp")),
            Column(_("Loại"), width=14),
            Column(_("Hình thức"), width=14),
            Column(_("Đơn vị chủ trì")),
            Column(_("Tình trạng"), width=12),
            Column(_("Trả lời của tôi"), width=14),
        ],
        rows=(
            (
                n,
                m.start,
                m.end,
                m.title,
                m.get_kind_display(),
                m.mode_label,
                m.host_unit.name,
                m.get_status_display(),
                # my_invitations: the reader's own, prefetched by selectors.meeting_list.
                ", ".join(str(i.get_reply_display()) for i in getattr(m, "my_invitations", ()))
                or "—",
            )
            for n, m in enumerate(meetings, 1)
        ),
        filters=[
            (_("Các cuộc họp"), _("Đã diễn ra") if past else _("Sắp tới")),
        ],
    )
