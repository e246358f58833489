"""Uploaded documents (attachments of directives, reports, meetings): an allow-list of
suffixes checked against the file's content, and a size cap.

A module names the suffixes it takes and its cap; ``check_document`` refuses anything
else with a Vietnamese message. Files are stored under MEDIA_ROOT, which no URL
serves, and read only through a view that checks the user's permission first.
Images that are shown rather than downloaded go through ``core.images`` instead.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

__all__ = ["CONTENT_TYPES", "check_document", "content_type"]

CONTENT_TYPES = {
    ".pdf": "application/pdf",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".doc": "application/msword",
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ".xls": "application/vnd.ms-excel",
    ".pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    ".txt": "text/plain; charset=utf-8",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".png": "image/png",
}
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # the old binary Office formats
# The member an Office Open XML file of each kind must contain.
_OOXML_PART = {".docx": "word/", ".xlsx": "xl/", ".pptx": "ppt/"}


def _zip_has(head: bytes, upload: Any, member_prefix: str) -> bool:
    if not head.startswith(b"PK\x03\x04"):
        return False
    upload.seek(0)
    try:
        with zipfile.ZipFile(io.BytesIO(upload.read())) as archive:
            names = archive.namelist()
    except zipfile.BadZipFile:
        return False
    finally:
        upload.seek(0)
    return "[Content_Types].xml" in names and any(n.startswith(member_prefix) for n in names)


def _content_matches(suffix: str, head: bytes, upload: Any) -> bool:
    if suffix == ".pdf":
        return head.startswith(b"%PDF-")
    if suffix in _OOXML_PART:
        return _zip_has(head, upload, _OOXML_PART[suffix])
    if suffix in {".doc", ".xls"}:
        return head.startswith(_OLE)
    if suffix in {".jpg", ".jpeg"}:
        return head.startswith(b"\xff\xd8\xff")
    if suffix == ".png":
        return head.startswith(b"\x89PNG\r\n\x1a\n")
    if suffix == ".txt":
        if b"\x00" in head:
            return False
        try:
            head.decode("utf-8")
        except UnicodeDecodeError as exc:  # a multi-byte character cut at the end is fine
            return exc.start >= len(head) - 3
        return True
    return False


def check_document(upload: Any, *, allowed: Iterable[str], max_bytes: int) -> str:
    """The content type of an allowed, honest file; else a ValidationError in Vietnamese.

    ``allowed``: suffixes with their dot, each a key of ``CONTENT_TYPES``."""
    accepted = tuple(allowed)
    name = (upload.name or "")[:80]
    suffix = Path(upload.name or "").suffix.lower()
    if suffix not in accepted:
        shown = ", ".join(s for s in accepted if s != ".jpeg")
        raise ValidationError(
            _("Không nhận tệp “%(name)s”: chỉ nhận tệp %(allowed)s.")
            % {"name": name, "allowed": shown},
            code="bad_type",
        )
    if not upload.size:
        raise ValidationError(_("Tệp “%(name)s” trống.") % {"name": name}, code="empty")
    if upload.size > max_bytes:
        raise ValidationError(
            _("Tệp lớn quá %(limit)s (tệp của bạn: %(size)s).")
            % {"limit": filesizeformat(max_bytes), "size": filesizeformat(upload.size)},
            code="too_big",
        )
    upload.seek(0)
    head = upload.read(8192)
    upload.seek(0)
    if not _content_matches(suffix, head, upload):
        raise ValidationError(
            _(
                "Nội dung tệp “%(name)s” không đúng với đuôi %(suffix)s: tệp bị hỏng hoặc bị "
                "đổi tên. Hãy lưu lại đúng định dạng rồi tải lên."
            )
            % {"name": name, "suffix": suffix},
            code="bad_content",
        )
    return CONTENT_TYPES[suffix]


def content_type(filename: str) -> str:
    return CONTENT_TYPES.get(Path(filename).suffix.lower(), "application/octet-stream")
