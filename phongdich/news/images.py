"""Uploaded images: checked by content, size-capped, re-encoded so that only pixels
survive (EXIF with its GPS position, ICC profiles, comments and any trailing bytes are
dropped), and scaled down for phones.

The file's name and its declared type are ignored: Pillow reads the content, and only
JPEG, PNG and WebP are accepted. The stored file gets a random name.
"""

from __future__ import annotations

import io
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from PIL import Image, UnidentifiedImageError

ALLOWED_FORMATS = {"JPEG", "PNG", "WEBP"}
MAX_SIDE = 1600  # pixels: wide enough for the portal, light on a phone
MAX_PIXELS = 40_000_000  # a decompression bomb is refused before it is decoded
_MAGIC = (b"\xff\xd8\xff", b"\x89PNG\r\n\x1a\n", b"RIFF")


def max_bytes() -> int:
    return int(getattr(settings, "NEWS_IMAGE_MAX_MB", 5)) * 1024 * 1024


def storage_dir() -> Path:
    return Path(settings.MEDIA_ROOT) / "news" / "images"


@dataclass(frozen=True)
class CleanImage:
    data: bytes
    content_type: str
    extension: str
    width: int
    height: int


def _refuse() -> ValidationError:
    return ValidationError(
        _("Chỉ nhận ảnh JPEG, PNG hoặc WebP. Tệp này không phải là ảnh hợp lệ."),
        code="bad_image",
    )


def clean_image(upload: Any) -> CleanImage:
    """Check ``upload`` and return it re-encoded; a ValidationError in Vietnamese otherwise."""
    size = getattr(upload, "size", 0) or 0
    if size == 0:
        raise ValidationError(_("Tệp ảnh trống."), code="empty")
    if size > max_bytes():
        raise ValidationError(
            _("Ảnh lớn quá %(limit)s (ảnh của bạn: %(size)s).")
            % {"limit": filesizeformat(max_bytes()), "size": filesizeformat(size)},
            code="too_big",
        )
    upload.seek(0)
    raw = upload.read()
    upload.seek(0)
    if not raw.startswith(_MAGIC):
        raise _refuse()
    try:
        with Image.open(io.BytesIO(raw)) as probe:
            fmt = probe.format
            if fmt not in ALLOWED_FORMATS:
                raise _refuse()
            if probe.width * probe.height > MAX_PIXELS:
                raise ValidationError(_("Ảnh có quá nhiều điểm ảnh."), code="too_many_pixels")
            probe.load()
            image = probe.copy()
    except ValidationError:
        raise
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        raise _refuse() from None
    image.thumbnail((MAX_SIDE, MAX_SIDE))
    has_alpha = image.mode in {"RGBA", "LA", "PA"} or (
        image.mode == "P" and "transparency" in image.info
    )
    out = io.BytesIO()
    if fmt == "PNG" or has_alpha:
        clean = image.convert("RGBA" if has_alpha else "RGB")
        clean.save(out, format="PNG", optimize=True)
        content_type, extension = "image/png", "png"
    else:
        clean = image.convert("RGB")
        clean.save(out, format="JPEG", quality=82, optimize=True, progressive=True)
        content_type, extension = "image/jpeg", "jpg"
    return CleanImage(out.getvalue(), content_type, extension, clean.width, clean.height)


def store(image: CleanImage) -> str:
    """Write the re-encoded image under MEDIA_ROOT; its path relative to MEDIA_ROOT."""
    folder = storage_dir()
    folder.mkdir(parents=True, exist_ok=True)
    name = f"{uuid.uuid4().hex}.{image.extension}"
    (folder / name).write_bytes(image.data)
    return str(Path("news") / "images" / name)
