"""Open rendered files for inspection."""

from __future__ import annotations

import io
from typing import Any

import docx
from docx.oxml.ns import qn

from phongdich.documents import render_docx
from phongdich.documents.nd30 import Document


def open_docx(document: Document) -> Any:
    return docx.Document(io.BytesIO(render_docx(document)))


def paragraph_texts(container: Any) -> list[str]:
    return [p.text for p in container.paragraphs]


def border_values(table: Any) -> dict[str, str]:
    borders = table._tbl.tblPr.find(qn("w:tblBorders"))
    if borders is None:
        return {}
    return {child.tag.split("}")[1]: child.get(qn("w:val")) for child in borders}


def fonts_of(run: Any) -> dict[str, str | None]:
    r_fonts = run._r.rPr.find(qn("w:rFonts"))
    return {slot: r_fonts.get(qn(f"w:{slot}")) for slot in ("ascii", "hAnsi", "eastAsia", "cs")}


def paragraph_with(doc: Any, text: str) -> Any:
    for paragraph in doc.paragraphs:
        if paragraph.text == text:
            return paragraph
    raise AssertionError(f"no paragraph {text!r} in {paragraph_texts(doc)}")
