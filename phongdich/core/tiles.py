"""The tiles of the Director's and the Office's live picture (their home page).

Each module that has a figure the leadership watches registers one :class:`Tile` (or a
few) in its own ``<app>/tiles.py``, imported from its ``apps.py`` ``ready()``::

    # phongdich/checkin/tiles.py
    from phongdich.core.tiles import Light, Tile, TileData, register

    def build(*, user, today) -> TileData | None:
        n = visits_today(user=user, today=today)
        return TileData(status=f"{n} lượt check-in hôm nay", figure=vn_number(n), ...)

    register(Tile(key="checkin", title="Check-in hôm nay", order=10,
                  roles=frozenset({Role.DIRECTOR, Role.OFFICE}),
                  url_name="checkin:log_index", build=build))

    # phongdich/checkin/apps.py, in ready():
    from phongdich.checkin import tiles  # noqa: F401  (its tile of the Director's home)

``build(*, user, today)`` reads through the module's selectors (scoped to ``user``) and
returns a :class:`TileData`: the one status line, the figure that matters and what it
counts, the traffic light and the rule that set it (written out, shown under the tile),
an optional chart (``core.charts``) and optional lines (one per item, each with its own
light, e.g. the items of the active directives). None when the module has nothing to
show yet (the tile is left out). A tile that raises is logged and left out: one broken
module never blanks the Director's page.

``roles`` are the roles that see the tile, and must be roles that may open the page
behind it (``url_name``): ``core/tests/test_tiles.py`` opens every tile's page as every
role that sees it. A build function keeps a fixed number of queries, whatever the data
(the page's count is pinned in ``core/tests/test_home_picture.py``).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from datetime import date
from enum import StrEnum
from typing import Any

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from phongdich.core.roles import Role

logger = logging.getLogger(__name__)

# Who sees the live picture on their home page.
PICTURE_ROLES = frozenset({Role.DIRECTOR, Role.OFFICE})

__all__ = [
    "LIGHT_LABELS",
    "PICTURE_ROLES",
    "Light",
    "Tile",
    "TileData",
    "TileLine",
    "build_tiles",
    "register",
    "tiles",
    "tiles_for",
    "unregister",
]


class Light(StrEnum):
    GREEN = "green"
    AMBER = "amber"
    RED = "red"
    NONE = "none"  # nothing to judge yet (no data)


# Never colour alone: each light is also written.
LIGHT_LABELS = {
    Light.GREEN: _("Tốt"),
    Light.AMBER: _("Cần chú ý"),
    Light.RED: _("Cần xử lý"),
    Light.NONE: _("Chưa có số liệu"),
}


def light_for(value: float, *, red_at: float, amber_at: float, higher_is_worse: bool) -> Light:
    """The light of ``value`` against two thresholds: when higher is worse, red from
    ``red_at`` up, amber from ``amber_at`` up; otherwise red below ``red_at``, amber below
    ``amber_at``."""
    if higher_is_worse:
        if value >= red_at:
            return Light.RED
        return Light.AMBER if value >= amber_at else Light.GREEN
    if value < red_at:
        return Light.RED
    return Light.AMBER if value < amber_at else Light.GREEN


@dataclass(frozen=True)
class TileLine:
    """One line inside a tile (e.g. an item of a directive), with its own light.
    ``module``: the key of the tile whose figure belongs beside the line (the module that
    serves the item); :func:`build_tiles` fills ``figure`` from it."""

    text: str
    light: Light
    figure: str = ""
    url: str = ""
    module: str = ""

    @property
    def light_label(self) -> Any:
        return LIGHT_LABELS[self.light]


@dataclass(frozen=True)
class TileData:
    """What a tile shows: ``figure`` (the number that matters, as text) and
    ``figure_label`` (what it counts), ``status`` (one line), the ``light`` and its
    ``rule`` (how the light is set, in words), an optional ``chart`` (SVG from
    ``core.charts``), optional ``lines`` and an optional ``query`` appended to the URL."""

    figure: str
    figure_label: str
    status: str
    light: Light
    rule: str
    chart: str = ""
    lines: tuple[TileLine, ...] = ()
    query: str = ""
    note: str = ""  # under the lines, a link to the page (e.g. "Còn 27 nhiệm vụ khác")

    @property
    def light_label(self) -> Any:
        return LIGHT_LABELS[self.light]


@dataclass(frozen=True)
class Tile:
    key: str
    title: Any
    url_name: str
    build: Callable[..., TileData | None] = field(compare=False)
    roles: frozenset[str] = PICTURE_ROLES
    order: int = 100
    wide: bool = False  # spans the whole row (the directives' items)
    # Kept for settings.TILE_CACHE_SECONDS per reader and day when True: a tile whose
    # figure scans many rows (the check-ins of 14 days) and may be that much old.
    cached: bool = False

    @property
    def url(self) -> str:
        return reverse(self.url_name)


@dataclass(frozen=True)
class Shown:
    tile: Tile
    data: TileData

    @property
    def url(self) -> str:
        return self.tile.url + (f"?{self.data.query}" if self.data.query else "")


_REGISTRY: dict[str, Tile] = {}


def register(tile: Tile) -> Tile:
    """Add (or replace, by key) a tile; returns it."""
    if not tile.key or not tile.roles:
        raise ValueError("a tile needs a key and at least one role")
    _REGISTRY[tile.key] = tile
    return tile


def unregister(key: str) -> None:
    _REGISTRY.pop(key, None)


def tiles() -> list[Tile]:
    return sorted(_REGISTRY.values(), key=lambda t: (t.order, t.key))


def tiles_for(roles: Iterable[str]) -> list[Tile]:
    """The tiles a holder of ``roles`` sees, in order."""
    held = set(roles)
    return [t for t in tiles() if held & t.roles]


def build_tiles(*, user: Any, roles: Iterable[str], today: date) -> list[Shown]:
    """Every tile the user sees that has something to show; a tile that fails is logged
    and left out."""
    shown = []
    for tile in tiles_for(roles):
        try:
            data = _build(tile, user=user, today=today)
        except Exception:  # one module's failure must not blank the page
            logger.exception("home tile %s failed", tile.key)
            continue
        if data is not None:
            shown.append(Shown(tile=tile, data=data))
    figures = {s.tile.key: f"{s.data.figure} {s.data.figure_label}" for s in shown}
    return [
        Shown(
            tile=s.tile,
            data=replace(
                s.data,
                lines=tuple(
                    replace(line, figure=line.figure or figures.get(line.module, ""))
                    for line in s.data.lines
                ),
            ),
        )
        if s.data.lines
        else s
        for s in shown
    ]


def _build(tile: Tile, *, user: Any, today: date) -> TileData | None:
    """The tile's data, from the cache when the tile is ``cached`` (per tile, reader,
    day and language; at most TILE_CACHE_SECONDS old; 0 turns it off)."""
    from django.conf import settings
    from django.core.cache import cache
    from django.utils.translation import get_language

    seconds = int(getattr(settings, "TILE_CACHE_SECONDS", 0))
    if not tile.cached or seconds <= 0 or getattr(user, "pk", None) is None:
        return tile.build(user=user, today=today)
    key = f"core.tiles:{tile.key}:{user.pk}:{today.isoformat()}:{get_language()}"
    found = cache.get(key)
    if found is not None:
        return found  # type: ignore[no-any-return]
    data = tile.build(user=user, today=today)
    if data is not None:
        cache.set(key, data, seconds)
    return data
