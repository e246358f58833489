"""The favicon, the app icons and the web manifests: no more 404 on /favicon.ico, and
a guard can add the console to the home screen."""

from __future__ import annotations

import json
from pathlib import Path

from django.conf import settings
from django.contrib.staticfiles import finders
from django.urls import reverse
from PIL import Image

from phongdich.checkin.tests.helpers import make_gates
from phongdich.core.tests.base import BaseTestCase


class IconTests(BaseTestCase):
    def test_favicon_ico_leads_to_a_real_icon_file(self) -> None:
        response = self.client.get("/favicon.ico")
        self.assertEqual(response.status_code, 302)
        static_path = response["Location"].removeprefix(settings.STATIC_URL)
        found = finders.find(static_path)
        self.assertIsNotNone(found)
        with Image.open(found) as icon:
            self.assertEqual(icon.format, "ICO")
            self.assertIn((32, 32), icon.info["sizes"])

    def test_the_app_icons_have_their_sizes(self) -> None:
        for name, size in [("icon-192.png", 192), ("icon-512.png", 512), ("icon-180.png", 180)]:
            with self.subTest(icon=name), Image.open(finders.find(f"icons/{name}")) as icon:
                self.assertEqual(icon.size, (size, size))
                # the Sở's blue in a corner-free spot, white inside the shield
                self.assertEqual(
                    icon.convert("RGB").getpixel((size // 2, size // 8)), (11, 79, 138)
                )
                self.assertEqual(
                    icon.convert("RGB").getpixel((size // 2, size * 3 // 4)), (255, 255, 255)
                )
        svg = Path(finders.find("icons/icon.svg")).read_text()
        self.assertIn('viewBox="0 0 512 512"', svg)

    def test_the_manifest_opens_the_app_standalone(self) -> None:
        response = self.client.get(reverse("core:manifest"))
        self.assertEqual(response["Content-Type"], "application/manifest+json")
        data = json.loads(response.content)
        self.assertEqual(data["name"], "Phòng dịch số")
        self.assertEqual(data["start_url"], reverse("core:home"))
        self.assertEqual(data["display"], "standalone")
        self.assertEqual(data["theme_color"], "#0b4f8a")
        sizes = {icon["sizes"] for icon in data["icons"]}
        self.assertLessEqual({"192x192", "512x512"}, sizes)
        for icon in data["icons"]:
            with self.subTest(icon=icon["src"]):
                self.assertIsNotNone(finders.find(icon["src"].removeprefix(settings.STATIC_URL)))

    def test_the_guard_console_links_the_manifest_that_starts_on_the_console(self) -> None:
        make_gates(self)
        self.login(self.guard)
        console = self.client.get(reverse("checkin:guard_index"))
        self.assertContains(
            console, f'<link rel="manifest" href="{reverse("core:manifest_guard")}">'
        )
        data = json.loads(self.client.get(reverse("core:manifest_guard")).content)
        self.assertEqual(data["start_url"], reverse("checkin:guard_index"))
        self.assertEqual(data["short_name"], "Bàn bảo vệ")
        self.assertEqual(data["display"], "standalone")
        home = self.client.get(reverse("core:home"))
        self.assertContains(home, f'<link rel="manifest" href="{reverse("core:manifest")}">')
        self.assertContains(home, 'rel="icon"')
        self.assertContains(home, '<meta name="theme-color" content="#0b4f8a">')
