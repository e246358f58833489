"""Text at the boundary: NFC, folded white space, phones normalised, messages in Vietnamese."""

from __future__ import annotations

import re
import unicodedata

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from tracing_engine.identity import InvalidPhone, normalize_phone

_SPACES = re.compile(r"\s+")


def nfc(value: str | None) -> str:
    """NFC-normalised text with surrounding white space removed."""
    if value is None:
        return ""
    return unicodedata.normalize("NFC", str(value)).strip()


def nfc_only(value: str | None) -> str:
    """NFC-normalised text, white space kept (passwords aside: text whose edges matter)."""
    if value is None:
        return ""
    return unicodedata.normalize("NFC", str(value))


def clean_name(value: str | None) -> str:
    """A person's or unit's name: NFC, inner runs of white space folded to one space."""
    return _SPACES.sub(" ", nfc(value))


def fold(value: str) -> str:
    """Lower-case text without diacritics, for tolerant matching of headers and names."""
    text = unicodedata.normalize("NFD", nfc(value).replace("đ", "d").replace("Đ", "D"))
    text = "".join(ch for ch in text if unicodedata.category(ch) != "Mn")
    return _SPACES.sub(" ", text).strip().casefold()


def phone_or_error(value: str | None) -> str:
    """The normalised phone number, or a ValidationError with a Vietnamese message."""
    raw = nfc(value)
    if not raw:
        raise ValidationError(_("Vui lòng nhập số điện thoại."), code="required")
    try:
        return normalize_phone(raw)
    except InvalidPhone:
        raise ValidationError(
            _(
                "Số điện thoại “%(value)s” không hợp lệ: cần 10 số bắt đầu bằng 0 "
                "(ví dụ 0912345678)."
            ),
            code="invalid_phone",
            params={"value": raw[:40]},
        ) from None


def mask_phone(phone: str) -> str:
    """+84912345678 → +8491****678, for logs and lists that need no full number."""
    if len(phone) < 8:
        return "***"
    return phone[:5] + "*" * (len(phone) - 8) + phone[-3:]


def cut_at_word(text: str, limit: int) -> str:
    """``text`` in at most ``limit`` characters, cut between words with "…" (never
    inside a word); a text that fits stays whole."""
    if len(text) <= limit:
        return text
    head = text[: limit - 1]
    if " " in head and not text[limit - 1].isspace():
        head = head.rsplit(" ", 1)[0]
    return head.rstrip(" ·,;:") + "…"
