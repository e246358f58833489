"""Convert a generated document with LibreOffice, as the Office clerk's machine would.

Use with the ``soffice`` fixture (conftest.py): ``pdf = to_pdf(soffice, path)``.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
import unittest
from pathlib import Path


def require_soffice() -> str:
    """LibreOffice's command for a unittest-style test (the ``soffice`` fixture's rule):
    skip where it is not installed, fail when ``REQUIRE_SOFFICE=1`` (CI)."""
    path = shutil.which("soffice") or shutil.which("libreoffice")
    if path is None:
        if os.environ.get("REQUIRE_SOFFICE", "") in {"1", "true", "yes"}:
            raise AssertionError("LibreOffice (soffice) not found (REQUIRE_SOFFICE=1)")
        raise unittest.SkipTest("LibreOffice not installed")
    return path


def to_pdf(soffice: str, source: Path, *, timeout: int = 120) -> Path:
    """``source`` (.docx or .xlsx) converted to PDF beside it; the PDF's path.

    Each call uses its own LibreOffice profile, so parallel or repeated runs never
    wait on a profile lock left by another instance."""
    with tempfile.TemporaryDirectory(prefix="lo-profile-") as profile:
        subprocess.run(
            [
                soffice,
                f"-env:UserInstallation=file://{profile}",
                "--headless",
                "--norestore",
                "--convert-to",
                "pdf",
                "--outdir",
                str(source.parent),
                str(source),
            ],
            check=True,
            capture_output=True,
            timeout=timeout,
        )
    pdf = source.with_suffix(".pdf")
    if not pdf.exists():
        raise RuntimeError(f"LibreOffice wrote no PDF for {source.name}")
    return pdf


def pdf_pages_text(pdf: Path) -> list[str]:
    """The text of each page of ``pdf`` (pypdfium2)."""
    import pypdfium2

    document = pypdfium2.PdfDocument(str(pdf))
    try:
        return [page.get_textpage().get_text_range() for page in document]
    finally:
        document.close()
