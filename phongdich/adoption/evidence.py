"""Screenshot evidence: an image allow-list checked by content (Pillow, not the name),
a size cap, and a re-encoding that keeps only the pixels (no EXIF, no trailing data).

Stored under MEDIA_ROOT/adoption-evidence/ (no URL serves MEDIA_ROOT); read only
through ``views.declarations.evidence``, which checks the permission first.
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

ALLOWED_FORMATS = frozenset({"JPEG", "PNG", "WEBP"})
MAX_PIXELS = 40_000_000  # a 8000×5000 screenshot; larger is a decompression bomb
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
    from PIL import Image, UnidentifiedImageError

    name = (getattr(upload, "name", "") or "")[:80]
    size = getattr(upload, "size", 0) or 0
    if size == 0:
        raise ValidationError(_("Tệp “%(name)s” trống.") % {"name": name}, code="empty")
    if size > max_bytes():
        raise ValidationError(
            _("Ảnh lớn quá %(limit)s (ảnh của bạn: %(size)s).")
            % {"limit": filesizeformat(max_bytes()), "size": filesizeformat(size)},
            code="too_big",
        )
    upload.seek(0)
    raw = upload.read(max_bytes() + 1)
    upload.seek(0)
    refused = ValidationError(
        _("“%(name)s” không phải ảnh chụp màn hình: chỉ nhận ảnh .jpg, .png hoặc .webp.")
        % {"name": name},
        code="bad_content",
    )
    try:
        with Image.open(io.BytesIO(raw)) as probe:
            if probe.format not in ALLOWED_FORMATS:
                raise refused
            width, height = probe.size
            if width * height > MAX_PIXELS:
                raise ValidationError(
                    _("Ảnh quá lớn (%(w)s×%(h)s điểm ảnh).") % {"w": width, "h": height},
                    code="too_many_pixels",
                )
            probe.verify()
        with Image.open(io.BytesIO(raw)) as image:
            image.load()
            picture = image.convert("RGB")
    except ValidationError:
        raise
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        raise refused from None
    picture.thumbnail((MAX_SIDE, MAX_SIDE))
    out = io.BytesIO()
    picture.save(out, format="JPEG", quality=80, optimize=True)
    return CleanImage(data=out.getvalue())


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
