"""Documents attached to meetings: an allow-list checked against the file's content,
a size cap. Stored under MEDIA_ROOT (no URL serves it), read only through a view that
checks the user may see the meeting."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

CONTENT_TYPES = {
    ".pdf": "application/pdf",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ".pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".png": "image/png",
}
# The member an Office Open XML file of each kind must contain.
_OOXML_PART = {".docx": "word/", ".xlsx": "xl/", ".pptx": "ppt/"}


def max_bytes() -> int:
    return int(getattr(settings, "MEETING_DOCUMENT_MAX_MB", 20)) * 1024 * 1024


def _zip_has(upload: Any, prefix: str) -> bool:
    upload.seek(0)
    try:
        with zipfile.ZipFile(io.BytesIO(upload.read())) as archive:
            names = archive.namelist()
    except zipfile.BadZipFile:
        return False
    finally:
        upload.seek(0)
    return "[Content_Types].xml" in names and any(n.startswith(prefix) for n in names)


def _content_matches(suffix: str, head: bytes, upload: Any) -> bool:
    if suffix == ".pdf":
        return head.startswith(b"%PDF-")
    if suffix in _OOXML_PART:
        return head.startswith(b"PK\x03\x04") and _zip_has(upload, _OOXML_PART[suffix])
    if suffix in {".jpg", ".jpeg"}:
        return head.startswith(b"\xff\xd8\xff")
    if suffix == ".png":
        return head.startswith(b"\x89PNG\r\n\x1a\n")
    return False


def validate_upload(upload: Any) -> str:
    """The content type of an allowed, honest file; else a ValidationError in Vietnamese."""
    name = upload.name or ""
    suffix = Path(name).suffix.lower()
    if suffix not in CONTENT_TYPES:
        raise ValidationError(
            _("Không nhận tệp “%(name)s”: chỉ nhận .pdf, .docx, .xlsx, .pptx, .jpg, .png.")
            % {"name": name[:80]},
            code="bad_type",
        )
    if not upload.size:
        raise ValidationError(_("Tệp “%(name)s” trống.") % {"name": name[:80]}, code="empty")
    if upload.size > max_bytes():
        raise ValidationError(
            _("Tệp lớn quá %(limit)s (tệp của bạn: %(size)s).")
            % {"limit": filesizeformat(max_bytes()), "size": filesizeformat(upload.size)},
            code="too_big",
        )
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    if not _content_matches(suffix, head, upload):
        raise ValidationError(
            _(
                "Nội dung tệp “%(name)s” không đúng với đuôi %(suffix)s: tệp bị hỏng hoặc bị "
                "đổi tên."
            )
            % {"name": name[:80], "suffix": suffix},
            code="bad_content",
        )
    return CONTENT_TYPES[suffix]
