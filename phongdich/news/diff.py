"""A word diff between two versions of an article: inserted words in ``<ins>``, removed
ones in ``<del>``; every word HTML-escaped (the result is safe to show as is)."""

from __future__ import annotations

import difflib
import re

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from phongdich.news.richtext import plain_text

_TOKEN = re.compile(r"\n|[^\S\n]+|[^\s]+")


def _tokens(text: str) -> list[str]:
    return _TOKEN.findall(text)


def _render(tokens: list[str]) -> str:
    return "".join("<br>" if t == "\n" else escape(t) for t in tokens)


def word_diff(old: str, new: str) -> SafeString:
    """``old`` and ``new`` are plain text."""
    a, b = _tokens(old), _tokens(new)
    parts: list[str] = []
    matcher = difflib.SequenceMatcher(a=a, b=b, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            parts.append(_render(a[i1:i2]))
        if op in {"delete", "replace"}:
            parts.append(f"<del>{_render(a[i1:i2])}</del>")
        if op in {"insert", "replace"}:
            parts.append(f"<ins>{_render(b[j1:j2])}</ins>")
    return mark_safe("".join(parts))  # noqa: S308  (every token escaped above)


def version_diff(old: object, new: object) -> dict[str, SafeString]:
    """Title, summary and body of two ArticleVersion rows, word by word."""
    return {
        "title": word_diff(getattr(old, "title", ""), getattr(new, "title", "")),
        "summary": word_diff(getattr(old, "summary", ""), getattr(new, "summary", "")),
        "body": word_diff(
            plain_text(getattr(old, "body", "")), plain_text(getattr(new, "body", ""))
        ),
    }
