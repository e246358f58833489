"""Small server-rendered SVG charts (no script, no style attribute: the CSP allows
``style-src 'self'`` only, so colours come from classes in the stylesheet and from SVG
presentation attributes).

Every chart is an ``<svg role="img">`` with a ``<title>`` and a ``<desc>`` (the figures
as text, for a screen reader), scales to its container through its ``viewBox`` and is
readable at 360 px wide. Each bar carries its own ``<title>`` (the label and the value).
Text is escaped here; the functions return a ``SafeString`` for the template.

* :func:`bar_chart` — one vertical bar per label (e.g. check-ins per day), with an
  optional ``part`` drawn inside each bar (e.g. the risky declarations of the day);
* :func:`unit_bars` — one horizontal bar per label (e.g. overdue tasks per unit);
* :func:`sparkline` — a small line of a series (a tile's trend).

``core/tests/test_charts.py`` parses the output with ``xml.etree`` and checks the values,
labels and bar heights.
"""

from __future__ import annotations

from collections.abc import Sequence

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from phongdich.core.text import cut_at_word

SVG_NS = "http://www.w3.org/2000/svg"

__all__ = ["SVG_NS", "bar_chart", "sparkline", "unit_bars"]


def _num(value: float) -> str:
    """Coordinates with at most one decimal, no trailing ".0"."""
    text = f"{value:.1f}"
    return text[:-2] if text.endswith(".0") else text


def _shown(value: float) -> str:
    """A value as text in Vietnamese: 1.590, 93,5."""
    if float(value).is_integer():
        return f"{int(value):,}".replace(",", ".")
    return f"{value:.1f}".replace(".", ",")


def _open(ident: str, title: str, desc: str, width: int, height: int, css: str) -> list[str]:
    ident = escape(ident)
    return [
        f'<svg xmlns="{SVG_NS}" class="chart {escape(css)}" viewBox="0 0 {width} {height}" '
        f'role="img" aria-labelledby="{ident}-t {ident}-d" focusable="false">',
        f'<title id="{ident}-t">{escape(title)}</title>',
        f'<desc id="{ident}-d">{escape(desc)}</desc>',
    ]


def bar_chart(
    *,
    ident: str,
    title: str,
    labels: Sequence[str],
    values: Sequence[float],
    part: Sequence[float] | None = None,
    value_name: str = "",
    part_name: str = "",
    width: int = 320,
    height: int = 140,
    every: int = 0,
) -> SafeString:
    """Vertical bars, ``values[i]`` over ``labels[i]``; ``part[i]`` (≤ values[i]) drawn
    inside the bar in the alarm colour. Every ``every``-th label is written under the axis
    (0: chosen so that about seven fit), the first and the last always; the tallest value
    is written above its bar."""
    if len(labels) != len(values) or (part is not None and len(part) != len(values)):
        raise ValueError("labels, values and part must have the same length")
    top_pad, bottom_pad, side = 22, 18, 2
    plot = height - top_pad - bottom_pad
    base = height - bottom_pad
    top = max([*values, *(part or ()), 0]) or 1
    n = max(len(values), 1)
    slot = (width - 2 * side) / n
    bar_w = max(slot * 0.72, 1)
    every = every or max(1, round(n / 7))
    parts = part or [0] * len(values)
    desc = "; ".join(
        f"{label}: {_shown(v)} {value_name}".strip()
        + (f", {_shown(p)} {part_name}".rstrip() if part is not None else "")
        for label, v, p in zip(labels, values, parts, strict=True)
    )
    out = _open(ident, title, desc, width, height, "chart-bars")
    out.append(
        f'<line class="axis" x1="{side}" y1="{base}" x2="{width - side}" y2="{base}" '
        'stroke="currentColor" stroke-width="1"/>'
    )
    peak = max(range(len(values)), key=lambda i: values[i], default=None)
    for i, (label, value, inner) in enumerate(zip(labels, values, parts, strict=True)):
        x = side + i * slot + (slot - bar_w) / 2
        h = plot * value / top
        tip = f"{label}: {_shown(value)} {value_name}".strip()
        if part is not None:
            tip += f", {_shown(inner)} {part_name}".rstrip()
        out.append(f'<g class="bar" data-label="{escape(label)}" data-value="{_num(value)}">')
        out.append(f"<title>{escape(tip)}</title>")
        out.append(
            f'<rect class="bar-total" x="{_num(x)}" y="{_num(base - h)}" width="{_num(bar_w)}" '
            f'height="{_num(h)}"/>'
        )
        if part is not None and inner:
            ph = max(plot * inner / top, 3)  # a small part stays visible
            out.append(
                f'<rect class="bar-part" data-value="{_num(inner)}" x="{_num(x)}" '
                f'y="{_num(base - ph)}" width="{_num(bar_w)}" height="{_num(ph)}"/>'
            )
            # And a mark above the bar: a few risky among many still catch the eye.
            out.append(
                f'<circle class="part-mark" cx="{_num(x + bar_w / 2)}" '
                f'cy="{_num(base - h - 5)}" r="3"/>'
            )
        out.append("</g>")
        last = len(values) - 1
        if i == last or (i % every == 0 and last - i >= every):
            # The first and the last label keep inside the picture.
            anchor, at = "middle", x + bar_w / 2
            if i == 0:
                anchor, at = "start", side
            elif i == last:
                anchor, at = "end", width - side
            out.append(
                f'<text class="tick" x="{_num(at)}" y="{height - 4}" '
                f'text-anchor="{anchor}">{escape(label)}</text>'
            )
    if peak is not None and values[peak]:
        x = side + peak * slot + slot / 2
        y = base - plot * values[peak] / top - (12 if parts[peak] else 3)
        out.append(
            f'<text class="peak" x="{_num(x)}" y="{_num(y)}" text-anchor="middle">'
            f"{escape(_shown(values[peak]))}</text>"
        )
    out.append("</svg>")
    return mark_safe("".join(out))  # noqa: S308  (every piece of text is escaped above)


def unit_bars(
    *,
    ident: str,
    title: str,
    labels: Sequence[str],
    values: Sequence[float],
    maximum: float | None = None,
    suffix: str = "",
    width: int = 320,
    row: int = 34,
) -> SafeString:
    """One horizontal bar per label (its name above the bar, its value at the end), for
    figures per unit; ``maximum`` is the full length (default: the largest value)."""
    if len(labels) != len(values):
        raise ValueError("labels and values must have the same length")
    top = maximum or max([*values, 0]) or 1
    value_room = 48
    height = row * len(values) + 2
    desc = "; ".join(
        f"{label}: {_shown(v)}{suffix}" for label, v in zip(labels, values, strict=True)
    )
    out = _open(ident, title, desc, width, height, "chart-units")
    span = width - value_room
    fit = width // 7  # characters of a name that fit on the line at 13 px
    for i, (label, value) in enumerate(zip(labels, values, strict=True)):
        y = i * row
        w = span * min(value, top) / top
        out.append(f'<g class="bar" data-label="{escape(label)}" data-value="{_num(value)}">')
        out.append(f"<title>{escape(f'{label}: {_shown(value)}{suffix}')}</title>")
        out.append(
            f'<text class="name" x="0" y="{y + 13}">{escape(cut_at_word(label, fit))}</text>'
        )
        out.append(
            f'<rect class="bar-track" x="0" y="{y + 18}" width="{span}" height="12"/>'
            f'<rect class="bar-total" x="0" y="{y + 18}" width="{_num(w)}" height="12"/>'
        )
        out.append(
            f'<text class="value" x="{width}" y="{y + 29}" text-anchor="end">'
            f"{escape(_shown(value) + suffix)}</text>"
        )
        out.append("</g>")
    out.append("</svg>")
    return mark_safe("".join(out))  # noqa: S308  (every piece of text is escaped above)


def sparkline(
    *,
    ident: str,
    title: str,
    labels: Sequence[str],
    values: Sequence[float],
    width: int = 120,
    height: int = 32,
) -> SafeString:
    """A small line through ``values`` (oldest first), the last point marked."""
    if len(labels) != len(values):
        raise ValueError("labels and values must have the same length")
    desc = "; ".join(f"{label}: {_shown(v)}" for label, v in zip(labels, values, strict=True))
    out = _open(ident, title, desc, width, height, "chart-spark")
    if values:
        low, high = min(values), max(values)
        spread = (high - low) or 1
        n = len(values)
        step = (width - 6) / max(n - 1, 1)
        points = [
            (3 + i * step, height - 3 - (height - 6) * (v - low) / spread)
            for i, v in enumerate(values)
        ]
        if n == 1:
            points = [(width / 2, height / 2)]
        path = " ".join(f"{_num(x)},{_num(y)}" for x, y in points)
        out.append(
            f'<polyline class="line" fill="none" stroke="currentColor" stroke-width="2" '
            f'points="{path}"/>'
        )
        x, y = points[-1]
        out.append(f'<circle class="last" cx="{_num(x)}" cy="{_num(y)}" r="3"/>')
    out.append("</svg>")
    return mark_safe("".join(out))  # noqa: S308  (every piece of text is escaped above)
