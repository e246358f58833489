"""The sections other modules contribute to a compiled báo cáo kết quả thực hiện.

A module that serves items of a directive (the check-in serves "quét mã QR, kiểm soát
người ra vào"; the tracing "truy vết"; the equipment module will serve "rà soát trang
thiết bị CNTT") registers one :class:`SectionProvider` from its ``apps.py`` ``ready()``::

    # phongdich/checkin/report_section.py
    from phongdich.core.report_sections import Figure, SectionContent, SectionProvider, register

    def build(start: date, end: date) -> SectionContent | None:
        visits = Visit.objects.filter(check_in__date__range=(start, end)).count()
        return SectionContent(
            figures=(Figure("Lượt check-in", visits, "lượt"),),
            sentences=(f"Hệ thống ghi nhận {visits} lượt check-in.",),
        )

    register(SectionProvider(key="checkin", title="Check-in, khai báo y tế",
                             keywords=("quét mã qr", "khai báo y tế"), build=build))

    # phongdich/checkin/apps.py, in ready():
    from phongdich.checkin import report_section  # noqa: F401  (its section of the báo cáo)

How it is used (``directives.selectors.compiled``): for every item of the directive
(a numbered task, with its sub-items), :func:`providers_for` gives the providers whose
``keywords`` the item's text mentions, best match first; each provider is placed under
the one item it matches best (first in the letter on a tie), so its figures appear once.
``build(start, end)`` returns the figures of the period (shown in the app beside the
text) and finished Vietnamese sentences (each ending in a full stop) that become the
prefilled text of that item's subsection; None when the module has nothing to say.
A provider that raises is left out of the report and logged: one broken module never
stops the Office from making its report.

A section reads the whole Sở: a module whose selectors take a ``user`` passes
:data:`READER` (``core.permissions.SystemReader``: the Office and Director roles). Numbers,
percentages, dates and lists are written with :func:`vn_number`, :func:`vn_percent`,
:func:`vn_date` and :func:`vn_list`.
"""

from __future__ import annotations

import logging
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date

from phongdich.core.permissions import SystemReader

logger = logging.getLogger(__name__)

# Who a section reads as (see the module's docstring).
READER = SystemReader()

__all__ = [
    "READER",
    "Figure",
    "SectionContent",
    "SectionProvider",
    "build_section",
    "match_score",
    "providers",
    "providers_for",
    "register",
    "unregister",
    "vn_date",
    "vn_list",
    "vn_number",
    "vn_percent",
]


def vn_number(value: int) -> str:
    """1590 → "1.590" (the Vietnamese thousands separator)."""
    return f"{value:,}".replace(",", ".")


def vn_percent(value: float | int | None) -> str:
    """93.5 → "93,5%", 100.0 → "100%" (one decimal at most, the decimal comma)."""
    if value is None:
        return "—"
    rounded = round(float(value), 1)
    text = f"{rounded:.0f}" if rounded == int(rounded) else f"{rounded:.1f}".replace(".", ",")
    return f"{text}%"


def vn_date(day: date) -> str:
    """The dates of a Decree-30 text: 09/9/2021, 31/8/2021, 02/12/2026 (two-digit day; the
    month on two digits only for January and February), as ``drafting.short_date``."""
    month = f"{day.month:02d}" if day.month <= 2 else str(day.month)
    return f"{day.day:02d}/{month}/{day.year}"


def vn_list(parts: Iterable[str]) -> str:
    """["A", "B", "C"] → "A, B và C"."""
    found = [p for p in parts if p]
    if len(found) <= 1:
        return "".join(found)
    return ", ".join(found[:-1]) + " và " + found[-1]


@dataclass(frozen=True)
class Figure:
    """One figure of a section: "Lượt check-in" 1 590 "lượt"."""

    label: str
    value: int | float | str
    unit: str = ""

    @property
    def text(self) -> str:
        value = self.value
        if isinstance(value, bool):
            shown = "có" if value else "không"
        elif isinstance(value, int):
            shown = vn_number(value)
        elif isinstance(value, float):
            shown = f"{value:.1f}".replace(".", ",")
        else:
            shown = str(value)
        return f"{shown} {self.unit}".strip()


@dataclass(frozen=True)
class SectionContent:
    """What a module says for a period: its figures and its sentences."""

    sentences: tuple[str, ...]
    figures: tuple[Figure, ...] = ()

    @property
    def text(self) -> str:
        return " ".join(s.strip() for s in self.sentences if s.strip())


@dataclass(frozen=True)
class SectionProvider:
    """A module's section: ``key`` (unique), ``title`` (shown in the app), the
    ``keywords`` (lower case, accents kept) a directive item must mention for this module
    to serve it, and ``build(start, end)``."""

    key: str
    title: str
    keywords: tuple[str, ...]
    build: Callable[[date, date], SectionContent | None] = field(compare=False)
    order: int = 100


_REGISTRY: dict[str, SectionProvider] = {}


def register(provider: SectionProvider) -> SectionProvider:
    """Add (or replace, by key) a provider; returns it."""
    if not provider.key or not provider.keywords:
        raise ValueError("a report section needs a key and at least one keyword")
    _REGISTRY[provider.key] = provider
    return provider


def unregister(key: str) -> None:
    _REGISTRY.pop(key, None)


def providers() -> list[SectionProvider]:
    return sorted(_REGISTRY.values(), key=lambda p: (p.order, p.key))


def _fold(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).lower().split())


def match_score(provider: SectionProvider, text: str) -> int:
    """How many of the provider's keywords ``text`` mentions."""
    folded = _fold(text)
    return sum(1 for keyword in provider.keywords if _fold(keyword) in folded)


def providers_for(text: str, *, among: Iterable[SectionProvider] | None = None) -> list[str]:
    """The keys of the providers that serve an item reading ``text``, best match first."""
    folded = _fold(text)  # once, not once per provider (an item's text may be long)
    scored = [
        (sum(1 for keyword in p.keywords if _fold(keyword) in folded), p.order, p.key)
        for p in (among if among is not None else providers())
    ]
    return [key for score, _, key in sorted(scored, key=lambda s: (-s[0], s[1], s[2])) if score]


def build_section(key: str, start: date, end: date) -> SectionContent | None:
    """The provider's content for the period; None when it has none, is unknown or fails."""
    provider = _REGISTRY.get(key)
    if provider is None:
        return None
    try:
        return provider.build(start, end)
    except Exception:  # one module's failure must not stop the report
        logger.exception("report section %s failed", key)
        return None
