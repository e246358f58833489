"""The user guide (docs/huong-dan-su-dung.md) rendered to HTML, once per process.

The guide carries its own help map: an HTML comment under a heading names the pages
that heading explains, and another marks the sections a visitor without an account
may read::

    ## 6. Bàn bảo vệ
    <!-- help: checkin:guard_index checkin:guard_* -->
    <!-- public -->

``help:`` takes URL names (``request.resolver_match.view_name``); a name ending in
``*`` covers every URL name with that prefix, ``name@role`` the page as one role sees
it (the home page of each role); a role's name wins over the exact name, which wins
over the longest prefix. The "?" link of each page (``templatetags/guide.py``) points at the
anchor found here, so guide and map change together; ``tests/test_help_links.py``
walks every page of the access table and fails on a page whose anchor is missing.

Rendering: markdown-it-py (CommonMark and tables), anchors from the heading text
(``slug``), images ``img/<name>`` pointed at ``guide:image``, the result cleaned by
nh3 with an allow-list although the source is ours. The two variants (everyone
signed in; the public sections for visitors) are cached per process and rebuilt when
the file's modification time changes.
"""

from __future__ import annotations

import logging
import re
import threading
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import nh3
from django.conf import settings
from django.urls import reverse
from markdown_it import MarkdownIt
from markdown_it.token import Token

logger = logging.getLogger(__name__)

IMAGE_NAME = re.compile(r"^[a-z0-9][a-z0-9-]*\.(?:png|webp|jpg)$")
_HELP = re.compile(r"<!--\s*help:\s*(?P<names>[^>]*?)\s*-->")
_PUBLIC = re.compile(r"<!--\s*public\s*-->")
_NUMBER = re.compile(r"^\s*\d+(?:\.\d+)*\.?\s+")

_TAGS = {
    "h1", "h2", "h3", "h4", "p", "ul", "ol", "li", "strong", "em", "code", "pre",
    "blockquote", "hr", "br", "a", "img", "table", "thead", "tbody", "tr", "th", "td",
}  # fmt: skip
_ATTRIBUTES = {
    "h1": {"id"},
    "h2": {"id"},
    "h3": {"id"},
    "h4": {"id"},
    "a": {"href"},
    "img": {"src", "alt", "loading"},
    "th": {"style"},
    "td": {"style"},
}


def guide_path() -> Path:
    return Path(settings.BASE_DIR) / "docs" / "huong-dan-su-dung.md"


def image_dir() -> Path:
    return Path(settings.BASE_DIR) / "docs" / "img"


def slug(text: str) -> str:
    """``"6. Bàn bảo vệ"`` → ``"ban-bao-ve"``: the number dropped (a renumbered
    section keeps its anchor), đ as d, marks removed, anything else a hyphen."""
    text = _NUMBER.sub("", text).replace("đ", "d").replace("Đ", "D")
    text = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).lower()
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-") or "muc"


@dataclass(frozen=True)
class Section:
    level: int
    title: str
    anchor: str
    public: bool


@dataclass
class Guide:
    """One rendering of the guide: its HTML, table of contents, anchors and images."""

    html: str
    sections: list[Section]
    images: frozenset[str]

    @property
    def anchors(self) -> frozenset[str]:
        return frozenset(section.anchor for section in self.sections)


@dataclass
class Book:
    """Both renderings and the help map, from one reading of the file."""

    full: Guide
    public: Guide
    exact: dict[str, str] = field(default_factory=dict)
    prefixes: list[tuple[str, str]] = field(default_factory=list)  # longest first

    def anchor_for(self, view_name: str | None, roles: Iterable[str] = ()) -> str | None:
        """The anchor of a page: ``name@role`` for one of the roles (in the order
        given), else the exact name, else the longest matching ``prefix*``."""
        if not view_name:
            return None
        for role in roles:
            if f"{view_name}@{role}" in self.exact:
                return self.exact[f"{view_name}@{role}"]
        if view_name in self.exact:
            return self.exact[view_name]
        for prefix, anchor in self.prefixes:
            if view_name.startswith(prefix):
                return anchor
        return None

    def guide_for(self, *, signed_in: bool) -> Guide:
        return self.full if signed_in else self.public


def _markdown() -> MarkdownIt:
    return MarkdownIt("commonmark", {"html": True}).enable("table")


@dataclass
class _Heading:
    index: int  # token index of heading_open
    level: int
    title: str
    anchor: str
    start: int  # source line
    end: int = -1  # source line where the section ends (exclusive)
    public: bool = False
    helps: list[str] = field(default_factory=list)


def _headings(tokens: list[Token], line_count: int) -> list[_Heading]:
    headings: list[_Heading] = []
    seen: set[str] = set()
    for i, token in enumerate(tokens):
        if token.type == "heading_open":
            title = tokens[i + 1].content
            anchor = base = slug(title)
            n = 2
            while anchor in seen:
                anchor, n = f"{base}-{n}", n + 1
            seen.add(anchor)
            line = token.map[0] if token.map else 0
            headings.append(_Heading(i, int(token.tag[1]), title, anchor, line))
        elif token.type == "html_block" and headings:
            for match in _HELP.finditer(token.content):
                headings[-1].helps.extend(match["names"].split())
            if _PUBLIC.search(token.content):
                headings[-1].public = True
    for n, heading in enumerate(headings):
        heading.end = next(
            (later.start for later in headings[n + 1 :] if later.level <= heading.level),
            line_count,
        )
    return headings


def _render(md: MarkdownIt, tokens: list[Token], headings: list[_Heading]) -> tuple[str, set[str]]:
    images: set[str] = set()
    by_index = {heading.index: heading for heading in headings}
    for i, token in enumerate(tokens):
        if i in by_index:
            token.attrSet("id", by_index[i].anchor)
        if not token.children:
            continue
        children: list[Token] = []
        for child in token.children:
            src = str(child.attrGet("src") or "") if child.type == "image" else ""
            name = src.removeprefix("img/")
            if src.startswith("img/") and IMAGE_NAME.match(name):
                # The guide's own screenshot, shown small and linked to its full size.
                images.add(name)
                url = reverse("guide:image", kwargs={"name": name})
                child.attrSet("src", url)
                child.attrSet("loading", "lazy")
                link = Token("link_open", "a", 1, attrs={"href": url})
                children += [link, child, Token("link_close", "a", -1)]
            else:
                children.append(child)
        token.children = children
    html = md.renderer.render(tokens, md.options, {})
    return html, images


def _clean(html: str) -> str:
    return nh3.clean(
        html,
        tags=_TAGS,
        attributes=_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        attribute_filter=_keep_attribute,
        filter_style_properties={"text-align"},
    )


def _keep_attribute(tag: str, attribute: str, value: str) -> str | None:
    """Images only from the guide's own folder (``guide:image``)."""
    if tag == "img" and attribute == "src":
        prefix = reverse("guide:image", kwargs={"name": "x.png"}).removesuffix("x.png")
        return value if value.startswith(prefix) else None
    return value


def build(text: str) -> Book:
    md = _markdown()
    lines = text.splitlines(keepends=True)
    tokens = md.parse(text)
    headings = _headings(tokens, len(lines))
    html, images = _render(md, tokens, headings)
    full = Guide(
        _clean(html),
        [Section(h.level, h.title, h.anchor, h.public) for h in headings],
        frozenset(images),
    )

    # The visitors' guide: the text before the first section and each public section.
    first = headings[0].start if headings else len(lines)
    if headings and headings[0].level == 1:  # the title and its introduction
        first = next((h.start for h in headings[1:]), len(lines))
    keep = [(0, first)] + [(h.start, h.end) for h in headings if h.public]
    for n, heading in enumerate(headings):  # a public subsection keeps its parents' titles
        level = heading.level
        for parent in reversed(headings[:n] if heading.public else []):
            if parent.level < level:
                keep.append((parent.start, parent.start + 1))
                level = parent.level
    public_text = "".join(line for n, line in enumerate(lines) if any(a <= n < b for a, b in keep))
    public_tokens = md.parse(public_text)
    public_headings = _headings(public_tokens, public_text.count("\n") + 1)
    public_html, public_images = _render(md, public_tokens, public_headings)
    public = Guide(
        _clean(public_html),
        [Section(h.level, h.title, h.anchor, True) for h in public_headings],
        frozenset(public_images),
    )

    exact: dict[str, str] = {}
    prefixes: dict[str, str] = {}
    for heading in headings:
        for name in heading.helps:
            if name.endswith("*"):
                prefixes.setdefault(name[:-1], heading.anchor)
            else:
                exact.setdefault(name, heading.anchor)
    ordered = sorted(prefixes.items(), key=lambda item: -len(item[0]))
    return Book(full, public, exact, ordered)


_lock = threading.Lock()
_cache: dict[str, Any] = {}


def book() -> Book:
    """The guide, rebuilt when the file changes (keyed by path and mtime). A server
    installed without docs/ still serves every page: an empty guide, logged once."""
    path = guide_path()
    try:
        key: tuple[str, int] | None = (str(path), path.stat().st_mtime_ns)
    except OSError:
        key = None
    with _lock:
        if key is None or _cache.get("key") != key:
            if key is None:
                if _cache.get("key") != "missing":
                    logger.warning("The user guide %s is missing: the help is empty", path)
                _cache["book"] = build("")
                _cache["key"] = "missing"
            else:
                _cache["book"] = build(path.read_text(encoding="utf-8"))
                _cache["key"] = key
        return _cache["book"]  # type: ignore[no-any-return]
