"""Staff lists built in the test itself: real .xlsx (openpyxl) and .csv bytes."""

from __future__ import annotations

import csv
import io
import tempfile
import unicodedata
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from openpyxl import Workbook

from phongdich.core.tests.base import BaseTestCase
from phongdich.org import services
from phongdich.org.models import Staff, StaffImport

HEADER = ["STT", "Họ và tên", "Mã cán bộ", "Số điện thoại", "Email", "Đơn vị", "Chức vụ"]
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

# Vietnamese tone marks: Windows-1258 keeps them as separate (combining) characters.
_TONES = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}


def person(n: int, **over: Any) -> list[Any]:
    """One data row in HEADER order; ``over`` replaces a column by its key."""
    row = {
        "stt": n,
        "name": f"Nguyễn Văn Thử {n}",
        "code": f"NV{n:05d}",
        "phone": f"09{n:08d}",
        "email": f"nv{n}@example.vn",
        "unit": "P-A",
        "position": "Chuyên viên",
    }
    row.update(over)
    return [row[k] for k in ("stt", "name", "code", "phone", "email", "unit", "position")]


def imported_codes() -> set[str]:
    """Codes of the staff the tests' files created (the standing cast has none of them)."""
    codes = Staff.objects.filter(staff_code__startswith="NV").values_list("staff_code", flat=True)
    return set(codes)


def xlsx_bytes(rows: Iterable[Sequence[Any]], *, header: Sequence[Any] | None = HEADER) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    if header is not None:
        sheet.append(list(header))
    for row in rows:
        sheet.append(list(row))
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def csv_text(
    rows: Iterable[Sequence[Any]], *, header: Sequence[Any] | None = HEADER, delimiter: str = ","
) -> str:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter, lineterminator="\r\n")
    if header is not None:
        writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue()


def csv_bytes(
    rows: Iterable[Sequence[Any]],
    *,
    header: Sequence[Any] | None = HEADER,
    delimiter: str = ",",
    encoding: str = "utf-8",
) -> bytes:
    text = csv_text(rows, header=header, delimiter=delimiter)
    if encoding == "cp1258":
        return cp1258(text)
    return text.encode(encoding)


def cp1258(text: str) -> bytes:
    """Encode as Windows-1258: base letter precomposed, tone mark combining."""
    out = []
    for ch in text:
        try:
            out.append(ch.encode("cp1258"))
            continue
        except UnicodeEncodeError:
            pass
        parts = unicodedata.normalize("NFD", ch)
        base = unicodedata.normalize("NFC", "".join(c for c in parts if c not in _TONES))
        tones = "".join(c for c in parts if c in _TONES)
        out.append((base + tones).encode("cp1258"))
    return b"".join(out)


def upload(data: bytes, name: str) -> SimpleUploadedFile:
    content_type = XLSX_TYPE if name.endswith(".xlsx") else "text/csv"
    return SimpleUploadedFile(name, data, content_type=content_type)


class ImportTestCase(BaseTestCase):
    """Uploads go to a temporary MEDIA_ROOT that disappears with the test."""

    def setUp(self) -> None:
        super().setUp()
        self.media = Path(self.enterContext(tempfile.TemporaryDirectory()))
        self.enterContext(override_settings(MEDIA_ROOT=str(self.media)))

    def run_import(
        self,
        data: bytes,
        name: str = "can-bo.xlsx",
        *,
        user: Any = None,
        skip_invalid: bool = False,
    ) -> StaffImport:
        """Store the file as the web upload does and run the job in this thread."""
        with self.captureOnCommitCallbacks(execute=True):
            job = services.staff_import_create(
                user=user or self.office, upload=upload(data, name), skip_invalid=skip_invalid
            )
        job.refresh_from_db()
        return job

    def errors_by_line(self, job: StaffImport) -> dict[int, str]:
        return {e["line"]: " ".join(e["reasons"]) for e in job.row_errors}

    def stored_files(self) -> list[Path]:
        folder = self.media / "staff-imports"
        return sorted(folder.iterdir()) if folder.exists() else []
