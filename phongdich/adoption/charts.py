"""The geometry of the server-rendered SVG line chart (the template draws it)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

WIDTH, HEIGHT = 640, 240
LEFT, RIGHT, TOP, BOTTOM = 44, 16, 16, 40


@dataclass(frozen=True)
class Dot:
    x: float
    y: float
    label: str
    value: str


@dataclass(frozen=True)
class Grid:
    y: float
    label: str


@dataclass
class Chart:
    width: int = WIDTH
    height: int = HEIGHT
    dots: list[Dot] = field(default_factory=list)
    grid: list[Grid] = field(default_factory=list)
    target_y: float | None = None

    @property
    def polyline(self) -> str:
        return " ".join(f"{d.x:.1f},{d.y:.1f}" for d in self.dots)

    @property
    def left(self) -> int:
        return LEFT

    @property
    def right(self) -> int:
        return self.width - RIGHT

    @property
    def bottom(self) -> int:
        return self.height - BOTTOM


def line_chart(values: Sequence[tuple[str, float | None]], *, target: float | None = None) -> Chart:
    """Percentages (0–100) over labelled points; points without a value are skipped."""
    chart = Chart()
    plot_w = WIDTH - LEFT - RIGHT
    plot_h = HEIGHT - TOP - BOTTOM

    def y_of(percent: float) -> float:
        return TOP + plot_h * (1 - max(0.0, min(100.0, percent)) / 100)

    chart.grid = [Grid(y=y_of(p), label=f"{p}%") for p in (0, 25, 50, 75, 100)]
    step = plot_w / max(1, len(values) - 1)
    for index, (label, value) in enumerate(values):
        if value is None:
            continue
        chart.dots.append(
            Dot(x=LEFT + step * index, y=y_of(value), label=label, value=f"{value:.1f}%")
        )
    if target is not None:
        chart.target_y = y_of(target)
    return chart
