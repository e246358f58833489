"""The news module's workbooks (core/xlsx.py): the false-news reports, as the list
shows them to the reader (the board: every report; anyone else: their own), and the
acknowledgement rate of each bulletin over the reader's units. No one's name in them
(no reporter, no decider; counts only), so no export reason."""

from __future__ import annotations

from collections.abc import Iterable

from django.utils.translation import gettext as _

from phongdich.core.xlsx import Column, Sheet
from phongdich.news.models import FalseNewsReport
from phongdich.news.selectors.bulletins import BulletinRate


def report_list_sheet(*, reports: Iterable[FalseNewsReport], board: bool) -> Sheet:
    return Sheet(
        name=_("Báo tin giả"),
        title=_("DANH SÁCH TIN BÁO NGHI LÀ TIN GIẢ"),
        columns=[
            Column(_("STT"), kind="int", width=6),
            Column(_("Ngày báo"), kind="datetime"),
            Column(_("Thấy ở đâu"), width=16),
            Column(_("Thấy ngày"), kind="date"),
            Column(_("Đường dẫn bài đăng")),
            Column(_("Mô tả")),
            Column(_("Kết luận"), width=16),
            Column(_("Ngày kết luận"), kind="datetime"),
            Column(_("Nguồn đối chiếu")),
        ],
        rows=(
            (
                n,
                r.created_at,
                r.get_platform_display(),
                r.seen_on,
                r.link,
                r.description,
                r.get_verdict_display() if r.verdict else _("Đang kiểm chứng"),
                r.decided_at,
                r.source,
            )
            for n, r in enumerate(reports, 1)
        ),
        filters=[(_("Phạm vi"), _("Mọi tin được báo") if board else _("Tin tôi đã báo"))],
    )


def bulletin_rates_sheet(*, rates: Iterable[BulletinRate], scope: str) -> Sheet:
    return Sheet(
        name=_("Tỷ lệ xác nhận"),
        title=_("TỶ LỆ XÁC NHẬN ĐÃ ĐỌC VĂN BẢN CHÍNH THỨC"),
        columns=[
            Column(_("STT"), kind="int", width=6),
            Column(_("Số văn bản"), width=16),
            Column(_("Cơ quan ban hành")),
            Column(_("Trích yếu")),
            Column(_("Ngày ban hành"), kind="date"),
            Column(_("Hạn xác nhận"), kind="date"),
            Column(_("Số người nhận"), kind="int", width=10),
            Column(_("Đã xác nhận"), kind="int", width=10),
            Column(_("Tỷ lệ"), kind="percent", width=10),
        ],
        rows=(
            (
                n,
                r.bulletin.number,
                r.bulletin.issuer,
                r.bulletin.summary,
                r.bulletin.issued_on,
                r.bulletin.deadline,
                r.audience,
                r.acknowledged,
                r.acknowledged / r.audience if r.audience else None,
            )
            for n, r in enumerate(rates, 1)
        ),
        filters=[(_("Đơn vị"), scope)],
    )
