"""The safe rich-text subset of article bodies, sanitised with nh3 (Ammonia) on save.

Allowed: ``p, h2, h3, ul, ol, li, strong, em, b, i, br``; links ``a[href]`` to http,
https or mailto only (``rel="noopener noreferrer"`` added); images ``img[src, alt]``
whose ``src`` is one of our own uploads (``/tin-tuc/anh/<uuid>/``). Everything else
goes: ``<script>``/``<style>`` with their content, every ``on*`` and ``style``
attribute, ``javascript:`` and ``data:`` URLs, SVG and MathML, comments.

Plain text (none of the allowed tags) is accepted too: blank lines make paragraphs, single line
breaks become ``<br>``.
"""

from __future__ import annotations

import html as html_lib
import re
from functools import cache

import nh3
from django.urls import reverse

from phongdich.core.text import nfc

TAGS = {"p", "h2", "h3", "ul", "ol", "li", "a", "strong", "em", "b", "i", "br", "img"}
ATTRIBUTES = {"a": {"href"}, "img": {"src", "alt"}}
URL_SCHEMES = {"http", "https", "mailto"}
_LINK = re.compile(r"^(https?://|mailto:)", re.IGNORECASE)
_MARKUP = re.compile(r"</?(p|h2|h3|ul|ol|li|a|strong|em|b|i|br|img)\b", re.IGNORECASE)
_IMG_WITHOUT_SRC = re.compile(r"<img(?![^>]*\ssrc=)[^>]*>")
_UUID = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"
_ZERO = "00000000-0000-0000-0000-000000000000"


@cache
def _own_image() -> re.Pattern[str]:
    path = reverse("news:image", kwargs={"pk": _ZERO})
    prefix, suffix = path.split(_ZERO)
    return re.compile(f"^{re.escape(prefix)}({_UUID}){re.escape(suffix)}$")


def image_ids(html: str) -> list[str]:
    """The ids of our uploads an (already sanitised) body shows."""
    pattern = _own_image()
    ids = []
    for src in re.findall(r'<img[^>]*\ssrc="([^"]*)"', html):
        match = pattern.match(src)
        if match:
            ids.append(match.group(1))
    return ids


def _filter(tag: str, attr: str, value: str) -> str | None:
    if tag == "a" and attr == "href":
        return value if _LINK.match(value.strip()) else None
    if tag == "img" and attr == "src":
        return value if _own_image().match(value.strip()) else None
    return value


def _from_plain_text(text: str) -> str:
    paragraphs = [p.strip() for p in re.split(r"\n\s*\n", text) if p.strip()]
    return "".join(f"<p>{html_lib.escape(p).replace(chr(10), '<br>')}</p>" for p in paragraphs)


def sanitise(raw: str) -> str:
    """The stored form of an article body: NFC, the allowed subset only."""
    text = nfc(raw or "").replace("\r\n", "\n")
    if not _MARKUP.search(text):
        text = _from_plain_text(text)
    cleaned = nh3.clean(
        text,
        tags=TAGS,
        clean_content_tags={"script", "style", "svg", "math", "iframe", "object", "template"},
        attributes=ATTRIBUTES,
        attribute_filter=_filter,
        url_schemes=URL_SCHEMES,
        link_rel="noopener noreferrer",
        strip_comments=True,
    )
    return _IMG_WITHOUT_SRC.sub("", cleaned).strip()


def plain_text(html: str) -> str:
    """The text of a sanitised body (for search, diffs and the feed)."""
    text = re.sub(r"<br\s*/?>", "\n", html)
    text = re.sub(r"</(p|h2|h3|li)>", "\n", text)
    text = re.sub(r"<[^>]+>", "", text)
    return html_lib.unescape(text).strip()
