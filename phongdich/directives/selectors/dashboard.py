"""The status dashboard grouped: one line per (directive, unit) with its count in each
status, and one chart bar per directive. Built from the rows of
``selectors.reports.dashboard_facts`` (already scoped to the user), in Python, without
a query: the page costs the same few queries whatever the number of rows."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from phongdich.core.text import cut_at_word
from phongdich.directives.charts import Bar, Segment, mini_bar, stacked_bars
from phongdich.directives.selectors.status import (
    STATUS_CSS,
    STATUS_ORDER,
    StatusFact,
    StatusRow,
    TaskStatus,
)

__all__ = ["UnitGroup", "directive_chart", "unit_groups"]

# Worst first: the order of the segments and of the columns.
ORDER: tuple[TaskStatus, ...] = tuple(sorted(TaskStatus, key=lambda s: STATUS_ORDER[s]))


def bar_css(status: TaskStatus) -> str:
    return "bar-" + STATUS_CSS[status].removeprefix("status-")


@dataclass
class UnitGroup:
    """One unit on one directive: how many of its rows are in each status."""

    directive: Any
    unit: Any
    counts: dict[TaskStatus, int] = field(default_factory=lambda: dict.fromkeys(ORDER, 0))
    longest: int = 0  # the largest total on the page, for the bar's scale

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    @property
    def overdue(self) -> int:
        return self.counts[TaskStatus.OVERDUE]

    @property
    def cells(self) -> list[tuple[TaskStatus, str, int]]:
        return [(status, STATUS_CSS[status], self.counts[status]) for status in ORDER]

    def segments(self) -> list[Segment]:
        return [
            Segment(bar_css(status), n, f"{status.display}: {n}")
            for status, n in self.counts.items()
        ]

    @property
    def bar(self) -> SafeString:
        return mini_bar(self.segments(), longest=self.longest)


def unit_groups(
    rows: Iterable[StatusRow | StatusFact], *, status: TaskStatus | None = None
) -> list[UnitGroup]:
    """The (directive, unit) groups of ``rows``, most overdue first (then most in
    progress, …), then by directive and unit. With ``status``: only the groups that have
    rows in that status, most of them first."""
    groups: dict[tuple[int, int], UnitGroup] = {}
    for row in rows:
        key = (row.task.directive_id, row.unit.pk)
        group = groups.get(key)
        if group is None:
            group = groups[key] = UnitGroup(directive=row.task.directive, unit=row.unit)
        group.counts[row.status] += 1
    result = list(groups.values())
    if status is not None:
        result = [g for g in result if g.counts[status]]
        result.sort(key=lambda g: (-g.counts[status], g.directive.pk, g.unit.path))
    else:
        result.sort(key=lambda g: (*(-g.counts[s] for s in ORDER[:2]), g.directive.pk, g.unit.path))
    longest = max((g.total for g in result), default=0)
    for group in result:
        group.longest = longest
    return result


def directive_chart(rows: Sequence[StatusRow | StatusFact]) -> SafeString:
    """One stacked bar per directive: its rows in each status."""
    per: dict[int, tuple[Any, dict[TaskStatus, int]]] = {}
    for row in rows:
        directive = row.task.directive
        entry = per.setdefault(directive.pk, (directive, dict.fromkeys(ORDER, 0)))
        entry[1][row.status] += 1
    bars = [
        Bar(
            cut_at_word(f"{directive.reference} · {directive.subject}", 70),
            [Segment(bar_css(s), n, f"{s.display}: {n}") for s, n in counts.items()],
        )
        for directive, counts in per.values()
    ]
    return stacked_bars(bars, title=_("Tình trạng thực hiện theo văn bản"))
