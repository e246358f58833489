from __future__ import annotations

import io
from datetime import datetime
from zoneinfo import ZoneInfo

from django.urls import reverse
from openpyxl import load_workbook

from phongdich.checkin.exports import HEADERS
from phongdich.checkin.services.checkin import visit_check_out
from phongdich.checkin.tests.helpers import RISKY, make_gates, make_visit
from phongdich.core.models import AuditEvent
from phongdich.core.tests.base import BaseTestCase

HCM = ZoneInfo("Asia/Ho_Chi_Minh")
DAY = "15/10/2026"


class VisitLogExportTests(BaseTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        make_gates(cls)
        cls.visit = make_visit(
            cls.gate_a,
            phone="+84912345301",
            name="Lý Thị Hoa",
            at=datetime(2026, 10, 15, 8, 5, tzinfo=HCM),
            purpose="Nộp hồ sơ",
            host="Phòng Tổ chức",
        )
        visit_check_out(visit=cls.visit, at=datetime(2026, 10, 15, 9, 30, tzinfo=HCM))
        make_visit(
            cls.gate_b,
            phone="+84912345302",
            name='=HYPERLINK("http://evil.example","bấm")',
            at=datetime(2026, 10, 15, 10, 0, tzinfo=HCM),
            answers=RISKY,
            purpose="=1+1",
            host="@SUM(A1:A2)",
        )
        make_visit(
            cls.gate_b,
            phone="+84912345303",
            name="Khác Ngày",
            at=datetime(2026, 10, 16, 0, 30, tzinfo=HCM),
        )

    def export(self, **params: str):  # type: ignore[no-untyped-def]
        return self.client.get(reverse("checkin:log_export"), {"date_from": DAY, **params})

    def sheet(self, response):  # type: ignore[no-untyped-def]
        self.assertEqual(response.status_code, 200)
        self.assertEqual(
            response["Content-Type"],
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
        self.assertIn("attachment;", response["Content-Disposition"])
        return load_workbook(io.BytesIO(response.content)).active

    def test_it_exports_vietnamese_headers_and_local_times(self) -> None:
        self.login(self.office)
        ws = self.sheet(self.export())
        self.assertEqual([c.value for c in ws[3]], HEADERS)
        self.assertEqual(
            HEADERS,
            [
                "STT",
                "Họ và tên",
                "Số điện thoại",
                "Đơn vị",
                "Cổng",
                "Giờ vào",
                "Giờ ra",
                "Khách/Cán bộ",
                "Mục đích",
                "Người được gặp",
                "Tình trạng khai báo",
                "Trạng thái",
            ],
        )
        rows = [[c.value for c in row] for row in ws.iter_rows(min_row=4)]
        self.assertEqual(len(rows), 2)
        hoa = next(r for r in rows if r[1] == "Lý Thị Hoa")
        self.assertEqual(
            hoa[1:],
            [
                "Lý Thị Hoa",
                "+84912345301",
                "Văn phòng Sở",
                "Cổng chính Sở",
                "15/10/2026 08:05",
                "15/10/2026 09:30",
                "Khách",
                "Nộp hồ sơ",
                "Phòng Tổ chức",
                "Bình thường",
                "Đã vào",
            ],
        )
        self.assertEqual(sorted(r[0] for r in rows), [1, 2])
        self.assertIn("15/10/2026", ws["A1"].value)

    def test_formulas_typed_by_people_stay_plain_text(self) -> None:
        self.login(self.office)
        ws = self.sheet(self.export())
        cells = {c.value: c for row in ws.iter_rows(min_row=4) for c in row}
        for text in ['=HYPERLINK("http://evil.example","bấm")', "=1+1", "@SUM(A1:A2)"]:
            with self.subTest(text=text):
                self.assertIn(text, cells)
                self.assertEqual(cells[text].data_type, "s")

    def test_an_export_holds_only_the_users_units(self) -> None:
        self.login(self.head_b)
        ws = self.sheet(self.export())
        names = [row[1].value for row in ws.iter_rows(min_row=4)]
        self.assertEqual(names, ['=HYPERLINK("http://evil.example","bấm")'])
        self.login(self.head_a)
        ws = self.sheet(self.export())
        self.assertEqual(ws.max_row, 3)

    def test_an_export_follows_the_filters(self) -> None:
        self.login(self.director)
        ws = self.sheet(self.export(status="pending"))
        self.assertEqual(
            [r[11].value for r in ws.iter_rows(min_row=4)], ["Chờ bảo vệ/y tế quyết định"]
        )
        self.assertEqual([r[10].value for r in ws.iter_rows(min_row=4)], ["Có yếu tố nguy cơ"])

    def test_every_export_is_audited_with_masked_values(self) -> None:
        self.login(self.tracer)
        self.sheet(self.export(q="0912345301"))
        event = AuditEvent.objects.get(action="checkin.log.export")
        self.assertEqual(event.actor, self.tracer)
        self.assertEqual(event.detail["rows"], 1)
        self.assertEqual(event.detail["phone"], "+8491****301")
        self.assertNotIn("912345301", str(event.detail))

    def test_a_bad_filter_gets_a_message_not_a_file(self) -> None:
        self.login(self.office)
        response = self.export(date_from="99/99/2026")
        self.assertEqual(response.status_code, 400)
        self.assertContains(response, "dd/mm/yyyy", status_code=400)
        self.assertFalse(AuditEvent.objects.filter(action="checkin.log.export").exists())
