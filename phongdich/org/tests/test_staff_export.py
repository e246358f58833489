"""The staff directory's .xlsx export: it asks why (personal data), keeps the page's
filters and scope, is audited with the reason, and opens with openpyxl."""

from __future__ import annotations

import io
from typing import Any

from django.urls import reverse
from openpyxl import load_workbook

from phongdich.core.models import AuditEvent
from phongdich.core.tests.base import BaseTestCase

URL = reverse("org:staff_export")


def table(content: bytes) -> list[tuple[Any, ...]]:
    sheet = load_workbook(io.BytesIO(content)).active
    assert sheet is not None
    rows = [row for row in sheet.iter_rows(values_only=True) if any(row)]
    start = next(i for i, row in enumerate(rows) if row[0] == "STT")
    return rows[start:]


class StaffExportTests(BaseTestCase):
    def test_without_a_reason_the_form_comes_back_and_nothing_is_exported(self) -> None:
        self.login(self.office)
        response = self.client.get(URL, {"q": "Nguyễn"})
        self.assertEqual(response.status_code, 400)
        self.assertContains(response, "Vui lòng chọn lý do xuất dữ liệu cá nhân.", status_code=400)
        self.assertContains(response, 'name="q" value="Nguyễn"', status_code=400)
        response = self.client.get(URL, {"export_reason": "other"})
        self.assertContains(response, "Vui lòng ghi rõ lý do khi chọn", status_code=400)
        self.assertFalse(AuditEvent.objects.filter(action="org.staff.export").exists())

    def test_the_export_keeps_the_filter_and_is_audited_with_its_reason(self) -> None:
        self.login(self.office)
        response = self.client.get(URL, {"unit": self.unit_b.pk, "export_reason": "internal"})
        self.assertEqual(response.status_code, 200)
        self.assertIn("danh-ba-can-bo.xlsx", response["Content-Disposition"])
        rows = table(response.content)
        self.assertEqual(
            rows[0],
            ("STT", "Họ và tên", "Mã cán bộ", "Đơn vị", "Chức vụ", "Số điện thoại", "Email"),
        )
        names = [row[1] for row in rows[1:]]
        self.assertIn("Trần Thị Bê", names)
        self.assertNotIn("Nguyễn Văn Ạ", names)  # unit A's team: outside the filter
        self.assertEqual(rows[names.index("Trần Thị Bê") + 1][5], "+84912000002")
        event = AuditEvent.objects.get(action="org.staff.export")
        self.assertEqual(event.reason, "Kiểm tra, đối chiếu nội bộ")
        self.assertEqual(event.actor, self.office)

    def test_a_unit_head_exports_only_their_units(self) -> None:
        self.login(self.head_a)
        response = self.client.get(URL, {"export_reason": "superior"})
        names = [row[1] for row in table(response.content)[1:]]
        self.assertIn("Nguyễn Văn Ạ", names)
        self.assertNotIn("Trần Thị Bê", names)

    def test_the_list_offers_the_export_with_its_reason(self) -> None:
        self.login(self.office)
        response = self.client.get(reverse("org:staff_list"), {"q": "Bê"})
        self.assertContains(response, f'action="{URL}"')
        self.assertContains(response, 'name="export_reason"')
        self.assertContains(response, '<input type="hidden" name="q" value="Bê">')
