"""Render a :class:`~phongdich.documents.nd30.Document` to PDF through HTML and WeasyPrint.

The same layout as the .docx (geometry and sizes from :mod:`layout`): A4, the same
margins, Times New Roman or its metric twin Liberation Serif, page numbers from page 2
in the top margin (``@page :first`` has none), a landscape named page for a landscape
results table. The HTML is built as a string with ``<meta charset="utf-8">``: loading
it from a file without that declaration garbles Vietnamese.
"""

from __future__ import annotations

from html import escape

from phongdich.documents import layout as L
from phongdich.documents.nd30 import (
    RESULT_COLUMNS,
    Annex,
    Document,
    Paragraph,
    ParagraphKind,
    ResultsTable,
    RowKind,
    Table,
)


def render_pdf(document: Document) -> bytes:
    """The document as the bytes of a PDF file."""
    from weasyprint import HTML  # heavy import, only when a PDF is asked for

    pdf = HTML(string=render_html(document)).write_pdf()
    assert pdf is not None
    return bytes(pdf)


def _e(text: str) -> str:
    return escape(text, quote=True)


def _br(lines: list[str]) -> str:
    return "<br>".join(_e(line) for line in lines)


def _css() -> str:
    fonts = ", ".join(L.FALLBACK_FONTS)
    margins = f"{L.MARGIN_TOP}mm {L.MARGIN_RIGHT}mm {L.MARGIN_BOTTOM}mm {L.MARGIN_LEFT}mm"
    top_center = (
        f"content: counter(page); font-family: {fonts}; font-size: {L.SIZE_PAGE_NUMBER}pt; "
        "vertical-align: middle;"
    )
    return f"""
@page {{ size: A4 portrait; margin: {margins}; @top-center {{ {top_center} }} }}
@page :first {{ @top-center {{ content: none; }} }}
@page landscape {{ size: A4 landscape; }}
html {{ font-family: {fonts}; font-size: {L.SIZE_BODY}pt; color: #000; }}
body {{ margin: 0; }}
p {{ margin: 0; }}
table.plain {{ border-collapse: collapse; table-layout: fixed; }}
table.plain td {{ padding: 0 {L.HEADER_CELL_PAD}mm; vertical-align: top; text-align: center; }}
.head {{ margin-left: -{L.HEADER_OUTDENT}mm; width: {L.TEXT_WIDTH + 2 * L.HEADER_OUTDENT}mm; }}
.rule {{ margin: 3pt auto 0 auto; border-top: {L.RULE_PT}pt solid #000; height: 0; }}
.parent {{ font-size: {L.SIZE_PARENT}pt; }}
.issuer {{ font-size: {L.SIZE_ISSUER}pt; font-weight: bold; }}
.nation {{ font-size: {L.SIZE_NATION}pt; font-weight: bold; }}
.motto {{ font-size: {L.SIZE_MOTTO}pt; font-weight: bold; }}
.number {{ font-size: {L.SIZE_NUMBER}pt; padding-top: 6pt; white-space: pre; }}
.vv {{ font-size: {L.SIZE_VV}pt; padding-top: 2pt; }}
.date {{ font-size: {L.SIZE_DATE}pt; font-style: italic; padding-top: 6pt; }}
.type {{ text-align: center; font-weight: bold; font-size: {L.SIZE_TYPE}pt; margin-top: 24pt; }}
.subject {{ text-align: center; font-weight: bold; font-size: {L.SIZE_SUBJECT}pt; }}
.kinh-gui {{ margin-top: 12pt; margin-bottom: 6pt; }}
.kinh-gui.one {{ text-align: center; }}
.body {{ text-align: justify; text-indent: {L.BODY_INDENT_CM}cm; margin-top: {L.BODY_SPACING_PT}pt;
  line-height: {L.BODY_LINE_SPACING}; }}
.body.heading {{ font-weight: bold; page-break-after: avoid; }}
.caption {{ text-align: center; font-weight: bold; margin: 6pt 0; page-break-after: avoid; }}
table.results {{ border-collapse: collapse; table-layout: fixed; font-size: {L.SIZE_TABLE}pt;
  margin-top: 6pt; }}
table.results th, table.results td {{ border: 0.5pt solid #000; padding: 2pt {L.RESULT_CELL_PAD}mm;
  vertical-align: top; text-align: left; }}
table.results th {{ font-weight: bold; text-align: center; vertical-align: middle; }}
table.results tr.numbers th {{ font-weight: normal; font-style: italic; }}
table.results td.c {{ text-align: center; }}
table.results tr.group td {{ font-weight: bold; page-break-after: avoid; }}
table.results tr.total td {{ font-weight: bold; }}
table.results td.r {{ text-align: right; }}
table.results td p {{ margin: 0; }}
.landscape {{ page: landscape; break-before: page; break-after: page; }}
.annex {{ break-before: page; }}
.annex.wide {{ page: landscape; }}
.annex-title {{ text-align: center; font-weight: bold; font-size: {L.SIZE_TYPE}pt;
  page-break-after: avoid; }}
.annex-subtitle {{ text-align: center; font-weight: bold; font-size: {L.SIZE_SUBJECT}pt;
  page-break-after: avoid; }}
.annex-note {{ text-align: center; font-style: italic; margin: 2pt 0 6pt 0;
  page-break-after: avoid; }}
.sign {{ margin-top: 12pt; page-break-inside: avoid; }}
.closing {{ break-inside: avoid; }}
table.plain.sign td {{ text-align: left; padding: 0; }}
.noi-nhan {{ font-size: {L.SIZE_NOI_NHAN}pt; font-weight: bold; font-style: italic; }}
.recipient {{ font-size: {L.SIZE_RECIPIENT}pt; padding-left: 2.5mm; text-indent: -2.5mm; }}
.signer {{ text-align: center; font-size: {L.SIZE_SIGN}pt; font-weight: bold; }}
.signer.last-title {{ margin-bottom: {L.SIGN_SPACE_PT}pt; }}
"""


def render_html(document: Document) -> str:
    """The HTML the PDF is printed from (useful to preview in a browser)."""
    parts = [
        '<!DOCTYPE html><html lang="vi"><head><meta charset="utf-8">',
        f"<title>{_e(_pdf_title(document))}</title>",
        f'<meta name="author" content="{_e(document.header.issuing_body)}">',
        f"<style>{_css()}</style></head><body>",
        _header(document),
        _title(document),
        _kinh_gui(document),
        *(_block(b) for b in document.body[:-1]),
        # the closing paragraph and the signature stay on one page
        '<div class="closing">',
        _paragraph(document.body[-1]),  # type: ignore[arg-type]
        _signature(document),
        "</div>",
        *(_annex(a) for a in document.annexes),
        "</body></html>",
    ]
    return "".join(parts)


def _pdf_title(document: Document) -> str:
    head = document.header
    return f"{head.number_line} - {document.subject or head.subject_line or ''}".strip()


def _header(document: Document) -> str:
    head = document.header
    geo = L.header_layout(head)
    parent = f'<p class="parent">{_br(geo.parent_lines)}</p>' if geo.parent_lines else ""
    vv = f'<p class="vv">{_br(geo.vv_lines)}</p>' if geo.vv_lines else ""
    return (
        '<table class="plain head">'
        f'<colgroup><col style="width:{L.HEADER_LEFT}mm"><col style="width:{L.HEADER_RIGHT}mm">'
        "</colgroup><tr><td>"
        f'{parent}<p class="issuer">{_br(geo.issuer_lines)}</p>'
        f'<div class="rule" style="width:{geo.issuer_rule}mm"></div>'
        "</td><td>"
        f'<p class="nation">{_e(L.NATION)}</p><p class="motto">{_e(L.MOTTO)}</p>'
        f'<div class="rule" style="width:{geo.motto_rule}mm"></div>'
        "</td></tr><tr><td>"
        f'<p class="number">{_e(head.number_line)}</p>{vv}'
        f'</td><td><p class="date">{_e(head.date_line)}</p></td></tr></table>'
    )


def _title(document: Document) -> str:
    if document.kind.is_cong_van or not document.title or not document.subject:
        return ""
    return (
        f'<p class="type">{_e(document.title)}</p>'
        f'<p class="subject">{_e(document.subject)}</p>'
        f'<div class="rule" style="width:{L.subject_rule(document)}mm"></div>'
    )


def _kinh_gui(document: Document) -> str:
    items = document.kinh_gui
    if not items:
        return ""
    if len(items) == 1:
        return f'<p class="kinh-gui one">Kính gửi: {_e(items[0])}.</p>'
    label_w = L.text_width("Kính gửi", L.SIZE_BODY)
    dash_w = L.text_width("- ", L.SIZE_BODY)
    widest = max(L.text_width(f"- {item};", L.SIZE_BODY) for item in items)
    start = min(max((L.TEXT_WIDTH - label_w - widest) / 2, 10.0), 60.0)
    lines = [
        f'<p style="margin-left:{start + label_w + dash_w:.1f}mm;text-indent:-{dash_w:.1f}mm">'
        f"- {_e(item)}{'.' if i == len(items) - 1 else ';'}</p>"
        for i, item in enumerate(items)
    ]
    return (
        f'<div class="kinh-gui"><p style="margin-left:{start:.1f}mm">Kính gửi:</p>'
        f"{''.join(lines)}</div>"
    )


def _paragraph(block: Paragraph) -> str:
    classes = "body heading" if block.kind is ParagraphKind.HEADING else "body"
    runs = []
    for run in block.runs:
        text = _e(run.text)
        if run.bold:
            text = f"<b>{text}</b>"
        if run.italic:
            text = f"<i>{text}</i>"
        runs.append(text)
    return f'<p class="{classes}">{"".join(runs)}</p>'


def _results_table(block: ResultsTable) -> str:
    widths = L.result_widths(block.landscape)
    cols = "".join(f'<col style="width:{w}mm">' for w in widths)
    head = "".join(f"<th>{_e(name)}</th>" for name in RESULT_COLUMNS)
    numbers = "".join(f"<th>{n}</th>" for n in block.column_numbers)
    centred = {0, 4, 6}
    rows = []
    for i, row in enumerate(block.rows, start=1):
        cells = "".join(
            f'<td class="c">{_e(text)}</td>' if col in centred else f"<td>{_e(text)}</td>"
            for col, text in enumerate(row.cells(i))
        )
        rows.append(f"<tr>{cells}</tr>")
    caption = f'<p class="caption">{_e(block.caption)}</p>' if block.caption else ""
    table = (
        f'{caption}<table class="results" style="width:{sum(widths):.1f}mm">'
        f"<colgroup>{cols}</colgroup>"
        f'<thead><tr>{head}</tr><tr class="numbers">{numbers}</tr></thead>'
        f"<tbody>{''.join(rows)}</tbody></table>"
    )
    if block.landscape:
        return f'<div class="landscape">{table}</div>'
    return table


def _block(block: Paragraph | ResultsTable | Table) -> str:
    if isinstance(block, Paragraph):
        return _paragraph(block)
    if isinstance(block, Table):
        table = _table(block)
        return f'<div class="landscape">{table}</div>' if L.table_landscape(block) else table
    return _results_table(block)


_ALIGN_CLASS = {"left": "", "center": "c", "right": "r"}


def _cell(text: str, css: str, span: str = "") -> str:
    lines = text.split("\n") if text else [""]
    inner = "".join(f"<p>{_e(line)}</p>" for line in lines) if len(lines) > 1 else _e(text)
    attrs = f' class="{css}"' if css else ""
    return f"<td{attrs}{span}>{inner}</td>"


def _table(block: Table) -> str:
    """A ruled table: the header (and the numbers row) repeat on every page; rows may
    split; a column with ``merge_repeats`` merges equal cells down the rows."""
    widths = L.table_widths(block)
    ncols = len(block.columns)
    cols = "".join(f'<col style="width:{w}mm">' for w in widths)
    head = "".join(f"<th>{_e(c.header)}</th>" for c in block.columns)
    numbers = (
        '<tr class="numbers">' + "".join(f"<th>{n}</th>" for n in block.numbers) + "</tr>"
        if block.column_numbers
        else ""
    )
    # rowspans of the merged columns: (row index, column) -> span, or 0 for a merged-away cell
    spans: dict[tuple[int, int], int] = {}
    for col, column in enumerate(block.columns):
        if not column.merge_repeats:
            continue
        start: int | None = None
        for i, row in enumerate(block.rows):
            text = row.cells[col] if row.kind is RowKind.DATA else None
            if start is not None and text and text == block.rows[start].cells[col]:
                spans[(start, col)] += 1
                spans[(i, col)] = 0
            elif text is not None:
                start = i
                spans[(i, col)] = 1
            else:
                start = None
    rows = []
    for i, row in enumerate(block.rows):
        if row.kind is RowKind.GROUP:
            rows.append(f'<tr class="group"><td colspan="{ncols}">{_e(row.cells[0])}</td></tr>')
            continue
        cells = []
        for col, (column, text) in enumerate(zip(block.columns, row.cells, strict=True)):
            span = spans.get((i, col), 1)
            if span == 0:
                continue
            rowspan = f' rowspan="{span}"' if span > 1 else ""
            cells.append(_cell(text, _ALIGN_CLASS[column.align.value], rowspan))
        css = ' class="total"' if row.kind is RowKind.TOTAL else ""
        rows.append(f"<tr{css}>{''.join(cells)}</tr>")
    caption = f'<p class="caption">{_e(block.caption)}</p>' if block.caption else ""
    return (
        f'{caption}<table class="results" style="width:{sum(widths):.1f}mm;'
        f'font-size:{block.size}pt"><colgroup>{cols}</colgroup>'
        f"<thead><tr>{head}</tr>{numbers}</thead><tbody>{''.join(rows)}</tbody></table>"
    )


def _annex(annex: Annex) -> str:
    css = "annex wide" if L.annex_landscape(annex) else "annex"
    parts = [f'<div class="{css}"><p class="annex-title">{_e(annex.title)}</p>']
    if annex.subtitle:
        parts.append(f'<p class="annex-subtitle">{_e(annex.subtitle)}</p>')
    if annex.note:
        parts.append(f'<p class="annex-note">{_e(annex.note)}</p>')
    for block in annex.body:
        parts.append(_table(block) if isinstance(block, Table) else _paragraph(block))
    parts.append("</div>")
    return "".join(parts)


def _signature(document: Document) -> str:
    recipients = "".join(
        f'<p class="recipient">{_e(line)}</p>' for line in document.recipients.lines()
    )
    sign = document.signature
    lines = sign.lines()
    titles = "".join(
        f'<p class="signer{" last-title" if i == len(lines) - 1 else ""}">{_e(line)}</p>'
        for i, line in enumerate(lines)
    )
    return (
        '<table class="plain sign"><colgroup>'
        f'<col style="width:{L.SIGN_LEFT}mm"><col style="width:{L.SIGN_RIGHT}mm"></colgroup>'
        f'<tr><td><p class="noi-nhan">Nơi nhận:</p>{recipients}</td>'
        f'<td>{titles}<p class="signer">{_e(sign.name)}</p></td></tr></table>'
    )
