"""The weekly one-tap app question on a staff member's first check-in of the day
(issue 13 item 2): asked on the result page (GET), never in the check-in POST; once a
week; never to a visitor who is not staff; each tap records a declaration."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse
from django.utils import timezone

from phongdich.adoption.models import Declaration, ReminderLog, RequiredApp
from phongdich.adoption.tests.helpers import AdoptionTestCase
from phongdich.checkin.models import Location, Visit
from phongdich.checkin.tests.helpers import on_citus
from phongdich.checkin.tests.public_helpers import submit

STAFF_PHONE = "0912000777"
QUESTION = "Bạn đã cài các ứng dụng này chưa?"


class AppPromptTests(AdoptionTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.gate = Location.objects.create(code="CP-1", name="Cổng chính", unit=cls.office_unit)
        cls.own.phone = "+84" + STAFF_PHONE[1:]  # stored normalised
        cls.own.save()
        cls.apps = [a for a in RequiredApp.objects.filter(is_active=True) if a.code]

    def check_in(self, phone: str = STAFF_PHONE, name: str = "Cán bộ Thử"):  # type: ignore[no-untyped-def]
        self.client.cookies.clear()
        response = submit(self.client, self.gate, full_name=name, phone=phone)
        self.assertEqual(response.status_code, 302, response.content.decode()[:500])
        return response["Location"]

    def move_visits(self, days: int) -> None:
        for visit in Visit.objects.all():
            visit.check_in -= dt.timedelta(days=days)
            visit.save(update_fields=["check_in"])
        ReminderLog.objects.update(day=timezone.localdate() - dt.timedelta(days=days))

    def test_a_staff_member_is_asked_on_the_first_check_in_then_not_for_a_week(self) -> None:
        url = self.check_in()
        html = self.client.get(url).content.decode()
        self.assertIn(QUESTION, html)
        for label in ("Đã cài", "Chưa cài", "Không có điện thoại thông minh"):
            self.assertIn(label, html)
        self.assertIn("Bluezone", html)
        self.assertEqual(ReminderLog.objects.filter(staff=self.own).count(), 1)
        # The same page again, and a second check-in the same day: not asked again.
        self.assertNotIn(QUESTION, self.client.get(url).content.decode())
        self.assertNotIn(QUESTION, self.client.get(self.check_in()).content.decode())
        # Three days later, first check-in of that day: asked this week already.
        self.move_visits(3)
        self.assertNotIn(QUESTION, self.client.get(self.check_in()).content.decode())
        # Eight days later: asked again.
        Visit.objects.all().delete()
        self.move_visits(8)
        self.assertIn(QUESTION, self.client.get(self.check_in()).content.decode())

    def test_a_visitor_who_is_not_staff_is_never_asked(self) -> None:
        url = self.check_in(phone="0987111222", name="Khách Lạ")
        self.assertNotIn(QUESTION, self.client.get(url).content.decode())
        self.assertFalse(ReminderLog.objects.exists())

    def test_nothing_is_asked_when_every_app_is_declared(self) -> None:
        url = self.check_in()
        page = self.client.get(url).content.decode()
        self.assertIn(QUESTION, page)
        ReminderLog.objects.all().delete()
        for app in RequiredApp.objects.all():
            Declaration.objects.create(
                staff=self.own, app=app, status="installed", declared_at=timezone.now()
            )
        Visit.objects.all().delete()
        self.assertNotIn(QUESTION, self.client.get(self.check_in()).content.decode())

    def test_a_tap_records_the_declaration_and_offers_the_rest(self) -> None:
        url = self.check_in()
        self.client.get(url)
        tap = url + "/ung-dung"
        response = self.client.post(tap, {"app": self.bluezone.pk, "status": "not_installed"})
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "Đã ghi nhận")
        declaration = Declaration.objects.get(staff=self.own, app=self.bluezone)
        self.assertEqual((declaration.status, declaration.source), ("not_installed", "self"))
        self.assertNotContains(response, f'name="app" value="{self.bluezone.pk}"')
        response = self.client.post(tap, {"app": self.pccovid.pk, "status": "no_smartphone"})
        self.assertEqual(
            Declaration.objects.get(staff=self.own, app=self.pccovid).status, "no_smartphone"
        )

    def test_bad_taps_are_refused_in_vietnamese_and_write_nothing(self) -> None:
        url = self.check_in()
        tap = url + "/ung-dung"
        cases = [
            ({"app": self.bluezone.pk, "status": "using-it-a-lot"}, "Hãy chọn một câu trả lời."),
            ({"app": self.bluezone.pk}, "Hãy chọn một câu trả lời."),
            ({"app": "abc", "status": "installed"}, "Ứng dụng không hợp lệ."),
            ({"app": 999999, "status": "installed"}, "không có trong danh sách khai báo"),
        ]
        for data, message in cases:
            response = self.client.post(tap, data)
            self.assertEqual(response.status_code, 400, data)
            self.assertContains(response, message, status_code=400)
        self.assertFalse(Declaration.objects.exists())
        # A forged ticket, another site's form, a visitor's ticket: refused.
        bad = reverse("public:app_tap", args=[self.gate.poster_token, "forged"])
        self.assertEqual(self.client.post(bad, {"app": 1, "status": "installed"}).status_code, 404)
        cross = self.client.post(
            tap,
            {"app": self.bluezone.pk, "status": "installed"},
            headers={"origin": "https://evil.example"},
        )
        self.assertEqual(cross.status_code, 403)
        visitor = self.check_in(phone="0987111222", name="Khách Lạ") + "/ung-dung"
        refused = self.client.post(visitor, {"app": self.bluezone.pk, "status": "installed"})
        self.assertEqual(refused.status_code, 404)
        self.assertFalse(Declaration.objects.exists())

    def test_the_result_page_query_counts_are_pinned(self) -> None:
        visitor = self.check_in(phone="0987111222", name="Khách Lạ")
        # gate, visit, help articles: no adoption query (Citus: the visit's person and
        # declaration by id, not joined)
        with self.assertNumQueries(3 + on_citus(2)):
            self.client.get(visitor)
        url = self.check_in()
        # + asked, earlier visit, staff, declared, union, apps; the ask recorded
        with self.assertNumQueries(13 + on_citus(2)):
            self.client.get(url)
        # Asked this week (the common case): one query more than a visitor's page.
        with self.assertNumQueries(4 + on_citus(2)):
            self.client.get(url)
