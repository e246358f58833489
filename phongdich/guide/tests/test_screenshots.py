"""The guide's screenshots, made by a real browser on the demo data.

``make screenshots`` (``GUIDE_SCREENSHOTS=1``) shoots every page of
``guide.screenshots.SHOTS`` at desktop and phone size into docs/img; ``make test``
shoots the smoke subset into a temporary folder. Each page must answer 200 and must
not scroll sideways on a 360 px phone; every shot is saved before those checks so a
failing page still leaves its picture to look at.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest

from phongdich.core.tests.browser import log_in
from phongdich.core.tests.demo_data import load_demo_after_flush
from phongdich.guide.rendering import image_dir
from phongdich.guide.screenshots import SHOTS, SIZES, Shot, optimise
from phongdich.org.demo import DEMO_PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.screenshots]

FULL = os.environ.get("GUIDE_SCREENSHOTS", "") in {"1", "true", "yes"}


def _context(browser: Any, size: str, state: Any = None) -> Any:
    width, height = SIZES[size]
    phone = size == "phone"
    return browser.new_context(
        locale="vi-VN",
        timezone_id="Asia/Ho_Chi_Minh",
        viewport={"width": width, "height": height},
        is_mobile=phone,
        has_touch=phone,
        storage_state=state,
    )


def _by_user(shots: list[Shot]) -> dict[str | None, list[Shot]]:
    grouped: dict[str | None, list[Shot]] = {}
    for shot in shots:
        grouped.setdefault(shot.username, []).append(shot)
    return grouped


@pytest.mark.django_db(transaction=True)
def test_the_guides_screenshots(live_server: Any, browser: Any, subtests: Any, tmp_path: Path):
    load_demo_after_flush()
    shots = SHOTS if FULL else [shot for shot in SHOTS if shot.smoke]
    out = image_dir() if FULL else tmp_path
    out.mkdir(parents=True, exist_ok=True)
    made: list[Path] = []
    for username, own in _by_user(shots).items():
        desktop = _context(browser, "desktop")
        pages = {"desktop": desktop.new_page()}
        if username is not None:
            log_in(pages["desktop"], live_server.url, username, DEMO_PASSWORD)
        phone = _context(browser, "phone", desktop.storage_state())
        pages["phone"] = phone.new_page()
        try:
            for shot in own:
                for size, page in pages.items():
                    with subtests.test(shot=shot.name, size=size):
                        page.set_default_timeout(15000)
                        response = page.goto(live_server.url + shot.url())
                        page.wait_for_load_state("load")
                        target = out / f"{shot.name}-{size}.png"
                        target.write_bytes(optimise(page.screenshot(animations="disabled")))
                        made.append(target)
                        assert response is not None and response.status == 200, (
                            f"{shot.name}: {response.status if response else 'no response'}"
                        )
                        assert "/tai-khoan/dang-nhap/" not in page.url, f"{shot.name}: log-in page"
                        if size == "phone":
                            wide = page.evaluate("document.documentElement.scrollWidth")
                            assert wide <= SIZES["phone"][0], (
                                f"{shot.name} scrolls sideways on a phone: {wide} px"
                            )
        finally:
            desktop.close()
            phone.close()

    # Every picture is a real PNG of the size asked, small enough for the repository.
    from PIL import Image

    for path in made:
        with Image.open(path) as image:
            size = "phone" if path.stem.endswith("-phone") else "desktop"
            assert image.format == "PNG" and image.size == SIZES[size], path
        assert path.stat().st_size < 400_000, f"{path.name}: {path.stat().st_size} bytes"
