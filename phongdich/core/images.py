"""Uploaded images (photos, screenshots), once for every module that takes them.

The file's name and declared type are ignored: Pillow reads the content and only
JPEG, PNG and WebP are accepted; a size cap and a pixel cap (a decompression bomb is
refused before it is decoded); the image is turned upright (EXIF orientation), scaled
down and re-encoded, so only pixels survive (EXIF with its GPS position, ICC
profiles, comments, trailing bytes, scripts are dropped). The caller stores the
result under MEDIA_ROOT (no URL serves it) and serves it through a permission check.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

__all__ = ["ALLOWED_FORMATS", "MAX_PIXELS", "CleanImage", "clean_image"]

ALLOWED_FORMATS = frozenset({"JPEG", "PNG", "WEBP"})
MAX_PIXELS = 40_000_000  # an 8000×5000 screenshot; more is a decompression bomb
_DECODE_ERRORS = (UnidentifiedImageError, OSError, SyntaxError, ValueError)


@dataclass(frozen=True)
class CleanImage:
    data: bytes
    content_type: str
    extension: str  # "jpg" or "png", without the dot
    width: int
    height: int


def _refused(name: str) -> ValidationError:
    return ValidationError(
        _("Tệp “%(name)s” không phải ảnh hợp lệ: chỉ nhận ảnh .jpg, .png hoặc .webp.")
        % {"name": name},
        code="bad_content",
    )


def clean_image(
    upload: Any, *, max_bytes: int, max_side: int, jpeg_only: bool = False
) -> CleanImage:
    """``upload`` checked and re-encoded, or a ValidationError in Vietnamese.

    PNG sources and images with transparency stay PNG (screenshots stay sharp);
    the rest become JPEG. ``jpeg_only`` makes everything JPEG (white under any
    transparency)."""
    name = (getattr(upload, "name", "") or "")[:80]
    size = getattr(upload, "size", 0) or 0
    if size == 0:
        raise ValidationError(_("Tệp “%(name)s” trống.") % {"name": name}, code="empty")
    if size > max_bytes:
        raise ValidationError(
            _("Ảnh lớn quá %(limit)s (ảnh của bạn: %(size)s).")
            % {"limit": filesizeformat(max_bytes), "size": filesizeformat(size)},
            code="too_big",
        )
    upload.seek(0)
    raw = upload.read(max_bytes + 1)
    upload.seek(0)
    if len(raw) > max_bytes:  # the declared size lied
        raise ValidationError(
            _("Ảnh lớn quá %(limit)s.") % {"limit": filesizeformat(max_bytes)}, code="too_big"
        )
    try:
        with Image.open(io.BytesIO(raw)) as probe:
            source_format = probe.format
            if source_format not in ALLOWED_FORMATS:
                raise _refused(name)
            width, height = probe.size
            if width * height > MAX_PIXELS:
                raise ValidationError(
                    _("Ảnh quá lớn (%(w)s×%(h)s điểm ảnh).") % {"w": width, "h": height},
                    code="too_many_pixels",
                )
            probe.verify()
        with Image.open(io.BytesIO(raw)) as opened:
            opened.load()
            image: Image.Image = ImageOps.exif_transpose(opened) or opened
            image = image.copy()
    except ValidationError:
        raise
    except (*_DECODE_ERRORS, Image.DecompressionBombError):
        raise _refused(name) from None
    image.thumbnail((max_side, max_side))
    has_alpha = image.mode in {"RGBA", "LA", "PA"} or (
        image.mode == "P" and "transparency" in image.info
    )
    out = io.BytesIO()
    if not jpeg_only and (source_format == "PNG" or has_alpha):
        clean = image.convert("RGBA" if has_alpha else "RGB")
        clean.save(out, format="PNG", optimize=True)
        content_type, extension = "image/png", "png"
    else:
        if has_alpha:
            background = Image.new("RGB", image.size, "white")
            background.paste(image.convert("RGBA"), mask=image.convert("RGBA").getchannel("A"))
            clean = background
        else:
            clean = image.convert("RGB")
        clean.save(out, format="JPEG", quality=82, optimize=True, progressive=True)
        content_type, extension = "image/jpeg", "jpg"
    return CleanImage(out.getvalue(), content_type, extension, clean.width, clean.height)
