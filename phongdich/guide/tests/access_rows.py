"""The guide's rows for the access table (phongdich/core/tests/test_access.py)."""

from __future__ import annotations

from phongdich.core.tests.access import EVERYONE, Route

# A screenshot of a public section (the check-in): a visitor may see it too.
PUBLIC_IMAGE = "check-in-dien-thoai-phone.png"

GUIDE_ROUTES: list[Route] = [
    Route("guide:index", allowed=EVERYONE, anonymous=200),
    Route("guide:image", allowed=EVERYONE, anonymous=200, kwargs=lambda c: {"name": PUBLIC_IMAGE}),
]
