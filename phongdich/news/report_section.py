"""The news module's section of the compiled báo cáo (``core.report_sections``), letter
items 5 (không phát tán tin giả; cập nhật các văn bản chỉ đạo), 6 (tuyên truyền) and 7
(viết tin, bài gửi Ban biên tập): the false-news reports of the period and the board's
verdicts, the bulletins published in it and their acknowledgement rates, the articles
submitted and published per unit and union (``selectors.falsenews.report_counts``,
``selectors.bulletins.bulletin_rates``, ``selectors.stats.article_counts``). Registered on
import, from ``apps.ready()``."""

from __future__ import annotations

from datetime import date

from phongdich.core.report_sections import (
    READER,
    Figure,
    SectionContent,
    SectionProvider,
    register,
    vn_list,
    vn_number,
    vn_percent,
)

KEYWORDS = ("tin giả", "sai sự thật", "văn bản chỉ đạo", "tin, bài", "ban biên tập")
NAMED_UNITS = 3


def build(start: date, end: date) -> SectionContent | None:
    """None when the module was never used (no article, bulletin or report)."""
    from phongdich.news.models import Article, Bulletin, FalseNewsReport
    from phongdich.news.selectors.bulletins import bulletin_rates
    from phongdich.news.selectors.falsenews import report_counts
    from phongdich.news.selectors.stats import article_counts
    from phongdich.org.models import Unit

    if not (
        Article.objects.exists() or Bulletin.objects.exists() or FalseNewsReport.objects.exists()
    ):
        return None
    sentences: list[str] = []
    reports = report_counts(start=start, end=end)
    verdicts = [(str(label), n) for label, n in reports["verdicts"] if n]
    decided = sum(n for _, n in verdicts)
    if reports["received"] or decided:
        text = (
            f"Trong kỳ báo cáo, cán bộ đã báo {vn_number(reports['received'])} tin nghi là tin "
            "giả qua hệ thống"
        )
        if decided:
            text += (
                f"; Ban biên tập đã kết luận {vn_number(decided)} trường hợp ("
                + vn_list(f"{vn_number(n)} {label.lower()}" for label, n in verdicts)
                + ")"
            )
        sentences.append(text + ".")
    else:
        sentences.append("Trong kỳ không có tin nghi là tin giả nào được báo qua hệ thống.")

    rates = [r for r in bulletin_rates(user=READER, start=start, end=end) if r.audience]
    audience = sum(r.audience for r in rates)
    acknowledged = sum(r.acknowledged for r in rates)
    if rates:
        lowest = min(rates, key=lambda r: (r.rate, r.bulletin.published_at))
        text = (
            f"Văn phòng Sở đã đăng {vn_number(len(rates))} văn bản chỉ đạo lên bản tin; "
            f"{vn_number(acknowledged)}/{vn_number(audience)} lượt cán bộ đã xác nhận đã đọc "
            f"({vn_percent(100 * acknowledged / audience)})"
        )
        if len(rates) > 1 and lowest.rate < 100:
            text += (
                f", thấp nhất là văn bản số {lowest.bulletin.number} ({vn_percent(lowest.rate)})"
            )
        sentences.append(text + ".")

    counts = article_counts(user=READER, start=start, end=end)
    submitted = sum(c.submitted for c in counts)
    published = sum(c.published for c in counts)
    if submitted or published:
        unions = [c for c in counts if c.unit.kind == Unit.Kind.UNION]
        units = [c for c in counts if c.unit.kind != Unit.Kind.UNION]
        most = sorted(units, key=lambda c: (-c.submitted, -c.published, c.unit.path))
        # Named only when some unit sent more than one (else every unit would tie).
        most = (
            [c for c in most if c.submitted][:NAMED_UNITS] if most and most[0].submitted > 1 else []
        )
        text = (
            f"Các đơn vị, đoàn thể đã gửi {vn_number(submitted)} tin, bài cho Ban biên tập, "
            f"{vn_number(published)} bài đã được đăng"
        )
        if most:
            text += "; gửi nhiều nhất: " + vn_list(
                f"{c.unit.name} ({vn_number(c.submitted)} bài)" for c in most
            )
        if unions:
            text += (
                f" (các tổ chức đoàn thể gửi {vn_number(sum(c.submitted for c in unions))}, "
                f"được đăng {vn_number(sum(c.published for c in unions))})"
            )
        sentences.append(text + ".")
    figures = (
        Figure("Tin, bài gửi Ban biên tập", submitted, "bài"),
        Figure("Tin, bài đã đăng", published, "bài"),
        Figure("Văn bản trên bản tin", len(rates), "văn bản"),
        Figure(
            "Lượt xác nhận đã đọc",
            f"{acknowledged}/{audience}"
            + (f" ({vn_percent(100 * acknowledged / audience)})" if audience else ""),
        ),
        Figure("Tin nghi là tin giả được báo", reports["received"], "tin"),
        *(Figure(f"Kết luận: {label}", n, "tin") for label, n in verdicts),
    )
    return SectionContent(sentences=tuple(sentences), figures=figures)


PROVIDER = register(
    SectionProvider(
        key="news",
        title="Thông tin, tuyên truyền, tin giả",
        keywords=KEYWORDS,
        build=build,
        order=60,
    )
)
