"""Words for search: Vietnamese folded to plain letters, so "quet ma" finds "Quét mã"."""

from __future__ import annotations

import re
import unicodedata

# Words too common to tell one request from another.
STOP_WORDS = frozenset(
    "va cua cho khong duoc bi la co mot cac nhung toi em anh chi da dang se thi "
    "voi nay do khi lam sao gi nao o tai ve the rat can giup xin nho hay".split()
)
_WORD = re.compile(r"[a-z0-9]+")


def fold(text: str) -> str:
    """Lower case, no diacritics, đ → d: ``Quét mã QR`` → ``quet ma qr``."""
    text = unicodedata.normalize("NFD", text.lower()).replace("đ", "d")
    return "".join(c for c in text if unicodedata.category(c) != "Mn")


def words(text: str, *, minimum: int = 2) -> list[str]:
    """The distinct telling words of ``text``, folded, in order of appearance."""
    seen: dict[str, None] = {}
    for word in _WORD.findall(fold(text)):
        if len(word) >= minimum and word not in STOP_WORDS:
            seen.setdefault(word, None)
    return list(seen)


def tokens(text: str) -> str:
    """Every word of ``text`` folded, joined by single spaces (what an article stores to
    be searched: punctuation gone, so "qr," is the word "qr")."""
    return " ".join(_WORD.findall(fold(text)))
