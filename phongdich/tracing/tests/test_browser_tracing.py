"""A tracer in Chromium: registers a case from a staff record, traces F1 and F2, sees the
graph, exports the contacts, records a follow-up and turns a contact into a case."""

from __future__ import annotations

import io
from types import SimpleNamespace
from typing import Any

import pytest
from django.utils import timezone
from openpyxl import load_workbook

from phongdich.core.tests.base import make_cast
from phongdich.core.tests.browser import log_in
from phongdich.tracing.models import Case, Contact, FollowUp
from phongdich.tracing.tests.outbreak import (
    F1_NAME,
    F1_PHONE,
    F2_NAME,
    F2_PHONE,
    make_outbreak,
    yesterday,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def cast(page: Any) -> SimpleNamespace:
    ns = SimpleNamespace()
    make_cast(ns)
    make_outbreak(ns)
    return ns


def test_a_tracer_registers_traces_exports_follows_up_and_promotes(
    page: Any, live_server: Any, cast: SimpleNamespace
) -> None:
    errors: list[str] = []
    page.on(
        "console",
        lambda msg: (
            errors.append(msg.text)
            if msg.type == "error" and "favicon" not in (msg.location or {}).get("url", "")
            else None
        ),
    )
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    log_in(page, live_server.url, "tracer")

    # The tracer's home links to the tracing dashboard, which links to a new case.
    page.get_by_role("link", name="Truy vết").first.click()
    page.wait_for_url("**/truy-vet/")
    with page.expect_navigation():
        page.get_by_role("link", name="Ghi nhận ca bệnh mới").first.click()

    # From a staff record, searched by code.
    page.get_by_label("Tìm cán bộ (họ tên, mã cán bộ hoặc số điện thoại)").fill("SA01")
    with page.expect_navigation():
        page.get_by_role("button", name="Tìm cán bộ").click()
    assert page.get_by_label("Nguyễn Văn Ạ · SA01", exact=False).is_checked()
    page.get_by_label("Ngày khởi phát / lấy mẫu dương tính").fill(yesterday().strftime("%d/%m/%Y"))
    page.get_by_label("Ghi chú").fill("Sốt 38,5°C")
    with page.expect_navigation():
        page.get_by_role("button", name="Ghi nhận ca bệnh").click()
    case = Case.objects.get()
    assert case.staff_id == cast.staff_a.pk
    assert "Đã ghi nhận ca bệnh" in page.locator(".messages").inner_text()

    # Trace: F1 and F2 with where, when and via whom.
    with page.expect_navigation():
        page.get_by_role("button", name="Truy vết", exact=True).click()
    assert "F1: 1" in page.locator("#level-counts").inner_text()
    assert "F2: 1" in page.locator("#level-counts").inner_text()
    day = yesterday().strftime("%d/%m/%Y")
    f1 = Contact.objects.get(person=cast.f1_person)
    f2 = Contact.objects.get(person=cast.f2_person)
    row1 = page.locator(f"#contact-{f1.pk}").inner_text()
    assert F1_NAME in row1 and F1_PHONE in row1
    assert "Cổng chính Sở (VP-1)" in row1 and f"{day} 08:30:00" in row1
    assert "Nguyễn Văn Ạ" in row1
    row2 = page.locator(f"#contact-{f2.pk}").inner_text()
    assert F2_NAME in row2 and F2_PHONE in row2
    assert "Cổng Trung tâm B (TTB-1)" in row2 and f"{day} 14:10:00" in row2
    assert f"{F1_NAME} ({F1_PHONE})" in row2

    # The graph draws on canvases, with no console error (CSP included).
    page.locator("#tracing-graph[data-ready='true']").wait_for()
    assert page.locator("#tracing-graph canvas").count() >= 1
    assert page.locator("#tracing-graph").get_attribute("data-nodes") == "3"

    # Export: a real download that openpyxl reads.
    page.get_by_label("Lý do xuất dữ liệu").select_option(
        label="Truy vết theo yêu cầu của cơ quan y tế"
    )
    with page.expect_download() as info:
        page.get_by_role("button", name="Xuất Excel (.xlsx)").click()
    download = info.value
    assert download.suggested_filename.endswith(".xlsx")
    book = load_workbook(io.BytesIO(open(download.path(), "rb").read()))  # noqa: SIM115
    cells = " ".join(
        str(c.value) for sheet in book for row in sheet.iter_rows() for c in row if c.value
    )
    assert F1_NAME in cells and F2_PHONE in cells

    # Follow-up of the F1 for today.
    with page.expect_navigation():
        page.get_by_role("link", name=F1_NAME).click()
    page.get_by_label("Tình trạng trong ngày").select_option(label="Cách ly tại nhà")
    page.get_by_label("Có triệu chứng").check()
    page.locator("#id_fu-note").fill("Ho khan")
    with page.expect_navigation():
        page.get_by_role("button", name="Ghi theo dõi").click()
    today = timezone.localdate()
    assert "Ho khan" in page.locator(f"#day-{today:%Y%m%d}").inner_text()
    assert "Truy Vết" in page.locator(f"#day-{today:%Y%m%d}").inner_text()
    entry = FollowUp.objects.get()
    assert entry.has_symptoms and entry.recorded_by_id == cast.tracer.pk

    # The F1 tests positive: a new case, traced again.
    page.locator("#id_pr-onset").fill(today.strftime("%d/%m/%Y"))
    with page.expect_navigation():
        page.get_by_role("button", name="Chuyển thành ca bệnh").click()
    promoted = Case.objects.get(source_contact=f1)
    assert page.url.endswith(f"/truy-vet/ca-benh/{promoted.pk}/")
    with page.expect_navigation():
        page.get_by_role("button", name="Truy vết", exact=True).click()
    counts = page.locator("#level-counts").inner_text()
    assert "F1: 2" in counts
    page.locator("#tracing-graph[data-ready='true']").wait_for()
    assert errors == []
