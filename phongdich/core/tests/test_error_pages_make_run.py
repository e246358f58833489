"""`make run` (DEBUG=1, the development keys) shows the Vietnamese 404 and 500 pages,
not Django's English debug pages; the settings are loaded as `make run` loads them,
in a fresh interpreter with make run's environment."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

from django.conf import settings
from django.test import SimpleTestCase, override_settings
from django.urls import reverse

from phongdich.core.tests.base import BaseTestCase

ROOT = Path(__file__).resolve().parents[3]

SCRIPT = """
import json, django
django.setup()
from django.conf import settings
from django.test import Client
from django.test.utils import override_settings
client = Client(HTTP_HOST="127.0.0.1", raise_request_exception=False)
missing = client.get("/trang-go-nham/")
with override_settings(ROOT_URLCONF="phongdich.core.tests.brokenpage"):
    broken = client.get("/loi-thu/")
print(json.dumps({
    "debug": settings.DEBUG,
    "missing": [missing.status_code, missing.content.decode()],
    "broken": [broken.status_code, broken.content.decode()],
}))
"""


class MakeRunErrorPagesTests(SimpleTestCase):
    def run_like_make_run(self, **extra: str) -> dict[str, Any]:
        tmp = tempfile.TemporaryDirectory()
        self.addCleanup(tmp.cleanup)
        keep = {"PATH", "HOME", "LANG", "LC_ALL"}
        env = {k: v for k, v in os.environ.items() if k in keep}
        env.update(
            DJANGO_SETTINGS_MODULE="phongdich.settings",
            PUBLIC_BASE_URL="http://127.0.0.1:8000",  # what make run exports
            DATABASE_URL=f"sqlite:///{tmp.name}/db.sqlite3",
            PYTHONPATH=str(ROOT),
            **extra,
        )
        result = subprocess.run(
            [sys.executable, "-c", SCRIPT],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
            check=True,
        )
        self.stderr = result.stderr
        return json.loads(result.stdout.strip().splitlines()[-1])

    def test_a_mistyped_url_gives_the_vietnamese_404(self) -> None:
        out = self.run_like_make_run()
        self.assertIs(out["debug"], True)
        status, html = out["missing"]
        self.assertEqual(status, 404)
        self.assertIn("Không tìm thấy trang", html)
        self.assertIn('<html lang="vi">', html)
        self.assertNotIn("DEBUG = True", html)
        self.assertNotIn("Page not found", html)

    def test_a_failing_view_gives_the_vietnamese_500_and_the_traceback_in_the_log(self) -> None:
        out = self.run_like_make_run()
        status, html = out["broken"]
        self.assertEqual(status, 500)
        self.assertIn("Lỗi hệ thống", html)
        self.assertIn("Vui lòng thử lại sau ít phút", html)
        self.assertNotIn("Traceback", html)
        self.assertNotIn("a bug in a view", html)
        self.assertIn("RuntimeError: a bug in a view", self.stderr)

    def test_debug_technical_pages_brings_djangos_pages_back(self) -> None:
        out = self.run_like_make_run(DEBUG_TECHNICAL_PAGES="1")
        status, html = out["missing"]
        self.assertEqual(status, 404)
        self.assertIn("DEBUG = True", html)

    def test_a_forgotten_debug_0_with_the_development_keys_still_refuses_to_start(self) -> None:
        with self.assertRaises(subprocess.CalledProcessError) as caught:
            self.run_like_make_run(DEBUG="0")
        self.assertIn("SECRET_KEY must be set when DEBUG=0", caught.exception.stderr)


class DebugErrorPagesMiddlewareTests(BaseTestCase):
    """A view's own 404 (another unit's object) under DEBUG: the Vietnamese page, with
    the signed-in user's header like any other page."""

    def test_a_view_raising_http404_under_debug_shows_the_vietnamese_page(self) -> None:
        middleware = [*settings.MIDDLEWARE, "phongdich.core.middleware.DebugErrorPagesMiddleware"]
        self.login(self.guard)
        with override_settings(DEBUG=True, MIDDLEWARE=middleware):
            response = self.client.post(reverse("checkin:guard_check_out", args=[999999]))
        self.assertEqual(response.status_code, 404)
        self.assertContains(response, "Không tìm thấy trang", status_code=404)
        self.assertContains(response, "Đăng xuất", status_code=404)
        self.assertNotContains(response, "DEBUG = True", status_code=404)
