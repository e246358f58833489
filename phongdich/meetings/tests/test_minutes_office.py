"""The Biên bản and the Kế hoạch as the Office clerk's LibreOffice shows them: page count
and the sections in order (the PDF made from the .docx)."""

from __future__ import annotations

from pathlib import Path

import pytest

from phongdich.core.tests.base import make_cast
from phongdich.core.tests.office import pdf_pages_text, to_pdf
from phongdich.meetings import printing
from phongdich.meetings.services.plans import plan_draft
from phongdich.meetings.tests.test_minutes import held

pytestmark = pytest.mark.django_db


class Cast:
    pass


def test_the_bien_ban_opens_in_libreoffice_on_one_page_with_its_parts_in_order(
    soffice: str, tmp_path: Path
) -> None:
    cast = Cast()
    make_cast(cast)
    _, minutes = held(cast)
    source = tmp_path / "bien-ban.docx"
    source.write_bytes(printing.minutes_docx(minutes))
    pages = pdf_pages_text(to_pdf(soffice, source))
    assert len(pages) == 1
    text = " ".join(" ".join(pages).split())
    order = [
        "SỞ LAO ĐỘNG - THƯƠNG BINH VÀ XÃ HỘI",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "/BB-SLĐTBXH",
        "BIÊN BẢN",
        "Thời gian bắt đầu:",
        "Địa điểm:",
        "Chủ trì:",
        "Thư ký:",
        "Thành phần tham dự:",
        "Vắng mặt:",
        "I. NỘI DUNG CUỘC HỌP",
        "II. KẾT LUẬN",
        "Cuộc họp kết thúc vào",
        "THƯ KÝ",
        "CHỦ TRÌ",
    ]
    positions = [text.find(part) for part in order]
    assert -1 not in positions, [p for p, i in zip(order, positions, strict=True) if i == -1]
    assert positions == sorted(positions)
    assert "Nơi nhận" not in text


def test_the_ke_hoach_opens_in_libreoffice_with_its_three_parts(
    soffice: str, tmp_path: Path
) -> None:
    cast = Cast()
    make_cast(cast)
    held(cast)
    plan = plan_draft(by=cast.office)
    source = tmp_path / "ke-hoach.docx"
    from phongdich.documents import render_docx

    source.write_bytes(render_docx(printing.plan_document(plan)))
    pages = pdf_pages_text(to_pdf(soffice, source))
    assert 1 <= len(pages) <= 3
    text = " ".join(" ".join(pages).split())
    order = [
        "KẾ HOẠCH",
        "I. MỤC ĐÍCH, YÊU CẦU",
        "II. TÌNH HÌNH VÀ NỘI DUNG",
        "III. TỔ CHỨC THỰC HIỆN",
        "Nơi nhận",
    ]
    positions = [text.find(part) for part in order]
    assert -1 not in positions and positions == sorted(positions)
    assert "/KH-SLĐTBXH" in text
