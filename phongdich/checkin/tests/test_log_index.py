from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from django.urls import reverse
from django.utils import timezone

from phongdich.checkin.models import Location
from phongdich.checkin.tests.helpers import RISKY, make_gates, make_visit, on_citus
from phongdich.core.models import AuditEvent
from phongdich.core.tests.base import BaseTestCase

HCM = ZoneInfo("Asia/Ho_Chi_Minh")
ALLOWED = {"office", "admin", "director", "head_a", "head_b", "tracer"}


class VisitLogTests(BaseTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        make_gates(cls)
        cls.gate_team = Location.objects.create(code="PA-1", name="Cổng Tổ A", unit=cls.unit_a_team)
        cls.today = timezone.localdate()
        at = timezone.now() - timedelta(minutes=5)
        cls.v_a = make_visit(cls.gate_team, phone="+84912345201", name="Đỗ Minh Anh", at=at)
        cls.v_b = make_visit(
            cls.gate_b, phone="+84912345202", name="Vũ Thị Bích", answers=RISKY, at=at
        )
        cls.v_office = make_visit(
            cls.gate_a, phone="+84912345203", name="Cán Bộ Sở", is_visitor=False, at=at
        )
        old = datetime(2026, 1, 10, 9, 0, tzinfo=HCM)
        cls.v_old = make_visit(cls.gate_b, phone="+84912345204", name="Ngày Cũ", at=old)

    def get(self, **params: str):  # type: ignore[no-untyped-def]
        return self.client.get(reverse("checkin:log_index"), params)

    def names(self, response) -> set[str]:  # type: ignore[no-untyped-def]
        return {v.person.full_name for v in response.context["page"]}

    def test_it_lets_in_only_the_roles_that_read_the_log(self) -> None:
        for name, user in self.cast.items():
            with self.subTest(member=name):
                self.client.force_login(user)
                self.assertEqual(self.get().status_code, 200 if name in ALLOWED else 403)
                response = self.client.get(
                    reverse("checkin:log_export"), {"export_reason": "internal"}
                )
                self.assertEqual(response.status_code, 200 if name in ALLOWED else 403)

    def test_anonymous_visitors_are_sent_to_log_in(self) -> None:
        self.assertEqual(self.get().status_code, 302)

    def test_it_shows_todays_visits_by_default(self) -> None:
        self.login(self.office)
        response = self.get()
        self.assertEqual(self.names(response), {"Đỗ Minh Anh", "Vũ Thị Bích", "Cán Bộ Sở"})
        self.assertContains(response, "+84912345201")
        self.assertContains(response, "Có yếu tố nguy cơ")

    def test_a_unit_head_sees_their_unit_and_its_subunits_only(self) -> None:
        self.login(self.head_a)
        self.assertEqual(self.names(self.get()), {"Đỗ Minh Anh"})
        response = self.get(unit=str(self.unit_b.pk))
        self.assertIn("không thuộc phạm vi", str(response.context["form"].errors["unit"]))
        self.assertIsNone(response.context["page"])
        self.assertNotContains(response, "Vũ Thị Bích")
        response = self.get(gate=str(self.gate_b.pk))
        self.assertNotContains(response, "Vũ Thị Bích")

    def test_it_filters_by_unit_date_gate_kind_and_status(self) -> None:
        self.login(self.director)
        self.assertEqual(self.names(self.get(unit=str(self.unit_b.pk))), {"Vũ Thị Bích"})
        self.assertEqual(
            self.names(self.get(date_from="01/01/2026", date_to="31/01/2026")), {"Ngày Cũ"}
        )
        self.assertEqual(self.names(self.get(gate=str(self.gate_team.pk))), {"Đỗ Minh Anh"})
        self.assertEqual(self.names(self.get(kind="staff")), {"Cán Bộ Sở"})
        self.assertEqual(self.names(self.get(kind="visitor")), {"Đỗ Minh Anh", "Vũ Thị Bích"})
        self.assertEqual(self.names(self.get(status="pending")), {"Vũ Thị Bích"})

    def test_it_finds_a_person_by_phone_in_any_format_or_by_name(self) -> None:
        self.login(self.tracer)
        for query in ["0912345202", "+84 912 345 202", "0912.345.202"]:
            with self.subTest(query=query):
                self.assertEqual(self.names(self.get(q=query)), {"Vũ Thị Bích"})
        self.assertEqual(self.names(self.get(q="vu thi")), {"Vũ Thị Bích"})
        self.assertEqual(self.names(self.get(q="Minh")), {"Đỗ Minh Anh"})
        response = self.get(q="0912")
        self.assertIn("không hợp lệ", str(response.context["form"].errors["q"]))

    def test_bad_dates_get_clear_messages(self) -> None:
        self.login(self.office)
        response = self.get(date_from="32/01/2026")
        self.assertContains(response, "nhập ngày dạng dd/mm/yyyy")
        response = self.get(date_from="10/02/2026", date_to="01/02/2026")
        self.assertContains(response, "phải từ “Từ ngày” trở đi")
        self.assertContains(response, 'value="10/02/2026"')
        response = self.get(date_from="01/01/2025", date_to="31/12/2025")
        self.assertContains(response, "tối đa 92 ngày")

    def test_viewing_the_log_is_audited_with_masked_values(self) -> None:
        self.login(self.office)
        self.get(q="0912345202")
        event = AuditEvent.objects.get(action="checkin.log.view")
        self.assertEqual(event.actor, self.office)
        self.assertEqual(event.detail["phone"], "+8491****202")
        self.assertNotIn("912345202", str(event.detail))
        self.get(q="Vũ Thị")
        event = AuditEvent.objects.filter(action="checkin.log.view").latest("pk")
        self.assertNotIn("Vũ", str(event.detail))

    def test_an_empty_result_shows_no_personal_data_and_is_not_audited(self) -> None:
        self.login(self.office)
        self.get(date_from="01/03/2026")
        self.assertFalse(AuditEvent.objects.filter(action="checkin.log.view").exists())

    def test_the_number_of_queries_does_not_grow_with_the_rows(self) -> None:
        self.login(self.office)
        self.get()  # warm the session
        # 12 + the bell's unread count (Citus: the people and declarations by id)
        with self.assertNumQueries(13 + on_citus(2)):
            self.get()
        for i in range(10):
            make_visit(
                self.gate_b,
                phone=f"+8491234530{i}",
                name=f"Khách {i}",
                at=timezone.now() - timedelta(minutes=1),
            )
        # 12 + the bell's unread count (Citus: the people and declarations by id)
        with self.assertNumQueries(13 + on_citus(2)):
            response = self.get()
        self.assertEqual(len(response.context["page"]), 13)

    def test_it_pages_through_many_visits(self) -> None:
        for i in range(55):
            make_visit(
                self.gate_b,
                phone=f"+849123460{i:02d}",
                name=f"Khách {i}",
                at=timezone.now() - timedelta(seconds=i + 1),
            )
        self.login(self.office)
        response = self.get(unit=str(self.unit_b.pk))
        self.assertEqual(len(response.context["page"]), 50)
        self.assertContains(response, "Trang 1/2")
        response = self.get(unit=str(self.unit_b.pk), page="2")
        self.assertEqual(len(response.context["page"]), 6)
        self.assertContains(response, ">51</td>", html=False)  # STT, stacked on a phone


class VisitLogPersonHistoryTests(BaseTestCase):
    """A search by phone (or CCCD) without dates lists every visit of that person in
    the last 92 days, newest first, not only today's (the latest)."""

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        make_gates(cls)
        now = timezone.now()
        phone = "+84912345301"
        cls.visits = [
            make_visit(cls.gate_a, phone=phone, name="Lê Văn Thường", at=now - timedelta(days=d))
            for d in (40, 9, 2)
        ]
        cls.today_visit = make_visit(cls.gate_a, phone=phone, name="Lê Văn Thường", at=now)
        cls.too_old = make_visit(
            cls.gate_a, phone=phone, name="Lê Văn Thường", at=now - timedelta(days=120)
        )
        make_visit(cls.gate_a, phone="+84912345302", name="Người Khác", at=now - timedelta(days=2))

    def test_every_visit_of_the_phone_is_listed_newest_first(self) -> None:
        self.login(self.office)
        response = self.client.get(reverse("checkin:log_index"), {"q": "0912 345 301"})
        shown = [v.pk for v in response.context["page"]]
        expected = [self.today_visit.pk, *[v.pk for v in reversed(self.visits)]]
        self.assertEqual(shown, expected)
        self.assertContains(response, 'id="person-history"')
        self.assertContains(response, "4 lượt")
        first = (timezone.localdate() - timedelta(days=92)).strftime("%d/%m/%Y")
        self.assertContains(response, first)

    def test_dates_given_with_the_phone_are_kept(self) -> None:
        self.login(self.office)
        today = timezone.localdate().strftime("%d/%m/%Y")
        response = self.client.get(
            reverse("checkin:log_index"), {"q": "0912345301", "date_from": today}
        )
        self.assertEqual([v.pk for v in response.context["page"]], [self.today_visit.pk])
        self.assertNotContains(response, 'id="person-history"')

    def test_a_name_search_without_dates_stays_on_today(self) -> None:
        self.login(self.office)
        response = self.client.get(reverse("checkin:log_index"), {"q": "Thường"})
        self.assertEqual([v.pk for v in response.context["page"]], [self.today_visit.pk])

    def test_the_export_of_a_phone_search_has_every_visit(self) -> None:
        from io import BytesIO

        from openpyxl import load_workbook

        self.login(self.office)
        response = self.client.get(
            reverse("checkin:log_export"), {"q": "0912345301", "export_reason": "internal"}
        )
        self.assertEqual(response.status_code, 200, response.content[:500])
        sheet = load_workbook(BytesIO(response.content)).active
        text = "\n".join(str(c.value) for row in sheet.iter_rows() for c in row if c.value)
        self.assertEqual(text.count("Lê Văn Thường"), 4)
