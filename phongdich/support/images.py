"""The screenshot or photo of a request: checked by its content (Pillow), size-capped,
re-encoded (which drops whatever else the file carried: EXIF with GPS, scripts in
comments, trailing data) and stored under MEDIA_ROOT/support/, which no URL serves.
"""

from __future__ import annotations

import uuid
from pathlib import Path
from typing import Any

from django.conf import settings

from phongdich.core import images

MAX_BYTES = 5 * 1024 * 1024
MAX_SIDE = 2000  # stored images are scaled down to fit this square
CONTENT_TYPES = {"jpg": "image/jpeg", "png": "image/png"}


def max_bytes() -> int:
    return int(getattr(settings, "SUPPORT_IMAGE_MAX_MB", 0) or 0) * 1024 * 1024 or MAX_BYTES


def image_root() -> Path:
    return Path(settings.MEDIA_ROOT) / "support"


def clean_image(upload: Any) -> tuple[bytes, str]:
    """The re-encoded image and its extension ("jpg" or "png"); ValidationError
    (Vietnamese) for an empty, too large, not-an-image or not-allowed file."""
    clean = images.clean_image(upload, max_bytes=max_bytes(), max_side=MAX_SIDE)
    return clean.data, clean.extension


def store_image(data: bytes, extension: str) -> str:
    """Write ``data``; the path relative to MEDIA_ROOT."""
    root = image_root()
    root.mkdir(parents=True, exist_ok=True)
    name = f"{uuid.uuid4().hex}.{extension}"
    (root / name).write_bytes(data)
    return f"support/{name}"


def image_file(relative: str) -> Path:
    path = (Path(settings.MEDIA_ROOT) / relative).resolve()
    if image_root().resolve() not in path.parents:
        raise FileNotFoundError(relative)
    return path
