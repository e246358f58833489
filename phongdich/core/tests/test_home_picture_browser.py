"""The Director's live picture in a real Chromium on the demo data, at desktop size
(1280×800) and on a cheap phone (360×740): every tile is there, nothing scrolls sideways
on the phone, and the charts draw. Screenshots go to $SCREENSHOT_DIR (default: the test's
temporary directory) as director-home-desktop.png and director-home-phone.png."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest

from phongdich.core.tests.browser import log_in
from phongdich.core.tests.demo_data import load_demo_after_flush
from phongdich.core.tiles import tiles

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]


@pytest.fixture
def demo() -> None:
    load_demo_after_flush()


def shots(tmp_path: Path) -> Path:
    folder = Path(os.environ.get("SCREENSHOT_DIR") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def test_the_director_sees_the_live_picture_at_desktop_and_phone_size(
    live_server: Any, page: Any, phone_page: Any, demo: None, tmp_path: Path
) -> None:
    folder = shots(tmp_path)
    page.set_viewport_size({"width": 1280, "height": 800})
    for view, name in ((page, "desktop"), (phone_page, "phone")):
        log_in(view, live_server.url, "giamdoc", password="phongdich-demo")
        view.goto(f"{live_server.url}/")
        view.get_by_role("heading", name="Tình hình hôm nay", exact=False).wait_for()
        assert view.locator("li.tile").count() == len(tiles())
        # The charts are drawn (inline SVG, no script) and have a size.
        chart = view.locator("#tile-checkin svg.chart")
        box = chart.bounding_box()
        assert box is not None and box["width"] > 200 and box["height"] > 60
        view.screenshot(path=str(folder / f"director-home-{name}.png"), full_page=True)
    # On the phone nothing scrolls sideways, and the tiles are one column.
    assert phone_page.evaluate("document.documentElement.scrollWidth") <= 360
    lefts = phone_page.evaluate(
        "[...document.querySelectorAll('li.tile')].map(e => e.getBoundingClientRect().left)"
    )
    assert len(set(lefts)) == 1
    # At desktop size the tiles sit side by side.
    lefts = page.evaluate(
        "[...document.querySelectorAll('li.tile')].map(e => e.getBoundingClientRect().left)"
    )
    assert len(set(lefts)) >= 2
