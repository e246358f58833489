"""The adoption module's section of the compiled báo cáo (``core.report_sections``),
letter items 7 (vận động cài đặt Bluezone, Smart Thanh Hóa …), 5 (Smart Thanh Hóa) and 2
(văn bản, hồ sơ trực tuyến): the rate of each required app for the whole Sở at the end of
the period and its change since the end of the previous week, the units and unions with
the lowest rate for every app together, the campaigns of the period and whether they
reached their target, and the digital-work indicators of the latest month reported
(``selectors.rates.summary_by_app``, ``rates_report``, ``selectors.indicators.
indicator_table``; docs/adoption.md). Registered on import, from ``apps.ready()``."""

from __future__ import annotations

from datetime import date

from django.utils import timezone

from phongdich.core.report_sections import (
    READER,
    Figure,
    SectionContent,
    SectionProvider,
    register,
    vn_date,
    vn_list,
    vn_number,
    vn_percent,
)

KEYWORDS = ("cài đặt", "bluezone", "smart thanh hóa", "ứng dụng")
NAMED_UNITS = 3


def _share(part: int, total: int) -> str:
    return f"{vn_number(part)}/{vn_number(total)} ({vn_percent(100 * part / total)})"


def _change(points: float | None) -> str:
    """+2.5 → "tăng 2,5 điểm phần trăm"; 0 or None → ""."""
    if not points:
        return ""
    word = "tăng" if points > 0 else "giảm"
    return f"{word} {vn_percent(abs(points))[:-1]} điểm phần trăm"


def _signed(points: float) -> str:
    return ("+" if points > 0 else "−") + vn_percent(abs(points))[:-1]


def build(start: date, end: date) -> SectionContent | None:
    """None when nobody ever declared an app, no campaign was opened and no indicator was
    entered (the module is not in use)."""
    from phongdich.adoption.models import Campaign, DeclarationEvent, Denominator, DigitalIndicator
    from phongdich.adoption.selectors.campaigns import campaign_progress
    from phongdich.adoption.selectors.indicators import indicator_table
    from phongdich.adoption.selectors.rates import (
        active_apps,
        ranked_units,
        rates_report,
        summary_by_app,
    )

    if not (
        DeclarationEvent.objects.exists()
        or Campaign.objects.exists()
        or DigitalIndicator.objects.exists()
    ):
        return None
    as_of = min(end, timezone.localdate())
    denominator = Denominator.ALL
    apps = active_apps()
    sentences: list[str] = []
    figures: list[Figure] = []

    summary = [
        s
        for s in summary_by_app(user=READER, apps=apps, denominator=denominator, day=as_of)
        if s.row.base
    ]
    report = rates_report(user=READER, apps=apps, denominator=denominator, day=as_of)
    total = report.total if report.total is not None and report.total.base else None
    if summary:
        text = f"Đến ngày {vn_date(as_of)}, tỷ lệ cán bộ toàn Sở đã cài đặt, sử dụng: " + vn_list(
            f"{s.app.name} {vn_percent(s.row.percent)}" for s in summary
        )
        if total is not None and len(summary) > 1:
            text += f"; cài đặt đủ các ứng dụng {vn_percent(total.percent)}"
            if change := _change(total.change):
                text += f", {change} so với cuối tuần trước"
        elif len(summary) == 1 and (change := _change(summary[0].row.change)):
            text += f", {change} so với cuối tuần trước"
        sentences.append(text + ".")
        for s in summary:
            figures.append(
                Figure(f"Đã cài đặt {s.app.name}", _share(s.row.now.adopted, s.row.base))
            )
            if s.row.change:
                figures.append(
                    Figure(f"{s.app.name}: so với tuần trước", _signed(s.row.change), "điểm %")
                )
    if total is not None:
        figures.append(
            Figure("Cài đặt đủ các ứng dụng (toàn Sở)", _share(total.now.adopted, total.base))
        )
    lowest = sorted(
        (r for r in ranked_units(report) if r.percent is not None and r.percent < 100),
        key=lambda r: (r.percent, r.unit.path if r.unit else ""),
    )[:NAMED_UNITS]
    unions = [r for r in report.unions if r.base]
    parts = []
    if lowest:
        parts.append(
            "Thấp nhất là " + vn_list(f"{r.label} ({vn_percent(r.percent)})" for r in lowest)
        )
    if unions:
        parts.append(
            "các tổ chức đoàn thể: " + vn_list(f"{r.label} {vn_percent(r.percent)}" for r in unions)
        )
    if parts:
        text = "; ".join(parts)
        sentences.append(text[:1].upper() + text[1:] + ".")

    campaigns = list(
        Campaign.objects.filter(starts_on__lte=end, deadline__gte=start).order_by("starts_on", "pk")
    )
    if campaigns:
        reached = []
        for campaign in campaigns:
            progress = campaign_progress(
                campaign=campaign, user=None, day=min(campaign.deadline, as_of)
            )
            if progress.total is not None and progress.total.reached:
                reached.append(campaign)
        text = f"Trong kỳ đã tổ chức {vn_number(len(campaigns))} đợt vận động cài đặt ứng dụng"
        if len(campaigns) == 1 and progress.total is not None:
            text = (
                f"Trong kỳ đã tổ chức đợt vận động “{campaign.title}”, chỉ tiêu "
                f"{vn_percent(campaign.target_percent)}, đạt {vn_percent(progress.total.percent)}"
            )
        elif len(reached) == len(campaigns):
            text += ", tất cả đều đạt chỉ tiêu"
        elif reached:
            text += f", {vn_number(len(reached))} đợt đạt chỉ tiêu"
        else:
            text += ", chưa đợt nào đạt chỉ tiêu"
        sentences.append(text + ".")
        figures.append(Figure("Đợt vận động cài đặt", len(campaigns), "đợt"))

    table = indicator_table(user=READER, day=as_of)
    month = next(
        (
            m
            for i, m in reversed(list(enumerate(table.months)))
            if any(t.cells[i] is not None for t in table.trends)
        ),
        None,
    )
    if month is not None:
        index = table.months.index(month)
        cells = [t.cells[index] for t in table.trends if t.cells[index] is not None]
        documents = sum(c.documents_total for c in cells if c)
        electronic = sum(c.documents_electronic for c in cells if c)
        dossiers = sum(c.dossiers_total for c in cells if c)
        online = sum(c.dossiers_level3 + c.dossiers_level4 for c in cells if c)
        meetings = sum(c.online_meetings for c in cells if c)
        done = []
        if documents:
            done.append(
                f"{vn_percent(100 * electronic / documents)} văn bản được xử lý trên môi trường "
                "mạng"
            )
        if dossiers:
            done.append(
                f"{vn_percent(100 * online / dossiers)} hồ sơ thủ tục hành chính trực tuyến "
                "mức độ 3, 4"
            )
        if meetings:
            done.append(f"{vn_number(meetings)} cuộc họp trực tuyến")
        if done:
            sentences.append(
                f"Tháng {month.month}/{month.year}, {vn_number(len(cells))} đơn vị báo cáo "
                + vn_list(done)
                + "."
            )
            if documents:
                figures.append(
                    Figure("Văn bản xử lý trên môi trường mạng", _share(electronic, documents))
                )
            if dossiers:
                figures.append(Figure("Hồ sơ trực tuyến mức độ 3, 4", _share(online, dossiers)))
    if not sentences:
        return None
    return SectionContent(sentences=tuple(sentences), figures=tuple(figures))


PROVIDER = register(
    SectionProvider(
        key="adoption",
        title="Cài đặt ứng dụng phòng dịch, chỉ số chuyển đổi số",
        keywords=KEYWORDS,
        build=build,
        order=50,
    )
)
