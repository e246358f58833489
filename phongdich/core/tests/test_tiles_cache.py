"""A tile marked ``cached`` is built once per reader, day and language within
TILE_CACHE_SECONDS; other tiles, other readers and a setting of 0 build every time."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.cache import cache
from django.test import override_settings

from phongdich.core.roles import Role
from phongdich.core.tests.base import BaseTestCase
from phongdich.core.tiles import Light, Tile, TileData, build_tiles, register, unregister

DAY = date(2026, 12, 2)


class TileCacheTests(BaseTestCase):
    def setUp(self) -> None:
        cache.clear()
        self.builds: list[tuple[str, Any]] = []
        for key, cached in (("test-cached", True), ("test-live", False)):
            register(
                Tile(
                    key=key,
                    title=key,
                    url_name="core:home",
                    roles=frozenset({Role.DIRECTOR}),
                    build=self.builder(key),
                    cached=cached,
                )
            )
        self.addCleanup(unregister, "test-cached")
        self.addCleanup(unregister, "test-live")
        self.addCleanup(cache.clear)

    def builder(self, key: str) -> Any:
        def build(*, user: Any, today: date) -> TileData:
            self.builds.append((key, user.pk))
            n = len(self.builds)
            return TileData(figure=str(n), figure_label="", status="", light=Light.NONE, rule="")

        return build

    def figures(self, user: Any) -> dict[str, str]:
        shown = build_tiles(user=user, roles={Role.DIRECTOR}, today=DAY)
        return {s.tile.key: s.data.figure for s in shown if s.tile.key.startswith("test-")}

    @override_settings(TILE_CACHE_SECONDS=60)
    def test_a_cached_tile_is_built_once_per_reader(self) -> None:
        first = self.figures(self.director)
        second = self.figures(self.director)
        self.assertEqual(first["test-cached"], second["test-cached"])
        self.assertNotEqual(first["test-live"], second["test-live"])
        self.assertEqual(self.builds.count(("test-cached", self.director.pk)), 1)
        self.figures(self.office)  # another reader: their own build
        self.assertEqual(self.builds.count(("test-cached", self.office.pk)), 1)

    @override_settings(TILE_CACHE_SECONDS=0)
    def test_zero_seconds_turns_the_cache_off(self) -> None:
        self.figures(self.director)
        self.figures(self.director)
        self.assertEqual(self.builds.count(("test-cached", self.director.pk)), 2)

    def test_the_check_ins_tile_is_the_cached_one(self) -> None:
        from phongdich.core.tiles import tiles

        cached = [t.key for t in tiles() if t.cached and not t.key.startswith("test-")]
        self.assertEqual(cached, ["checkin"])
