"""The audit page (issue 9 item 7): the Admin and the Director see who exported
personal data, when, what and why; filter by action, user and date; page through it;
export it through core.xlsx (and that export is itself recorded)."""

from __future__ import annotations

import io
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from phongdich.core.audit import audit
from phongdich.core.models import AuditEvent
from phongdich.core.selectors import AUDIT_PAGE_SIZE
from phongdich.core.tests.base import BaseTestCase

HCM = ZoneInfo("Asia/Ho_Chi_Minh")
URL = reverse("core:audit")
EXPORT_URL = reverse("core:audit_export")


def entry(action: str, *, actor: object, at: datetime, reason: str = "", **detail: object) -> None:
    event = audit(None, action, actor=actor, ip="10.0.0.7", reason=reason, **detail)
    AuditEvent.objects.filter(pk=event.pk).update(at=at)


class AuditPageTests(BaseTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        day = datetime(2026, 3, 10, 9, 0, tzinfo=HCM)
        entry(
            "checkin.log.export",
            actor=cls.office,
            at=day,
            reason="Kiểm tra, đối chiếu nội bộ",
            rows=12,
            phone="+8491****301",
        )
        entry(
            "tracing.contacts.export",
            actor=cls.tracer,
            at=day + timedelta(days=1),
            reason="Truy vết theo yêu cầu của cơ quan y tế",
            rows=3,
        )
        entry("checkin.log.view", actor=cls.office, at=day + timedelta(days=2), rows=5)

    def get(self, **params: str):  # type: ignore[no-untyped-def]
        self.login(self.admin)
        response = self.client.get(URL, params)
        self.assertEqual(response.status_code, 200)
        return response

    def actions(self, response) -> list[str]:  # type: ignore[no-untyped-def]
        return [event.action for event, _who, _detail in response.context["rows"]]

    def test_it_lists_exports_with_who_when_what_and_why(self) -> None:
        response = self.get()
        self.assertEqual(self.actions(response), ["tracing.contacts.export", "checkin.log.export"])
        html = response.content.decode()
        for text in (
            "Văn Phòng",
            "10/03/2026 09:00",
            "checkin.log.export",
            "rows=12",
            "phone=+8491****301",
            "Kiểm tra, đối chiếu nội bộ",
            "Truy vết theo yêu cầu của cơ quan y tế",
        ):
            self.assertIn(text, html)

    def test_it_filters_by_action_user_and_date(self) -> None:
        self.assertEqual(
            self.actions(self.get(action="*")),
            ["checkin.log.view", "tracing.contacts.export", "checkin.log.export"],
        )
        self.assertEqual(self.actions(self.get(action="checkin.log.view")), ["checkin.log.view"])
        self.assertEqual(
            self.actions(self.get(action="*", actor=str(self.office.pk))),
            ["checkin.log.view", "checkin.log.export"],
        )
        self.assertEqual(
            self.actions(self.get(date_from="11/03/2026", date_to="11/03/2026")),
            ["tracing.contacts.export"],
        )

    def test_bad_filters_get_vietnamese_messages(self) -> None:
        self.login(self.director)
        response = self.client.get(
            URL, {"date_from": "32/13/2026", "action": "nope", "actor": "999999"}
        )
        self.assertEqual(response.status_code, 400)
        self.assertContains(response, "dd/mm/yyyy", status_code=400)
        self.assertContains(response, "Hoạt động không có trong nhật ký.", status_code=400)
        self.assertContains(response, "Người đã chọn không có trong danh sách.", status_code=400)
        response = self.client.get(URL, {"date_from": "12/03/2026", "date_to": "10/03/2026"})
        self.assertContains(response, "phải sau hoặc bằng", status_code=400)

    def test_only_the_admin_and_the_director_reach_it(self) -> None:
        for name, user in self.cast.items():
            with self.subTest(member=name):
                self.login(user)
                expected = 200 if name in {"admin", "director"} else 403
                self.assertEqual(self.client.get(URL).status_code, expected)
                self.assertEqual(self.client.get(EXPORT_URL).status_code, expected)

    def test_their_home_links_to_it(self) -> None:
        self.login(self.director)
        self.assertContains(self.client.get(reverse("core:home")), URL)
        self.login(self.office)
        self.assertNotContains(self.client.get(reverse("core:home")), URL)

    def test_it_pages_with_a_fixed_number_of_queries(self) -> None:
        day = datetime(2026, 4, 1, 8, 0, tzinfo=HCM)
        for n in range(AUDIT_PAGE_SIZE + 5):
            entry("equipment.batch.export", actor=self.it, at=day + timedelta(minutes=n), rows=n)
        self.login(self.admin)
        self.client.get(URL)  # warm the role cache of the session's user
        with CaptureQueriesContext(connection) as few:
            self.client.get(URL, {"action": "equipment.batch.export"})
        for n in range(30):
            entry("equipment.batch.export", actor=self.admin, at=day - timedelta(minutes=n))
        with CaptureQueriesContext(connection) as more:
            response = self.client.get(URL, {"action": "equipment.batch.export", "page": "2"})
        self.assertEqual(len(more), len(few))
        # session, user, roles (2), actions, count, page, bell, actors, session save (3)
        self.assertEqual(len(few), 12, [q["sql"][:80] for q in few.captured_queries])
        self.assertEqual(len(response.context["rows"]), 35)
        self.assertContains(response, "Trang 2/2")

    def test_the_export_is_an_xlsx_of_the_filtered_rows_and_is_itself_recorded(self) -> None:
        self.login(self.director)
        response = self.client.get(EXPORT_URL, {"actor": str(self.office.pk), "action": "*"})
        self.assertEqual(response.status_code, 200)
        self.assertIn("attachment;", response["Content-Disposition"])
        ws = load_workbook(io.BytesIO(response.content)).active
        header = next(int(row[0].row or 0) for row in ws.iter_rows() if row[0].value == "STT")
        rows = [[c.value for c in row] for row in ws.iter_rows(min_row=header + 1)]
        self.assertEqual(len(rows), 2)
        self.assertEqual(rows[1][1], datetime(2026, 3, 10, 9, 0))
        self.assertEqual(rows[1][2], "Văn Phòng")
        self.assertIn("checkin.log.export", rows[1][4])
        self.assertEqual(rows[1][5], "Kiểm tra, đối chiếu nội bộ")
        block = " ".join(str(ws.cell(row=r, column=1).value) for r in range(1, header))
        self.assertIn("Người thực hiện: Văn Phòng", block)
        self.assertIn("Tài liệu chứa dữ liệu cá nhân", block)
        recorded = AuditEvent.objects.get(action="core.audit.export")
        self.assertEqual(recorded.actor, self.director)
        self.assertEqual(recorded.detail["rows"], 2)
