"""Small server-rendered SVG charts of the directives app (no script, CSP-safe: colours
come from classes in static/css/app.css, sizes are SVG attributes, not styles).

``stacked_bars(bars)``: one horizontal bar per ``Bar``, its segments side by side
(one per status), scaled to the longest bar, the label above and the total after it.
``mini_bar(segments)``: one bar without labels, for a table cell.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

from phongdich.core.text import cut_at_word

WIDTH = 520
LABEL_HEIGHT = 22  # room for the phone's larger label (app.css: .chart-label-short)
BAR_HEIGHT = 16
GAP = 10
TOTAL_SPACE = 48
SHORT_LABEL = 44  # characters of the label on a phone, where it is drawn larger


@dataclass(frozen=True)
class Segment:
    css: str  # e.g. "bar-overdue"
    value: int
    title: str  # "Quá hạn chưa hoàn thành: 3"


@dataclass(frozen=True)
class Bar:
    label: str
    segments: Sequence[Segment]

    @property
    def total(self) -> int:
        return sum(s.value for s in self.segments)


def _segments(bar: Bar, *, x0: float, y: float, scale: float, height: float) -> SafeString:
    parts = []
    x = x0
    for segment in bar.segments:
        if segment.value <= 0:
            continue
        width = segment.value * scale
        parts.append((f"{x:.1f}", f"{y:.1f}", f"{width:.1f}", height, segment.css, segment.title))
        x += width
    return format_html_join(
        "",
        '<rect x="{}" y="{}" width="{}" height="{}" class="{}"><title>{}</title></rect>',
        parts,
    )


def _short(label: str) -> str:
    return cut_at_word(label, SHORT_LABEL)


def stacked_bars(bars: Sequence[Bar], *, title: str) -> SafeString:
    """The chart of ``bars`` as an inline ``<svg>`` (role img, labelled by ``title``)."""
    if not bars:
        return SafeString("")
    longest = max((bar.total for bar in bars), default=0) or 1
    scale = (WIDTH - TOTAL_SPACE) / longest
    step = LABEL_HEIGHT + BAR_HEIGHT + GAP
    height = step * len(bars)
    rows = []
    for index, bar in enumerate(bars):
        top = index * step
        rows.append(
            format_html(
                '<text x="0" y="{}" class="chart-label chart-label-long">{}</text>'
                '<text x="0" y="{}" class="chart-label chart-label-short">{}</text>{}'
                '<text x="{}" y="{}" class="chart-total">{}</text>',
                top + LABEL_HEIGHT - 4,
                bar.label,
                top + LABEL_HEIGHT - 4,
                _short(bar.label),
                _segments(bar, x0=0, y=top + LABEL_HEIGHT, scale=scale, height=BAR_HEIGHT),
                f"{bar.total * scale + 6:.1f}",
                top + LABEL_HEIGHT + BAR_HEIGHT - 3,
                bar.total,
            )
        )
    return format_html(
        '<svg class="chart" viewBox="0 0 {} {}" width="{}" height="{}" role="img" '
        'aria-label="{}" xmlns="http://www.w3.org/2000/svg">{}</svg>',
        WIDTH,
        height,
        WIDTH,
        height,
        title,
        format_html_join("", "{}", ((row,) for row in rows)),
    )


def mini_bar(segments: Sequence[Segment], *, longest: int, width: int = 120) -> SafeString:
    """A bar ``width`` px long for ``longest`` items, without labels (a table cell)."""
    bar = Bar("", segments)
    scale = width / (longest or 1)
    return format_html(
        '<svg class="mini-bar" viewBox="0 0 {} 12" width="{}" height="12" aria-hidden="true" '
        'xmlns="http://www.w3.org/2000/svg">{}</svg>',
        width,
        width,
        _segments(bar, x0=0, y=0, scale=scale, height=12),
    )
