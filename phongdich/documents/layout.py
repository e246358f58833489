"""Page geometry, type sizes and text measurement shared by the .docx and .pdf renderers.

Both renderers place the header's lines where this module says, so the two files break
the issuing body's name at the same word and draw the short lines at the same length.
Widths are measured with Liberation Serif, which has the advance widths of Times New
Roman; without the font files a rough estimate is used (and Word's own wrapping wins).
"""

from __future__ import annotations

import functools
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from fontTools.ttLib import TTFont

from phongdich.documents.nd30 import Annex, Document, Header, Table

# --- geometry (millimetres) ----------------------------------------------------------------

PAGE_WIDTH = 210.0
PAGE_HEIGHT = 297.0
MARGIN_TOP = 20.0
MARGIN_BOTTOM = 20.0
MARGIN_LEFT = 30.0
MARGIN_RIGHT = 15.0
HEADER_DISTANCE = 10.0  # page number, centred in the top margin
TEXT_WIDTH = PAGE_WIDTH - MARGIN_LEFT - MARGIN_RIGHT  # 165
LANDSCAPE_TEXT_WIDTH = PAGE_HEIGHT - MARGIN_LEFT - MARGIN_RIGHT  # 252

# The header table reaches 2.5 mm into each margin: the bold 13 pt issuing body line
# "SỞ LAO ĐỘNG - THƯƠNG BINH" (69.5 mm) and the 12 pt national name (88.3 mm) both fit.
HEADER_OUTDENT = 2.5
HEADER_LEFT = 76.0
HEADER_RIGHT = TEXT_WIDTH + 2 * HEADER_OUTDENT - HEADER_LEFT  # 94
HEADER_CELL_PAD = 1.0  # left and right padding inside a header cell
SIGN_LEFT = 80.0  # "Nơi nhận" column
SIGN_RIGHT = TEXT_WIDTH - SIGN_LEFT

SHORT_RULE = 0.4  # short lines: 1/3 to 1/2 of the text above them
RULE_PT = 0.75  # thickness of the drawn lines

# --- type sizes (points) -------------------------------------------------------------------

SIZE_PARENT = 13
SIZE_ISSUER = 13
SIZE_NUMBER = 13
SIZE_VV = 12
SIZE_NATION = 12
SIZE_MOTTO = 13
SIZE_DATE = 14
SIZE_TYPE = 14
SIZE_SUBJECT = 14
SIZE_BODY = 14
SIZE_TABLE = 12
SIZE_NOI_NHAN = 12
SIZE_RECIPIENT = 11
SIZE_SIGN = 14
SIZE_PAGE_NUMBER = 14

BODY_INDENT_CM = 1.27
BODY_SPACING_PT = 6
BODY_LINE_SPACING = 1.15
SIGN_SPACE_PT = 80  # room for the signature and seal (about 28 mm)

NATION = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
MOTTO = "Độc lập - Tự do - Hạnh phúc"
FONT_NAME = "Times New Roman"
FALLBACK_FONTS = ('"Times New Roman"', '"Liberation Serif"', "serif")

# column widths of the results table in mm on a portrait page (they add up to TEXT_WIDTH);
# scaled up on a landscape page. "30/10/2021" at 12 pt needs 19.3 mm plus padding.
RESULT_WIDTHS = (11, 28, 19, 19, 22, 26, 18, 22)
RESULT_CELL_PAD = 1.0

_FONT_DIRS = (
    Path("/usr/share/fonts/truetype/liberation2"),
    Path("/usr/share/fonts/truetype/liberation"),
    Path("/usr/share/fonts/liberation"),
    Path("/usr/local/share/fonts"),
)
_FONT_FILES = {
    (False, False): "LiberationSerif-Regular.ttf",
    (True, False): "LiberationSerif-Bold.ttf",
    (False, True): "LiberationSerif-Italic.ttf",
    (True, True): "LiberationSerif-BoldItalic.ttf",
}
_MM_PER_PT = 25.4 / 72


@functools.cache
def _advances(bold: bool, italic: bool) -> tuple[dict[int, int], int] | None:
    name = _FONT_FILES[(bold, italic)]
    for folder in _FONT_DIRS:
        path = folder / name
        if path.is_file():
            font = TTFont(str(path), lazy=True)
            cmap = font.getBestCmap()
            hmtx = font["hmtx"]
            widths = {code: hmtx[glyph][0] for code, glyph in cmap.items()}
            return widths, int(font["head"].unitsPerEm)
    return None


def text_width(text: str, size: float, *, bold: bool = False, italic: bool = False) -> float:
    """Width of ``text`` set in Times New Roman at ``size`` points, in millimetres."""
    text = unicodedata.normalize("NFC", text)
    metrics = _advances(bold, italic)
    if metrics is None:
        em = sum(0.68 if c.isupper() else 0.28 if c == " " else 0.5 for c in text)
        return em * (1.05 if bold else 1.0) * size * _MM_PER_PT
    widths, units = metrics
    fallback = widths.get(ord("n"), units // 2)
    total = sum(0 if unicodedata.combining(c) else widths.get(ord(c), fallback) for c in text)
    return total / units * size * _MM_PER_PT


def wrap(text: str, width: float, size: float, *, bold: bool = False) -> list[str]:
    """Lines of ``text`` no wider than ``width`` mm; an explicit ``\\n`` always breaks."""
    lines: list[str] = []
    for chunk in text.split("\n"):
        line = ""
        for word in chunk.split():
            candidate = f"{line} {word}" if line else word
            if line and text_width(candidate, size, bold=bold) > width:
                lines.append(line)
                line = word
            else:
                line = candidate
        if line:
            lines.append(line)
    return lines


@dataclass(frozen=True)
class HeaderLayout:
    parent_lines: list[str]
    issuer_lines: list[str]
    issuer_rule: float  # mm
    vv_lines: list[str]
    motto_rule: float  # mm


def header_layout(header: Header) -> HeaderLayout:
    left = HEADER_LEFT - 2 * HEADER_CELL_PAD - 1.0  # 1 mm of slack for rounding in Word
    parent = wrap(header.parent_body.upper(), left, SIZE_PARENT) if header.parent_body else []
    issuer = wrap(header.issuing_body.upper(), left, SIZE_ISSUER, bold=True)
    widest = max(text_width(line, SIZE_ISSUER, bold=True) for line in issuer)
    vv = wrap(header.subject_line, left, SIZE_VV) if header.subject_line else []
    return HeaderLayout(
        parent_lines=parent,
        issuer_lines=issuer,
        issuer_rule=round(widest * SHORT_RULE, 1),
        vv_lines=vv,
        motto_rule=round(text_width(MOTTO, SIZE_MOTTO, bold=True), 1),
    )


def subject_rule(document: Document) -> float:
    """Length of the short line under a title subject: 40 % of its widest line."""
    if not document.subject:
        return 0.0
    lines = wrap(document.subject, TEXT_WIDTH - 1.0, SIZE_SUBJECT, bold=True)
    return round(max(text_width(line, SIZE_SUBJECT, bold=True) for line in lines) * SHORT_RULE, 1)


def result_widths(landscape: bool) -> list[float]:
    total = LANDSCAPE_TEXT_WIDTH if landscape else TEXT_WIDTH
    scale = total / sum(RESULT_WIDTHS)
    return [round(w * scale, 1) for w in RESULT_WIDTHS]


def table_landscape(table: Table) -> bool:
    """A table whose columns do not fit the portrait text width goes on landscape pages."""
    return table.width > TEXT_WIDTH + 0.05


def table_widths(table: Table) -> list[float]:
    """The column widths (mm) scaled to fill the text width of the table's page."""
    total = LANDSCAPE_TEXT_WIDTH if table_landscape(table) else TEXT_WIDTH
    scale = total / table.width
    widths = [round(c.width * scale, 1) for c in table.columns]
    widths[-1] = round(total - sum(widths[:-1]), 1)  # rounding never widens the table
    return widths


def annex_landscape(annex: Annex) -> bool:
    return any(table_landscape(t) for t in annex.tables())
