"""The home-tile registry (core/tiles.py): registration and order, who sees which tile,
a failing tile is logged and left out, an item's line takes the figure of the module that
serves it, the thresholds of the lights; every registered tile's page opens for every
role that sees the tile; the picture is on the Director's and the Office's home only."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.test import SimpleTestCase
from django.urls import reverse

from phongdich.core import tiles as t
from phongdich.core.permissions import roles_of
from phongdich.core.roles import Role
from phongdich.core.tests.base import BaseTestCase


def data(figure: str = "1", **kw: Any) -> t.TileData:
    return t.TileData(
        figure=figure, figure_label="cái", status="Ổn.", light=t.Light.GREEN, rule="Luật.", **kw
    )


class RegistryTests(BaseTestCase):
    def tearDown(self) -> None:
        for key in ("x-a", "x-b", "x-broken", "x-items"):
            t.unregister(key)

    def test_every_module_registers_its_tile_at_start_up(self) -> None:
        self.assertEqual(
            [tile.key for tile in t.tiles()],
            [
                "directives",
                "late_units",
                "checkin",
                "tracing",
                "equipment",
                "adoption",
                "news",
                "meetings",
                "support",
            ],
        )

    def test_a_tile_is_shown_to_the_roles_it_names_only(self) -> None:
        t.register(
            t.Tile("x-a", "A", "core:home", lambda **kw: data(), roles=frozenset({Role.OFFICE}))
        )
        self.assertIn("x-a", [tile.key for tile in t.tiles_for({Role.OFFICE})])
        self.assertNotIn("x-a", [tile.key for tile in t.tiles_for({Role.DIRECTOR})])
        with self.assertRaises(ValueError):
            t.register(t.Tile("x-b", "B", "core:home", lambda **kw: data(), roles=frozenset()))

    def test_a_failing_tile_is_logged_and_left_out_and_an_empty_one_too(self) -> None:
        def broken(**kw: Any) -> t.TileData:
            raise RuntimeError("boom")

        t.register(t.Tile("x-broken", "Hỏng", "core:home", broken, order=0))
        t.register(t.Tile("x-a", "Trống", "core:home", lambda **kw: None, order=0))
        with self.assertLogs("phongdich.core.tiles", level="ERROR"):
            shown = t.build_tiles(user=self.office, roles={Role.OFFICE}, today=date(2026, 12, 2))
        keys = [s.tile.key for s in shown]
        self.assertNotIn("x-broken", keys)
        self.assertNotIn("x-a", keys)

    def test_an_item_line_takes_the_figure_of_the_module_that_serves_it(self) -> None:
        t.register(t.Tile("x-a", "A", "core:home", lambda **kw: data("42"), order=0))
        lines = (
            t.TileLine(text="1. Quét mã", light=t.Light.RED, module="x-a"),
            t.TileLine(text="2. Khác", light=t.Light.GREEN, module="none"),
        )
        t.register(t.Tile("x-items", "I", "core:home", lambda **kw: data(lines=lines), order=0))
        shown = {
            s.tile.key: s
            for s in t.build_tiles(user=self.office, roles={Role.OFFICE}, today=date.today())
        }
        got = shown["x-items"].data.lines
        self.assertEqual([line.figure for line in got], ["42 cái", ""])
        self.assertEqual(got[0].light_label, "Cần xử lý")

    def test_every_tile_opens_its_page_for_every_role_that_sees_it(self) -> None:
        for tile in t.tiles():
            for user in (self.director, self.office):
                if not roles_of(user) & tile.roles:
                    continue
                with self.subTest(tile=tile.key, user=user.username):
                    self.login(user)
                    self.assertEqual(self.client.get(tile.url).status_code, 200)

    def test_the_picture_is_on_the_home_of_the_director_and_the_office_only(self) -> None:
        for name, user in self.cast.items():
            with self.subTest(name):
                self.login(user)
                html = self.client.get(reverse("core:home")).content.decode()
                expected = name in ("director", "office")
                self.assertEqual('class="picture"' in html, expected)
                if expected:
                    self.assertIn("Tình hình hôm nay", html)


class LightTests(SimpleTestCase):
    def test_the_thresholds_are_inclusive_where_the_rules_say_from(self) -> None:
        def up(value: float) -> t.Light:
            return t.light_for(value, red_at=70, amber_at=90, higher_is_worse=False)

        self.assertEqual([up(69.9), up(70), up(89.9), up(90)], ["red", "amber", "amber", "green"])

        def down(value: float) -> t.Light:
            return t.light_for(value, red_at=3, amber_at=1, higher_is_worse=True)

        self.assertEqual([down(0), down(1), down(2), down(3)], ["green", "amber", "amber", "red"])
        self.assertEqual(str(t.LIGHT_LABELS[t.Light.NONE]), "Chưa có số liệu")
