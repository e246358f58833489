"""Bulletin files: PDF or DOCX only, checked by content (not by name), size-capped,
stored under MEDIA_ROOT with a random name and served only through a permission check."""

from __future__ import annotations

import uuid
from pathlib import Path
from typing import Any

from django.conf import settings

from phongdich.core import uploads

CONTENT_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}


def max_bytes() -> int:
    return int(getattr(settings, "NEWS_BULLETIN_MAX_MB", 20)) * 1024 * 1024


def check_document(upload: Any) -> str:
    """The kind ("pdf" or "docx") of ``upload``, or a ValidationError in Vietnamese."""
    uploads.check_document(upload, allowed=(".pdf", ".docx"), max_bytes=max_bytes())
    return Path(upload.name or "").suffix.lower().lstrip(".")


def store_document(upload: Any, kind: str) -> str:
    folder = Path(settings.MEDIA_ROOT) / "news" / "bulletins"
    folder.mkdir(parents=True, exist_ok=True)
    name = f"{uuid.uuid4().hex}.{kind}"
    upload.seek(0)
    with (folder / name).open("wb") as out:
        for chunk in upload.chunks():
            out.write(chunk)
    return str(Path("news") / "bulletins" / name)
