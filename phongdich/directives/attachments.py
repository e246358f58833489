"""Uploaded files of directives (and later of unit reports): an allow-list of
extensions checked against the file's first bytes, and a size cap.

Files are stored under MEDIA_ROOT, which no URL serves; they are read only through
a view that checks the user's permission first.
"""

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
    ".doc": "application/msword",
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ".xls": "application/vnd.ms-excel",
    ".txt": "text/plain; charset=utf-8",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".png": "image/png",
}
ALLOWED_SUFFIXES = tuple(CONTENT_TYPES)
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def max_bytes() -> int:
    return int(getattr(settings, "DIRECTIVE_ATTACHMENT_MAX_MB", 20)) * 1024 * 1024


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
    if suffix == ".docx":
        return _zip_has(head, upload, "word/")
    if suffix == ".xlsx":
        return _zip_has(head, upload, "xl/")
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


def validate_upload(upload: Any) -> None:
    """Raise ValidationError (Vietnamese) unless the upload is an allowed, honest file."""
    name = upload.name or ""
    suffix = Path(name).suffix.lower()
    if suffix not in ALLOWED_SUFFIXES:
        raise ValidationError(
            _(
                "Không nhận tệp “%(name)s”: chỉ nhận tệp .pdf, .docx, .doc, .xlsx, .xls, .txt, "
                ".jpg, .png."
            )
            % {"name": name[:80]},
            code="bad_type",
        )
    if upload.size == 0:
        raise ValidationError(_("Tệp “%(name)s” trống.") % {"name": name[:80]}, code="empty")
    if upload.size > max_bytes():
        raise ValidationError(
            _("Tệp lớn quá %(limit)s (tệp của bạn: %(size)s).")
            % {"limit": filesizeformat(max_bytes()), "size": filesizeformat(upload.size)},
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
            % {"name": name[:80], "suffix": suffix},
            code="bad_content",
        )


def content_type(filename: str) -> str:
    return CONTENT_TYPES.get(Path(filename).suffix.lower(), "application/octet-stream")
