"""Screenshot evidence: an image allow-list checked by content (Pillow, not the name),
a size cap, and a re-encoding that keeps only the pixels (no EXIF, no trailing data).

Stored under MEDIA_ROOT/adoption-evidence/ (no URL serves MEDIA_ROOT); read only
through ``views.declarations.evidence``, which checks the permission first.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings

from phongdich.core import images

MAX_SIDE = 1600  # stored images are scaled down to this


def max_bytes() -> int:
    return int(getattr(settings, "ADOPTION_EVIDENCE_MAX_MB", 5)) * 1024 * 1024


@dataclass(frozen=True)
class CleanImage:
    data: bytes
    content_type: str = "image/jpeg"
    suffix: str = ".jpg"


def clean_image(upload: Any) -> CleanImage:
    """The re-encoded JPEG of an uploaded screenshot, or a ValidationError (Vietnamese)."""
    clean = images.clean_image(upload, max_bytes=max_bytes(), max_side=MAX_SIDE, jpeg_only=True)
    return CleanImage(data=clean.data)


def evidence_dir() -> Path:
    path = Path(settings.MEDIA_ROOT) / "adoption-evidence"
    path.mkdir(parents=True, exist_ok=True)
    return path


def store(image: CleanImage) -> str:
    target = evidence_dir() / f"{uuid.uuid4().hex}{image.suffix}"
    target.write_bytes(image.data)
    return str(target)


def remove(path: str) -> None:
    if path:
        Path(path).unlink(missing_ok=True)
