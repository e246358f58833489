"""A published article for the Sở's web portal (a separate system): a standalone HTML
file and a plain .docx (headings, paragraphs, lists, bold and italic; images as a note
with their address)."""

from __future__ import annotations

import io
import re
from html.parser import HTMLParser
from typing import Any

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from docx import Document
from docx.shared import Pt

from phongdich.news.models import Article

DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _absolute(html: str) -> str:
    base = settings.PUBLIC_BASE_URL.rstrip("/")
    return re.sub(r'(<img[^>]*\ssrc=")(/)', rf"\g<1>{base}\g<2>", html)


def _byline(article: Article) -> str:
    moment = article.published_at or article.publish_at
    date = timezone.localtime(moment).strftime("%d/%m/%Y") if moment else ""
    return f"{article.unit.name} · {date}" if date else article.unit.name


def article_html(article: Article) -> bytes:
    html = render_to_string(
        "news/export.html",
        {
            "article": article,
            "byline": _byline(article),
            # The body was sanitised on save (news.richtext); only image addresses change.
            "body": mark_safe(_absolute(article.body)),  # noqa: S308
        },
    )
    return html.encode("utf-8")


class _DocxWriter(HTMLParser):
    def __init__(self, document: Any) -> None:
        super().__init__(convert_charrefs=True)
        self.document = document
        self.paragraph: Any = None
        self.bold = 0
        self.italic = 0
        self.href: str | None = None
        self.list_kind: list[str] = []

    def _para(self, style: str | None = None) -> Any:
        self.paragraph = self.document.add_paragraph(style=style)
        return self.paragraph

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "p":
            self._para()
        elif tag in {"h2", "h3"}:
            self.paragraph = self.document.add_heading(level=2 if tag == "h2" else 3)
        elif tag in {"ul", "ol"}:
            self.list_kind.append(tag)
        elif tag == "li":
            kind = self.list_kind[-1] if self.list_kind else "ul"
            self._para("List Number" if kind == "ol" else "List Bullet")
        elif tag in {"b", "strong"}:
            self.bold += 1
        elif tag in {"i", "em"}:
            self.italic += 1
        elif tag == "a":
            self.href = values.get("href")
        elif tag == "br" and self.paragraph is not None:
            self.paragraph.add_run().add_break()
        elif tag == "img":
            src = values.get("src") or ""
            base = settings.PUBLIC_BASE_URL.rstrip("/")
            note = _("[Ảnh: %(alt)s, %(src)s]") % {
                "alt": values.get("alt") or "",
                "src": base + src,
            }
            (self.paragraph or self._para()).add_run(note).italic = True

    def handle_endtag(self, tag: str) -> None:
        if tag in {"p", "h2", "h3", "li"}:
            self.paragraph = None
        elif tag in {"ul", "ol"} and self.list_kind:
            self.list_kind.pop()
        elif tag in {"b", "strong"}:
            self.bold = max(0, self.bold - 1)
        elif tag in {"i", "em"}:
            self.italic = max(0, self.italic - 1)
        elif tag == "a":
            if self.href and self.paragraph is not None:
                self.paragraph.add_run(f" ({self.href})")
            self.href = None

    def handle_data(self, data: str) -> None:
        if not data.strip() and self.paragraph is None:
            return
        run = (self.paragraph or self._para()).add_run(data)
        run.bold = bool(self.bold) or None
        run.italic = bool(self.italic) or None


def article_docx(article: Article) -> bytes:
    document = Document()
    style = document.styles["Normal"]
    style.font.name = "Times New Roman"
    style.font.size = Pt(13)
    document.add_heading(article.title, level=1)
    byline = document.add_paragraph(_byline(article))
    byline.runs[0].italic = True
    summary = document.add_paragraph(article.summary)
    summary.runs[0].bold = True
    writer = _DocxWriter(document)
    writer.feed(article.body)
    writer.close()
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()
