"""The screenshot or photo of a request: checked by its content (Pillow), size-capped,
re-encoded (which drops whatever else the file carried: EXIF with GPS, scripts in
comments, trailing data) and stored under MEDIA_ROOT/support/, which no URL serves.
"""

from __future__ import annotations

import io
import uuid
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

# Formats Pillow must find in the content (the name and the browser's type are ignored).
ALLOWED_FORMATS = frozenset({"JPEG", "PNG", "WEBP"})
MAX_BYTES = 5 * 1024 * 1024
MAX_PIXELS = 40_000_000  # a "decompression bomb" is refused before it is decoded
MAX_SIDE = 2000  # stored images are scaled down to fit this square
CONTENT_TYPES = {"jpg": "image/jpeg", "png": "image/png"}


def max_bytes() -> int:
    return int(getattr(settings, "SUPPORT_IMAGE_MAX_MB", 0) or 0) * 1024 * 1024 or MAX_BYTES


def image_root() -> Path:
    return Path(settings.MEDIA_ROOT) / "support"


def _refuse() -> ValidationError:
    return ValidationError(
        _("Tệp không phải ảnh hợp lệ: chỉ nhận ảnh chụp màn hình hoặc ảnh .jpg, .png, .webp."),
        code="bad_content",
    )


def clean_image(upload: Any) -> tuple[bytes, str]:
    """The re-encoded image and its extension ("jpg" or "png"); ValidationError
    (Vietnamese) for an empty, too large, not-an-image or not-allowed file."""
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
    data = upload.read(max_bytes() + 1)
    upload.seek(0)
    if len(data) > max_bytes():
        raise ValidationError(_("Ảnh lớn quá %(limit)s.") % {"limit": filesizeformat(max_bytes())})
    try:
        with Image.open(io.BytesIO(data)) as probe:
            if probe.format not in ALLOWED_FORMATS:
                raise _refuse()
            width, height = probe.size
            if width * height > MAX_PIXELS:
                raise ValidationError(_("Ảnh có kích thước quá lớn."), code="too_big")
            probe.verify()
        with Image.open(io.BytesIO(data)) as opened:
            opened.load()
            image: Image.Image = opened
            source_format = opened.format
            image = ImageOps.exif_transpose(image) or image
            image.thumbnail((MAX_SIDE, MAX_SIDE))
            out = io.BytesIO()
            if source_format == "PNG" or image.mode in {"RGBA", "LA", "P"}:
                if image.mode not in {"RGB", "RGBA", "L", "LA"}:
                    image = image.convert("RGBA")
                image.save(out, format="PNG", optimize=True)
                return out.getvalue(), "png"
            image.convert("RGB").save(out, format="JPEG", quality=85, optimize=True)
            return out.getvalue(), "jpg"
    except ValidationError:
        raise
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError, Image.DecompressionBombError):
        raise _refuse() from None


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
