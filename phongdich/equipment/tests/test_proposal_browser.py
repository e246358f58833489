"""A proposal from the unit head, through the IT team's review, to the Office's
document download, in a real Chromium (desktop viewport)."""

from __future__ import annotations

import io
from typing import Any

import docx
import pytest

from phongdich.core.tests.base import make_cast
from phongdich.core.tests.browser import log_in
from phongdich.equipment.models import EquipmentKind, NeedsProposal

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


class Cast:
    pass


@pytest.fixture
def cast() -> Any:
    members: Any = Cast()
    make_cast(members)
    # A transactional test starts from a flushed database: the seeded kinds may be gone.
    EquipmentKind.objects.get_or_create(
        code="laptop", defaults={"name": "Máy tính xách tay", "is_work_device": True}
    )
    return members


def switch_to(page: Any, base: str, username: str) -> None:
    page.context.clear_cookies()
    log_in(page, base, username)


def test_a_proposal_goes_from_the_unit_head_to_the_offices_document(
    live_server: Any, page: Any, cast: Any
) -> None:
    base = live_server.url
    log_in(page, base, "head_a")
    page.goto(f"{base}/thiet-bi/de-xuat/moi/")
    page.get_by_label("Đơn vị đề xuất").select_option(label="Phòng Giáo dục nghề nghiệp")
    page.get_by_label("Loại thiết bị").select_option(label="Máy tính xách tay")
    page.get_by_label("Số lượng").fill("4")
    page.get_by_label("Cho ai / vị trí nào").fill("Chuyên viên tuyển sinh")
    page.get_by_label("Lý do").fill("Máy cũ hỏng, cần làm việc từ xa.")
    page.get_by_label("Mức ưu tiên").select_option(label="Cao")
    page.get_by_role("button", name="Gửi đề xuất").click()
    page.get_by_text("Đã gửi đề xuất; đề xuất chờ trưởng đơn vị duyệt.").wait_for()
    proposal = NeedsProposal.objects.get()
    detail = f"{base}/thiet-bi/de-xuat/{proposal.pk}/"
    page.get_by_label("Duyệt, chuyển Tổ CNTT").check()
    page.get_by_role("button", name="Ghi quyết định").click()
    page.get_by_text("Đã duyệt; đề xuất chuyển Tổ CNTT thẩm định.").wait_for()

    switch_to(page, base, "it")
    page.goto(f"{base}/thiet-bi/de-xuat/?status=approved")
    page.get_by_role("link", name="Máy tính xách tay × 4").click()
    page.get_by_label("Chấp thuận, điều chỉnh số lượng").check()
    page.get_by_label("Số lượng chấp thuận (khi điều chỉnh)").fill("3")
    page.get_by_label("Lý do (bắt buộc khi điều chỉnh hoặc từ chối)").fill("Theo định mức.")
    page.get_by_role("button", name="Ghi kết quả thẩm định").click()
    page.get_by_text("Đã ghi kết quả thẩm định.").wait_for()
    assert page.url == detail

    switch_to(page, base, "office")
    page.goto(f"{base}/thiet-bi/de-xuat/")
    page.get_by_role("link", name="Tổng hợp vào công văn (1)").click()
    page.get_by_label(f"#{proposal.pk} · Phòng Giáo dục nghề nghiệp").check()
    page.get_by_role("button", name="Tạo công văn đề xuất").click()
    page.get_by_text("Đã tổng hợp các đề xuất vào công văn.").wait_for()
    with page.expect_download() as info:
        page.get_by_role("link", name="Tải công văn (.docx)").click()
    download = info.value
    assert download.suggested_filename.endswith(".docx")
    with open(download.path(), "rb") as handle:
        letter = docx.Document(io.BytesIO(handle.read()))
    text = "\n".join(p.text for p in letter.paragraphs)
    assert "Kính gửi: Sở Thông tin và Truyền thông tỉnh Thanh Hóa." in text
    annex = letter.tables[-1]
    assert [c.text for c in annex.rows[1].cells][1:4] == [
        "Phòng Giáo dục nghề nghiệp",
        "Máy tính xách tay",
        "3",
    ]
    proposal.refresh_from_db()
    assert proposal.status == NeedsProposal.Status.CONSOLIDATED
    assert list(proposal.steps.values_list("action", flat=True)) == [
        "submitted",
        "approved",
        "changed",
        "consolidated",
    ]
