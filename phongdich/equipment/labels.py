"""QR asset labels: an A4 sheet of 3 × 8 labels (70 × 37 mm) with the asset code, the
kind and model, the unit and a QR code of the record's URL (``PUBLIC_BASE_URL`` + the
detail path). Scanning it from the IT team's phone opens the record (anyone else who
may not see it gets a 404). The QR code is vector SVG from segno; WeasyPrint prints it.
"""

from __future__ import annotations

from collections.abc import Sequence

import segno
from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe

from phongdich.equipment.models import Equipment

COLUMNS, ROWS = 3, 8
PER_PAGE = COLUMNS * ROWS
QR_ERROR = "m"
QR_BORDER = 4  # quiet zone in modules
QR_MM = 27  # printed side of the code, quiet zone included


def record_url(item: Equipment) -> str:
    return settings.PUBLIC_BASE_URL + reverse("equipment:detail", args=[item.pk])


def qr_code(item: Equipment) -> segno.QRCode:
    return segno.make(record_url(item), error=QR_ERROR, micro=False)


def _label(item: Equipment) -> dict[str, object]:
    svg = qr_code(item).svg_inline(border=QR_BORDER, omitsize=True, svgclass="qr", lineclass="q")
    return {
        "item": item,
        "code": item.asset_code or item.serial or f"#{item.pk}",
        # segno's SVG of our own URL: no user text inside
        "qr_svg": mark_safe(svg),  # noqa: S308
    }


def labels_html(items: Sequence[Equipment]) -> str:
    labels: list[dict[str, object] | None] = [_label(item) for item in items]
    labels += [None] * (-len(labels) % COLUMNS)  # full rows keep the columns 70 mm wide
    pages = [labels[i : i + PER_PAGE] for i in range(0, len(labels), PER_PAGE)]
    return render_to_string(
        "equipment/labels.html",
        {
            "pages": [[p[r : r + COLUMNS] for r in range(0, len(p), COLUMNS)] for p in pages],
            "qr_mm": QR_MM,
            "printed_on": timezone.localdate(),
        },
    )


def labels_pdf(items: Sequence[Equipment]) -> bytes:
    """One sheet of labels per 24 records, in the given order."""
    from weasyprint import HTML  # heavy import: only when labels are printed

    pdf = HTML(string=labels_html(items)).write_pdf()
    assert pdf is not None
    return bytes(pdf)
