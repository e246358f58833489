"""Documents attached to meetings: the allow-list and size cap of ``core.uploads``
(content checked against the suffix). Stored under MEDIA_ROOT (no URL serves it),
read only through a view that checks the user may see the meeting."""

from __future__ import annotations

from typing import Any

from django.conf import settings

from phongdich.core import uploads

__all__ = ["ALLOWED_SUFFIXES", "max_bytes", "validate_upload"]

ALLOWED_SUFFIXES = (".pdf", ".docx", ".xlsx", ".pptx", ".jpg", ".jpeg", ".png")


def max_bytes() -> int:
    return int(getattr(settings, "MEETING_DOCUMENT_MAX_MB", 20)) * 1024 * 1024


def validate_upload(upload: Any) -> str:
    """The content type of an allowed, honest file; else a ValidationError in Vietnamese."""
    return uploads.check_document(upload, allowed=ALLOWED_SUFFIXES, max_bytes=max_bytes())
