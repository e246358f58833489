"""Vietnamese administrative documents (Nghị định 30/2020/NĐ-CP) as .docx, .pdf and .xlsx.

Plain dataclasses in, bytes out; no model is imported. See docs/nd30-renderer.md.
"""

from phongdich.documents.docx_renderer import render_docx
from phongdich.documents.nd30 import (
    RESULT_COLUMNS,
    Align,
    Annex,
    Column,
    Document,
    DocumentError,
    DocumentKind,
    Header,
    Paragraph,
    ParagraphKind,
    Recipients,
    ResultRow,
    ResultsTable,
    RowKind,
    Run,
    Signature,
    Table,
    TableRow,
    TaskStatus,
    annex_note,
    format_date_line,
    format_number,
    format_short_date,
    heading,
    long_date,
)
from phongdich.documents.pdf_renderer import render_html, render_pdf
from phongdich.documents.xlsx_renderer import render_xlsx

__all__ = [
    "RESULT_COLUMNS",
    "Align",
    "Annex",
    "Column",
    "Document",
    "DocumentError",
    "DocumentKind",
    "Header",
    "Paragraph",
    "ParagraphKind",
    "Recipients",
    "ResultRow",
    "ResultsTable",
    "RowKind",
    "Run",
    "Signature",
    "Table",
    "TableRow",
    "TaskStatus",
    "annex_note",
    "format_date_line",
    "format_number",
    "format_short_date",
    "heading",
    "long_date",
    "render_docx",
    "render_html",
    "render_pdf",
    "render_xlsx",
]
