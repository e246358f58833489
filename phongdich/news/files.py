"""Bulletin files: PDF or DOCX only, checked by content (not by name), size-capped,
stored under MEDIA_ROOT with a random name and served only through a permission check."""

from __future__ import annotations

import io
import uuid
import zipfile
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

CONTENT_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}


def max_bytes() -> int:
    return int(getattr(settings, "NEWS_BULLETIN_MAX_MB", 20)) * 1024 * 1024


def _kind(data: bytes) -> str | None:
    if data.startswith(b"%PDF-"):
        return "pdf"
    if data.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                names = set(archive.namelist())
        except zipfile.BadZipFile:
            return None
        if "[Content_Types].xml" in names and "word/document.xml" in names:
            return "docx"
    return None


def check_document(upload: Any) -> str:
    """The kind ("pdf" or "docx") of ``upload``, or a ValidationError in Vietnamese."""
    name = (getattr(upload, "name", "") or "")[:80]
    size = getattr(upload, "size", 0) or 0
    if size == 0:
        raise ValidationError(_("Tệp “%(name)s” trống.") % {"name": name}, code="empty")
    if size > max_bytes():
        raise ValidationError(
            _("Tệp lớn quá %(limit)s (tệp của bạn: %(size)s).")
            % {"limit": filesizeformat(max_bytes()), "size": filesizeformat(size)},
            code="too_big",
        )
    upload.seek(0)
    data = upload.read()
    upload.seek(0)
    kind = _kind(data)
    suffix = Path(name).suffix.lower().lstrip(".")
    if kind is None or suffix != kind:
        raise ValidationError(
            _("Chỉ nhận văn bản .pdf hoặc .docx đúng định dạng (tệp “%(name)s” không phải).")
            % {"name": name},
            code="bad_type",
        )
    return kind


def store_document(upload: Any, kind: str) -> str:
    folder = Path(settings.MEDIA_ROOT) / "news" / "bulletins"
    folder.mkdir(parents=True, exist_ok=True)
    name = f"{uuid.uuid4().hex}.{kind}"
    upload.seek(0)
    with (folder / name).open("wb") as out:
        for chunk in upload.chunks():
            out.write(chunk)
    return str(Path("news") / "bulletins" / name)
