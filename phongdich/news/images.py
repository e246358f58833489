"""Uploaded images: checked by content, size-capped, re-encoded so that only pixels
survive (EXIF with its GPS position, ICC profiles, comments and any trailing bytes are
dropped), and scaled down for phones.

The file's name and its declared type are ignored: Pillow reads the content, and only
JPEG, PNG and WebP are accepted. The stored file gets a random name.
"""

from __future__ import annotations

import uuid
from pathlib import Path
from typing import Any

from django.conf import settings

from phongdich.core import images
from phongdich.core.images import CleanImage

__all__ = ["CleanImage", "clean_image", "max_bytes", "storage_dir", "store"]

MAX_SIDE = 1600  # pixels: wide enough for the portal, light on a phone


def max_bytes() -> int:
    return int(getattr(settings, "NEWS_IMAGE_MAX_MB", 5)) * 1024 * 1024


def storage_dir() -> Path:
    return Path(settings.MEDIA_ROOT) / "news" / "images"


def clean_image(upload: Any) -> CleanImage:
    """Check ``upload`` and return it re-encoded; a ValidationError in Vietnamese otherwise."""
    return images.clean_image(upload, max_bytes=max_bytes(), max_side=MAX_SIDE)


def store(image: CleanImage) -> str:
    """Write the re-encoded image under MEDIA_ROOT; its path relative to MEDIA_ROOT."""
    folder = storage_dir()
    folder.mkdir(parents=True, exist_ok=True)
    name = f"{uuid.uuid4().hex}.{image.extension}"
    (folder / name).write_bytes(image.data)
    return str(Path("news") / "images" / name)
