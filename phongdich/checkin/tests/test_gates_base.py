"""Shared by the gate and poster tests: gates of the standing cast's units, and
helpers that read generated PDFs and images the way a phone or a printer would."""

from __future__ import annotations

from typing import Any

import pypdfium2 as pdfium
import zxingcpp
from django.test import override_settings

from phongdich.checkin.models import Location
from phongdich.core.tests.base import BaseTestCase

# Roles that manage gates, and every other member of the cast.
ALLOWED = ["office", "admin", "head_a", "head_b", "it"]
DENIED = ["director", "guard", "tracer", "staff_user", "editor"]


# A poster is refused for a local PUBLIC_BASE_URL (the settings' default): the gate
# tests print for a public one; test_posters_local.py covers the local case.
PUBLIC_BASE = "https://phongdich.example.vn"


@override_settings(PUBLIC_BASE_URL=PUBLIC_BASE)
class GateTestCase(BaseTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.gate_vp = Location.objects.create(
            code="VP-CONG-CHINH", name="Cổng chính Sở", unit=cls.office_unit
        )
        cls.gate_a = Location.objects.create(
            code="PA-CONG", name="Cổng Phòng Giáo dục", unit=cls.unit_a, address="Tầng 2"
        )
        cls.gate_a_team = Location.objects.create(
            code="PA1-PHONG", name="Phòng Tuyển sinh", unit=cls.unit_a_team
        )
        cls.gate_b = Location.objects.create(
            code="TTB-CONG", name="Cổng Trung tâm Dịch vụ", unit=cls.unit_b
        )

    def fresh(self, gate: Location) -> Location:
        return Location.objects.get(pk=gate.pk)


def pdf_pages(pdf: bytes) -> int:
    return len(pdfium.PdfDocument(pdf))


def pdf_page_text(pdf: bytes, index: int = 0) -> str:
    """The page's text, lines joined by one space. PDFium reports a hyphen that ends
    a line (a token may end in "-") as U+FFFE and drops the line break: undo that."""
    page = pdfium.PdfDocument(pdf)[index]
    text = page.get_textpage().get_text_range().replace("\ufffe", "-\n")
    return " ".join(text.split())


def pdf_page_image(pdf: bytes, index: int = 0, dpi: int = 170) -> Any:
    page = pdfium.PdfDocument(pdf)[index]
    return page.render(scale=dpi / 72).to_pil()


def decode_qr(image: Any) -> list[str]:
    """The texts of every QR code zxing-cpp finds in a PIL image."""
    return [
        r.text for r in zxingcpp.read_barcodes(image) if r.format == zxingcpp.BarcodeFormat.QRCode
    ]
