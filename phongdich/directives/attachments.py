"""Uploaded files of directives and of unit reports: the allow-list and size cap of
``core.uploads`` (content checked against the suffix).

Files are stored under MEDIA_ROOT, which no URL serves; they are read only through
a view that checks the user's permission first.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings

from phongdich.core import uploads
from phongdich.core.uploads import content_type

__all__ = ["ALLOWED_SUFFIXES", "content_type", "max_bytes", "validate_upload"]

ALLOWED_SUFFIXES = (".pdf", ".docx", ".doc", ".xlsx", ".xls", ".txt", ".jpg", ".jpeg", ".png")


def max_bytes() -> int:
    return int(getattr(settings, "DIRECTIVE_ATTACHMENT_MAX_MB", 20)) * 1024 * 1024


def validate_upload(upload: Any) -> None:
    """Raise ValidationError (Vietnamese) unless the upload is an allowed, honest file."""
    uploads.check_document(upload, allowed=ALLOWED_SUFFIXES, max_bytes=max_bytes())
