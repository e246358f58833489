"""Render a :class:`~phongdich.documents.nd30.Document` to .docx with python-docx.

A4 portrait, Times New Roman named for every script (``w:rFonts`` ascii, hAnsi,
eastAsia, cs), the header as a borderless two-column table, page numbers from page 2
in the top margin (a different first-page header, a PAGE field in the default one),
the signature beside "Nơi nhận" in a borderless table. The short lines under the
issuing body, the motto and the title are bottom borders of narrow, centred, empty
paragraphs: Word and LibreOffice both draw them where they belong, and they move with
the text.
"""

from __future__ import annotations

import datetime as dt
import io
import math
from collections.abc import Sequence

import docx
from docx.document import Document as DocxDocument
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.section import Section
from docx.shared import Cm, Length, Mm, Pt, Twips
from docx.table import Table, _Cell
from docx.text.paragraph import Paragraph as DocxParagraph
from docx.text.run import Run as DocxRun

from phongdich.documents import layout as L
from phongdich.documents.nd30 import (
    RESULT_COLUMNS,
    Align,
    Annex,
    Document,
    Paragraph,
    ParagraphKind,
    ResultsTable,
    RowKind,
)
from phongdich.documents.nd30 import Table as TableBlock

_FONT_SLOTS = ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs")
_THEME_SLOTS = ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme")


def render_docx(document: Document) -> bytes:
    """The document as the bytes of a .docx file."""
    out = docx.Document()
    _setup_styles(out)
    section = out.sections[0]
    _setup_page(section, landscape=False)
    _setup_page_numbers(section)
    body = _Body(out)
    body.header(document)
    body.title(document)
    body.kinh_gui(document)
    body.content(document)
    body.signature(document)
    for annex in document.annexes:
        body.annex(annex)
    _drop_leading_empty_paragraph(out)
    _set_properties(out, document)
    buffer = io.BytesIO()
    out.save(buffer)
    return buffer.getvalue()


# --- low-level helpers -------------------------------------------------------------------


def _set_properties(out: DocxDocument, document: Document) -> None:
    """File properties name the issuing body, not the library (the template's defaults)."""
    props = out.core_properties
    head = document.header
    props.author = head.issuing_body.replace("\n", " ")
    props.last_modified_by = props.author
    props.title = f"{head.number_line} - {document.subject or head.subject_line or ''}".strip()
    props.subject = document.subject or head.subject_line or ""
    props.comments = ""
    props.keywords = ""
    props.language = "vi-VN"
    props.revision = 1
    moment = dt.datetime(head.date.year, head.date.month, head.date.day, tzinfo=dt.UTC)
    props.created = props.modified = moment


def _set_fonts(rpr: object) -> None:
    """Times New Roman for all four font slots; theme fonts removed (they would win)."""
    r_fonts = rpr.find(qn("w:rFonts"))  # type: ignore[attr-defined]
    if r_fonts is None:
        r_fonts = OxmlElement("w:rFonts")
        rpr.insert(0, r_fonts)  # type: ignore[attr-defined]
    for slot in _THEME_SLOTS:
        r_fonts.attrib.pop(qn(slot), None)
    for slot in _FONT_SLOTS:
        r_fonts.set(qn(slot), L.FONT_NAME)


def _set_lang(rpr: object) -> None:
    lang = rpr.find(qn("w:lang"))  # type: ignore[attr-defined]
    if lang is None:
        lang = OxmlElement("w:lang")
        rpr.append(lang)  # type: ignore[attr-defined]
    lang.set(qn("w:val"), "vi-VN")
    lang.set(qn("w:eastAsia"), "vi-VN")


def _setup_styles(out: DocxDocument) -> None:
    styles_el = out.styles.element
    rpr_default = styles_el.find(f"{qn('w:docDefaults')}/{qn('w:rPrDefault')}/{qn('w:rPr')}")
    if rpr_default is not None:
        _set_fonts(rpr_default)
        _set_lang(rpr_default)
    normal = out.styles["Normal"]
    normal.font.name = L.FONT_NAME
    normal.font.size = Pt(L.SIZE_BODY)
    rpr = normal.element.get_or_add_rPr()
    _set_fonts(rpr)
    _set_lang(rpr)
    fmt = normal.paragraph_format
    fmt.space_before = Pt(0)
    fmt.space_after = Pt(0)
    fmt.line_spacing = 1.0


def _twips_up(mm: float) -> Twips:
    return Twips(math.ceil(mm / 25.4 * 1440))


def _setup_page(section: Section, *, landscape: bool) -> None:
    if landscape:
        section.orientation = WD_ORIENT.LANDSCAPE
        section.page_width, section.page_height = Mm(L.PAGE_HEIGHT), Mm(L.PAGE_WIDTH)
    else:
        section.orientation = WD_ORIENT.PORTRAIT
        section.page_width, section.page_height = Mm(L.PAGE_WIDTH), Mm(L.PAGE_HEIGHT)
    # Word stores twips; round up so that 15 mm does not become 14.99 mm (out of range)
    section.top_margin = _twips_up(L.MARGIN_TOP)
    section.bottom_margin = _twips_up(L.MARGIN_BOTTOM)
    section.left_margin = _twips_up(L.MARGIN_LEFT)
    section.right_margin = _twips_up(L.MARGIN_RIGHT)
    section.header_distance = Mm(L.HEADER_DISTANCE)
    section.footer_distance = Mm(L.HEADER_DISTANCE)
    section.gutter = Mm(0)


def _add_field(paragraph: DocxParagraph, instruction: str, placeholder: str, size: float) -> None:
    def fld_char(kind: str) -> DocxRun:
        run = _run(paragraph, "", size)
        element = OxmlElement("w:fldChar")
        element.set(qn("w:fldCharType"), kind)
        run._r.append(element)
        return run

    fld_char("begin")
    instr_run = _run(paragraph, "", size)
    instr = OxmlElement("w:instrText")
    instr.set(qn("xml:space"), "preserve")
    instr.text = f" {instruction} "
    instr_run._r.append(instr)
    fld_char("separate")
    _run(paragraph, placeholder, size)
    fld_char("end")


def _setup_page_numbers(section: Section) -> None:
    """No number on page 1; from page 2 the page number, Arabic, centred in the top margin."""
    section.different_first_page_header_footer = True
    first = section.first_page_header
    first.is_linked_to_previous = False
    _format(first.paragraphs[0], align=WD_ALIGN_PARAGRAPH.CENTER)
    default = section.header
    default.is_linked_to_previous = False
    paragraph = default.paragraphs[0]
    _format(paragraph, align=WD_ALIGN_PARAGRAPH.CENTER)
    _add_field(paragraph, "PAGE", "2", L.SIZE_PAGE_NUMBER)


def _run(
    paragraph: DocxParagraph,
    text: str,
    size: float,
    *,
    bold: bool = False,
    italic: bool = False,
) -> DocxRun:
    run = paragraph.add_run(text)
    run.font.name = L.FONT_NAME
    run.font.size = Pt(size)
    run.font.bold = bold
    run.font.italic = italic
    _set_fonts(run._r.get_or_add_rPr())
    return run


def _format(
    paragraph: DocxParagraph,
    *,
    align: int | None = None,
    before: float = 0,
    after: float = 0,
    line: float = 1.0,
    first_line: Length | None = None,
    left: Length | None = None,
    right: Length | None = None,
    keep_with_next: bool = False,
) -> DocxParagraph:
    fmt = paragraph.paragraph_format
    if align is not None:
        fmt.alignment = align  # type: ignore[assignment]
    fmt.space_before = Pt(before)
    fmt.space_after = Pt(after)
    fmt.line_spacing = line
    if first_line is not None:
        fmt.first_line_indent = first_line
    if left is not None:
        fmt.left_indent = left
    if right is not None:
        fmt.right_indent = right
    if keep_with_next:
        fmt.keep_with_next = True
    return paragraph


def _lines(
    paragraph: DocxParagraph, lines: Sequence[str], size: float, **style: bool
) -> DocxParagraph:
    """Lines joined by manual line breaks inside one paragraph."""
    for i, line in enumerate(lines):
        run = _run(paragraph, line, size, **style)
        if i < len(lines) - 1:
            run.add_break(WD_BREAK.LINE)
    return paragraph


def _rule(paragraph: DocxParagraph, width_mm: float, box_mm: float) -> None:
    """Turn an empty paragraph into a centred solid line ``width_mm`` long in a box."""
    side = max((box_mm - width_mm) / 2, 0)
    _format(paragraph, left=Mm(side), right=Mm(side), keep_with_next=True)
    fmt = paragraph.paragraph_format
    fmt.line_spacing = Pt(3)
    fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    _run(paragraph, "", 2)
    ppr = paragraph._p.get_or_add_pPr()
    borders = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    bottom.set(qn("w:val"), "single")
    bottom.set(qn("w:sz"), str(round(L.RULE_PT * 8)))  # eighths of a point
    bottom.set(qn("w:space"), "0")
    bottom.set(qn("w:color"), "000000")
    borders.append(bottom)
    # pBdr must come before spacing/ind/jc in CT_PPr's sequence
    anchor = ppr.find(qn("w:spacing"))
    if anchor is None:
        anchor = ppr.find(qn("w:ind"))
    if anchor is not None:
        anchor.addprevious(borders)
    else:
        ppr.append(borders)


def _table_borders(table: Table, value: str) -> None:
    """``value`` "nil" for a borderless table, "single" for a ruled one."""
    tbl_pr = table._tbl.tblPr
    for old in tbl_pr.findall(qn("w:tblBorders")):
        tbl_pr.remove(old)
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        element = OxmlElement(f"w:{edge}")
        element.set(qn("w:val"), value)
        if value != "nil":
            element.set(qn("w:sz"), "4")
            element.set(qn("w:space"), "0")
            element.set(qn("w:color"), "000000")
        borders.append(element)
    # keep CT_TblPr's order: tblBorders goes after tblW/jc/tblInd, before tblLayout/tblCellMar
    successor = next(
        (
            tbl_pr.find(qn(t))
            for t in ("w:shd", "w:tblLayout", "w:tblCellMar", "w:tblLook")
            if tbl_pr.find(qn(t)) is not None
        ),
        None,
    )
    if successor is not None:
        successor.addprevious(borders)
    else:
        tbl_pr.append(borders)


def _fixed_table(
    out: DocxDocument, rows: int, widths_mm: Sequence[float], *, indent_mm: float = 0
) -> Table:
    table = out.add_table(rows=rows, cols=len(widths_mm))
    table.autofit = False
    table.alignment = WD_TABLE_ALIGNMENT.LEFT
    tbl_pr = table._tbl.tblPr
    tbl_w = tbl_pr.find(qn("w:tblW"))
    if tbl_w is None:
        tbl_w = OxmlElement("w:tblW")
        tbl_pr.append(tbl_w)
    tbl_w.set(qn("w:type"), "dxa")
    tbl_w.set(qn("w:w"), str(round(sum(widths_mm) / 25.4 * 1440)))
    if indent_mm:
        ind = OxmlElement("w:tblInd")
        ind.set(qn("w:w"), str(round(indent_mm / 25.4 * 1440)))
        ind.set(qn("w:type"), "dxa")
        jc = tbl_pr.find(qn("w:jc"))
        (jc if jc is not None else tbl_w).addnext(ind)
    for col, width in zip(table.columns, widths_mm, strict=True):
        col.width = Mm(width)
        for cell in col.cells:
            cell.width = Mm(width)
    return table


def _cell_padding(table: Table, side_mm: float) -> None:
    tbl_pr = table._tbl.tblPr
    margins = OxmlElement("w:tblCellMar")
    for edge in ("top", "left", "bottom", "right"):
        element = OxmlElement(f"w:{edge}")
        value = side_mm if edge in ("left", "right") else 0
        element.set(qn("w:w"), str(round(value / 25.4 * 1440)))
        element.set(qn("w:type"), "dxa")
        margins.append(element)
    look = tbl_pr.find(qn("w:tblLook"))
    if look is not None:
        look.addprevious(margins)
    else:
        tbl_pr.append(margins)


def _first(cell: _Cell) -> DocxParagraph:
    """The cell's first paragraph (every new cell has one, empty)."""
    return cell.paragraphs[0]


def _repeat_header(row_index: int, table: Table) -> None:
    tr_pr = table.rows[row_index]._tr.get_or_add_trPr()
    element = OxmlElement("w:tblHeader")
    tr_pr.append(element)


def _cant_split(row_index: int, table: Table) -> None:
    tr_pr = table.rows[row_index]._tr.get_or_add_trPr()
    tr_pr.append(OxmlElement("w:cantSplit"))


def _v_merge(cell: _Cell, value: str) -> None:
    """Mark a cell as the start ("restart") or a continuation ("continue") of a vertical merge."""
    tc_pr = cell._tc.get_or_add_tcPr()
    element = OxmlElement("w:vMerge")
    if value == "restart":
        element.set(qn("w:val"), "restart")
    # CT_TcPr order: tcW, gridSpan, hMerge, vMerge, tcBorders, shd, …, vAlign
    anchor = next(
        (
            tc_pr.find(qn(t))
            for t in ("w:tcBorders", "w:shd", "w:noWrap", "w:tcMar", "w:vAlign")
            if tc_pr.find(qn(t)) is not None
        ),
        None,
    )
    if anchor is not None:
        anchor.addprevious(element)
    else:
        tc_pr.append(element)


def _keep_row_with_next(row_index: int, table: Table) -> None:
    for cell in table.rows[row_index].cells:
        for paragraph in cell.paragraphs:
            paragraph.paragraph_format.keep_with_next = True


_ALIGN = {
    Align.LEFT: WD_ALIGN_PARAGRAPH.LEFT,
    Align.CENTER: WD_ALIGN_PARAGRAPH.CENTER,
    Align.RIGHT: WD_ALIGN_PARAGRAPH.RIGHT,
}


def _drop_leading_empty_paragraph(out: DocxDocument) -> None:
    body = out.element.body
    first = body[0] if len(body) else None
    if first is not None and first.tag == qn("w:p") and not "".join(first.itertext()).strip():
        if first.find(f"{qn('w:pPr')}/{qn('w:sectPr')}") is None:
            body.remove(first)


CENTER = WD_ALIGN_PARAGRAPH.CENTER
JUSTIFY = WD_ALIGN_PARAGRAPH.JUSTIFY
LEFT = WD_ALIGN_PARAGRAPH.LEFT


class _Body:
    def __init__(self, out: DocxDocument) -> None:
        self.out = out

    def paragraph(self, **fmt: object) -> DocxParagraph:
        return _format(self.out.add_paragraph(), **fmt)  # type: ignore[arg-type]

    # header ----------------------------------------------------------------------------
    def header(self, document: Document) -> None:
        head = document.header
        geometry = L.header_layout(head)
        table = _fixed_table(
            self.out, 2, (L.HEADER_LEFT, L.HEADER_RIGHT), indent_mm=-L.HEADER_OUTDENT
        )
        _table_borders(table, "nil")
        _cell_padding(table, L.HEADER_CELL_PAD)
        box_left = L.HEADER_LEFT - 2 * L.HEADER_CELL_PAD
        box_right = L.HEADER_RIGHT - 2 * L.HEADER_CELL_PAD

        left = table.cell(0, 0)
        first = _first(left)
        if geometry.parent_lines:
            _lines(_format(first, align=CENTER), geometry.parent_lines, L.SIZE_PARENT)
            issuer = _format(left.add_paragraph(), align=CENTER)
        else:
            issuer = _format(first, align=CENTER)
        _lines(issuer, geometry.issuer_lines, L.SIZE_ISSUER, bold=True)
        _rule(left.add_paragraph(), geometry.issuer_rule, box_left)

        right = table.cell(0, 1)
        _run(_format(_first(right), align=CENTER), L.NATION, L.SIZE_NATION, bold=True)
        _run(_format(right.add_paragraph(), align=CENTER), L.MOTTO, L.SIZE_MOTTO, bold=True)
        _rule(right.add_paragraph(), geometry.motto_rule, box_right)

        number_cell = table.cell(1, 0)
        _run(_format(_first(number_cell), align=CENTER, before=6), head.number_line, L.SIZE_NUMBER)
        if geometry.vv_lines:
            _lines(
                _format(number_cell.add_paragraph(), align=CENTER, before=2),
                geometry.vv_lines,
                L.SIZE_VV,
            )
        date_cell = table.cell(1, 1)
        _run(
            _format(_first(date_cell), align=CENTER, before=6),
            head.date_line,
            L.SIZE_DATE,
            italic=True,
        )
        for cell in table.rows[0].cells:
            cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.TOP

    # title -----------------------------------------------------------------------------
    def title(self, document: Document) -> None:
        if document.kind.is_cong_van or not document.title or not document.subject:
            return
        _run(
            self.paragraph(align=CENTER, before=24, keep_with_next=True),
            document.title,
            L.SIZE_TYPE,
            bold=True,
        )
        _run(
            self.paragraph(align=CENTER, keep_with_next=True),
            document.subject,
            L.SIZE_SUBJECT,
            bold=True,
        )
        _rule(self.out.add_paragraph(), L.subject_rule(document), L.TEXT_WIDTH)

    # Kính gửi --------------------------------------------------------------------------
    def kinh_gui(self, document: Document) -> None:
        items = document.kinh_gui
        if not items:
            return
        label = "Kính gửi:"
        if len(items) == 1:
            _run(self.paragraph(align=CENTER, before=12, after=6), f"{label} {items[0]}.", 14)
            return
        label_w = L.text_width("Kính gửi", L.SIZE_BODY)
        dash_w = L.text_width("- ", L.SIZE_BODY)
        widest = max(L.text_width(f"- {item};", L.SIZE_BODY) for item in items)
        start = (L.TEXT_WIDTH - label_w - widest) / 2
        start = min(max(start, 10.0), 60.0)
        _run(self.paragraph(left=Mm(start), before=12, keep_with_next=True), label, 14)
        for i, item in enumerate(items):
            last = i == len(items) - 1
            p = self.paragraph(
                left=Mm(start + label_w + dash_w),
                first_line=Mm(-dash_w),
                after=6 if last else 0,
                keep_with_next=not last,
            )
            _run(p, f"- {item}{'.' if last else ';'}", L.SIZE_BODY)

    # body ------------------------------------------------------------------------------
    def content(self, document: Document) -> None:
        last = len(document.body) - 1
        for i, block in enumerate(document.body):
            if isinstance(block, Paragraph):
                # the closing paragraph stays on the page of the signature
                self.body_paragraph(block, keep_with_next=i == last)
            elif isinstance(block, TableBlock):
                self.table(block, own_pages=True)
            else:
                self.results_table(block)

    def body_paragraph(self, block: Paragraph, *, keep_with_next: bool = False) -> None:
        is_heading = block.kind is ParagraphKind.HEADING
        p = self.paragraph(
            align=JUSTIFY,
            before=L.BODY_SPACING_PT,
            line=L.BODY_LINE_SPACING,
            first_line=Cm(L.BODY_INDENT_CM),
            keep_with_next=is_heading or keep_with_next,
        )
        for run in block.runs:
            _run(p, run.text, L.SIZE_BODY, bold=run.bold or is_heading, italic=run.italic)

    def results_table(self, block: ResultsTable) -> None:
        if block.landscape:
            section = self.out.add_section(WD_SECTION.NEW_PAGE)
            _setup_page(section, landscape=True)
            section.different_first_page_header_footer = False
        if block.caption:
            p = self.paragraph(align=CENTER, before=6, after=6, keep_with_next=True)
            _run(p, block.caption, L.SIZE_BODY, bold=True)
        widths = L.result_widths(block.landscape)
        table = _fixed_table(self.out, len(block.rows) + 2, widths)
        _table_borders(table, "single")
        _cell_padding(table, L.RESULT_CELL_PAD)
        for col, name in enumerate(RESULT_COLUMNS):
            cell = table.cell(0, col)
            cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
            _run(_format(_first(cell), align=CENTER), name, L.SIZE_TABLE, bold=True)
        for col, number in enumerate(block.column_numbers):
            cell = table.cell(1, col)
            _run(_format(_first(cell), align=CENTER), number, L.SIZE_TABLE, italic=True)
        _repeat_header(0, table)
        _repeat_header(1, table)
        centred = {0, 4, 6}
        for i, row in enumerate(block.rows, start=1):
            for col, text in enumerate(row.cells(i)):
                cell = table.cell(i + 1, col)
                align = CENTER if col in centred else LEFT
                _run(_format(_first(cell), align=align, before=2, after=2), text, L.SIZE_TABLE)
        if block.landscape:
            section = self.out.add_section(WD_SECTION.NEW_PAGE)
            _setup_page(section, landscape=False)
            section.different_first_page_header_footer = False

    def _section(self, *, landscape: bool) -> None:
        section = self.out.add_section(WD_SECTION.NEW_PAGE)
        _setup_page(section, landscape=landscape)
        section.different_first_page_header_footer = False

    def table(self, block: TableBlock, *, own_pages: bool = False) -> None:
        """A ruled table; rows may split across pages, the header rows repeat. In the body
        a landscape table gets landscape pages of its own (``own_pages``)."""
        landscape = L.table_landscape(block)
        if landscape and own_pages:
            self._section(landscape=True)
        if block.caption:
            p = self.paragraph(align=CENTER, before=6, after=6, keep_with_next=True)
            _run(p, block.caption, L.SIZE_BODY, bold=True)
        widths = L.table_widths(block)
        heads = 2 if block.column_numbers else 1
        ncols = len(block.columns)
        table = _fixed_table(self.out, len(block.rows) + heads, widths)
        _table_borders(table, "single")
        _cell_padding(table, L.RESULT_CELL_PAD)
        size = block.size
        for col, column in enumerate(block.columns):
            cell = table.cell(0, col)
            cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
            _run(
                _format(_first(cell), align=CENTER, before=1, after=1),
                column.header,
                size,
                bold=True,
            )
            if block.column_numbers:
                cell = table.cell(1, col)
                _run(_format(_first(cell), align=CENTER), block.numbers[col], size, italic=True)
        for index in range(heads):
            _repeat_header(index, table)
        above: dict[int, str | None] = {}
        for i, row in enumerate(block.rows):
            r = i + heads
            if row.kind is RowKind.GROUP:
                merged = table.cell(r, 0).merge(table.cell(r, ncols - 1))
                p = _format(_first(merged), align=LEFT, before=2, after=2, keep_with_next=True)
                _run(p, row.cells[0], size, bold=True)
                _keep_row_with_next(r, table)
                above.clear()
                continue
            bold = row.kind is RowKind.TOTAL
            for col, (column, text) in enumerate(zip(block.columns, row.cells, strict=True)):
                cell = table.cell(r, col)
                if column.merge_repeats and row.kind is RowKind.DATA:
                    if text and above.get(col) == text:
                        _v_merge(cell, "continue")
                        continue
                    above[col] = text
                    _v_merge(cell, "restart")
                lines = text.split("\n") if text else [""]
                for n, line in enumerate(lines):
                    p = _first(cell) if n == 0 else cell.add_paragraph()
                    last = n == len(lines) - 1
                    _format(
                        p,
                        align=_ALIGN[column.align],
                        before=2 if n == 0 else 0,
                        after=2 if last else 0,
                    )
                    _run(p, line, size, bold=bold)
        if landscape and own_pages:
            self._section(landscape=False)

    # annexes ---------------------------------------------------------------------------
    def annex(self, annex: Annex) -> None:
        """A new page (landscape when its table needs it): the title, the subtitle, the
        "(Kèm theo …)" line, then its paragraphs and tables."""
        self._section(landscape=L.annex_landscape(annex))
        _run(self.paragraph(align=CENTER, keep_with_next=True), annex.title, L.SIZE_TYPE, bold=True)
        if annex.subtitle:
            _run(
                self.paragraph(align=CENTER, keep_with_next=True),
                annex.subtitle,
                L.SIZE_SUBJECT,
                bold=True,
            )
        if annex.note:
            _run(
                self.paragraph(align=CENTER, before=2, after=6, keep_with_next=True),
                annex.note,
                L.SIZE_BODY,
                italic=True,
            )
        for block in annex.body:
            if isinstance(block, TableBlock):
                self.table(block)
            else:
                self.body_paragraph(block)

    # recipients and signature ----------------------------------------------------------
    def signature(self, document: Document) -> None:
        self.paragraph(before=6, keep_with_next=True)  # air between text and signature
        table = _fixed_table(self.out, 1, (L.SIGN_LEFT, L.SIGN_RIGHT))
        _table_borders(table, "nil")
        _cant_split(0, table)
        left, right = table.cell(0, 0), table.cell(0, 1)
        _run(_format(_first(left)), "Nơi nhận:", L.SIZE_NOI_NHAN, bold=True, italic=True)
        for line in document.recipients.lines():
            p = _format(left.add_paragraph(), left=Mm(2.5), first_line=Mm(-2.5))
            _run(p, line, L.SIZE_RECIPIENT)
        sign = document.signature
        sign_lines = sign.lines()
        for i, line in enumerate(sign_lines):
            p = _first(right) if i == 0 else right.add_paragraph()
            last = i == len(sign_lines) - 1
            _format(p, align=CENTER, after=L.SIGN_SPACE_PT if last else 0, keep_with_next=True)
            _run(p, line, L.SIZE_SIGN, bold=True)
        _run(_format(right.add_paragraph(), align=CENTER), sign.name, L.SIZE_SIGN, bold=True)
