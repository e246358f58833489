"""The support module's section of the compiled báo cáo (``core.report_sections``), letter
item 8 (kiện toàn Tổ CNTT Sở ... hướng dẫn, hỗ trợ các phòng và đơn vị): the team and the
units it covers, the requests opened and resolved in the period, the median working time
to take and to resolve them, the deadlines missed and the requests passed to a partner
(``selectors.dashboard.period_figures``). Registered on import, from ``apps.ready()``."""

from __future__ import annotations

from datetime import date

from phongdich.core.report_sections import (
    Figure,
    SectionContent,
    SectionProvider,
    register,
    vn_list,
    vn_number,
)

KEYWORDS = ("tổ cntt", "hướng dẫn, hỗ trợ", "hỗ trợ")


def duration(minutes: float) -> str:
    """Working minutes in words: "45 phút", "2 giờ 30 phút", "3 giờ"."""
    total = round(minutes)
    hours, rest = divmod(total, 60)
    if not hours:
        return f"{rest} phút"
    return f"{vn_number(hours)} giờ" + (f" {rest} phút" if rest else "")


def build(start: date, end: date) -> SectionContent | None:
    """None when the IT team has no member (the module is not in use)."""
    from phongdich.support.selectors.dashboard import period_figures

    f = period_figures(start=start, end=end)
    if not f.members:
        return None
    team = f"Tổ CNTT Sở gồm {vn_number(f.members)} thành viên"
    covered = (
        f"{vn_number(f.units_covered)}/{vn_number(f.units_total)}"
        if f.units_covered <= f.units_total
        else vn_number(f.units_covered)
    )
    sentences = [f"{team}, đã phân công người hỗ trợ chính và dự phòng cho {covered} đơn vị."]
    if f.opened or f.resolved:
        text = (
            f"Trong kỳ báo cáo, Tổ đã tiếp nhận {vn_number(f.opened)} yêu cầu hỗ trợ kỹ thuật, "
            f"xử lý xong {vn_number(f.resolved)}"
        )
        if f.still_open:
            text += f" ({vn_number(f.still_open)} đang xử lý)"
        times = []
        if f.median_take is not None:
            times.append(f"tiếp nhận {duration(f.median_take)}")
        if f.median_resolve is not None:
            times.append(f"xử lý xong {duration(f.median_resolve)}")
        if times:
            text += f"; thời gian {vn_list(times)} (trung vị, giờ làm việc)"
        sentences.append(text + ".")
        late = []
        if f.take_breaches:
            late.append(f"{vn_number(f.take_breaches)} lượt quá hạn tiếp nhận")
        if f.resolve_breaches:
            late.append(f"{vn_number(f.resolve_breaches)} lượt quá hạn xử lý")
        tail = f"; {vn_number(f.escalated)} yêu cầu đã chuyển đối tác hỗ trợ" if f.escalated else ""
        if late:
            sentences.append(f"Có {vn_list(late)}, đã báo tổ trưởng{tail}.")
        else:
            sentences.append(f"Không có yêu cầu nào quá hạn tiếp nhận hoặc xử lý{tail}.")
    else:
        sentences.append("Trong kỳ báo cáo, Tổ chưa nhận yêu cầu hỗ trợ kỹ thuật nào qua hệ thống.")
    figures = (
        Figure("Thành viên Tổ CNTT", f.members, "người"),
        Figure("Đơn vị được phân công hỗ trợ", f.units_covered, "đơn vị"),
        Figure("Yêu cầu hỗ trợ tiếp nhận", f.opened, "yêu cầu"),
        Figure("Yêu cầu đã xử lý xong", f.resolved, "yêu cầu"),
        Figure(
            "Thời gian tiếp nhận (trung vị)",
            duration(f.median_take) if f.median_take is not None else "—",
        ),
        Figure(
            "Thời gian xử lý (trung vị)",
            duration(f.median_resolve) if f.median_resolve is not None else "—",
        ),
        Figure("Lượt quá hạn", f.breached, "lượt"),
        Figure("Chuyển đối tác", f.escalated, "yêu cầu"),
    )
    return SectionContent(sentences=tuple(sentences), figures=figures)


PROVIDER = register(
    SectionProvider(
        key="support",
        title="Tổ CNTT, hỗ trợ kỹ thuật",
        keywords=KEYWORDS,
        build=build,
        order=40,
    )
)
