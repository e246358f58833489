"""Identities of tracing.md: Vietnamese phone numbers normalised to +84…, staff codes.

Pure Python, no Django: the web application calls the same functions at its
boundary, so an identity means one thing everywhere.
"""

from __future__ import annotations

import re
import unicodedata

__all__ = ["InvalidPhone", "normalize_phone", "normalize_identity", "looks_like_phone"]

# White space, dots, hyphens and the dashes a word processor puts in their place,
# brackets, slashes, and the invisible characters copied along from web pages.
_SEPARATORS = re.compile(r"[\s.\-()/\u00a0\u2010-\u2015\u2212\u200b-\u200d\u2060\ufeff]+")
_MOBILE_FIRST = frozenset("35789")


class InvalidPhone(ValueError):
    """Raised with a short English reason; the web layer shows its own message."""


def _national(digits: str) -> str | None:
    """The national significant number if ``digits`` is one, else None."""
    if len(digits) == 9 and digits[0] in _MOBILE_FIRST:
        return digits
    if len(digits) == 10 and digits[0] == "2":  # landline: 2 + area code + subscriber
        return digits
    return None


def _drop_trunk_zero(national: str) -> str:
    """``+84 (0) 912 345 678``: the domestic 0 written after the country code."""
    if national.startswith("0") and len(national) in (10, 11):
        return national[1:]
    return national


def normalize_phone(raw: str) -> str:
    """Return ``+84`` followed by the national number, or raise InvalidPhone.

    ``0912345678``, ``84912345678``, ``+84 912 345 678``, ``0912.345.678`` and
    ``0912-345-678`` all give ``+84912345678``.
    """
    text = unicodedata.normalize("NFKC", raw).strip()
    if not text:
        raise InvalidPhone("empty")
    compact = _SEPARATORS.sub("", text)
    plus = compact.startswith("+")
    digits = compact[1:] if plus else compact
    if not digits.isascii() or not digits.isdigit():
        raise InvalidPhone("not digits")
    candidates: list[str] = []
    if plus:
        if not digits.startswith("84"):
            raise InvalidPhone("not a Vietnamese number")
        candidates.append(_drop_trunk_zero(digits[2:]))
    elif digits.startswith("0084"):
        candidates.append(_drop_trunk_zero(digits[4:]))
    elif digits.startswith("0"):
        candidates.append(digits[1:])
    else:
        if digits.startswith("84"):
            candidates.append(_drop_trunk_zero(digits[2:]))
        candidates.append(digits)
    for candidate in candidates:
        national = _national(candidate)
        if national is not None:
            return "+84" + national
    raise InvalidPhone("wrong length or prefix")


def looks_like_phone(raw: str) -> bool:
    try:
        normalize_phone(raw)
    except InvalidPhone:
        return False
    return True


def normalize_identity(raw: str) -> str:
    """A phone number in its normalised form; anything else as an upper-case staff code."""
    try:
        return normalize_phone(raw)
    except InvalidPhone:
        code = unicodedata.normalize("NFC", raw).strip().upper()
        if not code:
            raise ValueError("empty identity") from None
        return code
