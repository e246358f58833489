"""The Office's queue (issue 9 item 8): deadlines shown, the CCCD checked in person, the
answer recorded; "see" gives an .xlsx of everything held (also downloadable on the phone
that checked in); "delete" and "withdraw" erase check-ins and declarations unless an
open case needs them, then the daily job finishes once the case closes; the staff record
is unlinked, never deleted; reminders; every step audited."""

from __future__ import annotations

import io
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from phongdich.checkin.models import Declaration, Person, Visit
from phongdich.checkin.services.checkin import person_upsert
from phongdich.checkin.tests.helpers import make_visit
from phongdich.core.models import AuditEvent, JobRun
from phongdich.core.tests.base import BaseTestCase
from phongdich.notifications.models import Notification
from phongdich.org.models import Staff
from phongdich.privacy.deadlines import add_working_days
from phongdich.privacy.models import SubjectRequest
from phongdich.privacy.services.subject_requests import request_submit
from phongdich.privacy.tasks import privacy_requests_daily
from phongdich.privacy.tests.test_public_page import PublicPageTestCase

HCM = ZoneInfo("Asia/Ho_Chi_Minh")
CCCD = "001190012345"


def sheet_rows(book, name: str) -> list[list[object]]:  # type: ignore[no-untyped-def]
    ws = book[name]
    header = next(
        int(r[0].row or 0)
        for r in ws.iter_rows()
        if r[0].value in ("STT", "Thông tin", "Hồ sơ", "Thời điểm", "Mã")
    )
    return [[c.value for c in r] for r in ws.iter_rows(min_row=header + 1)]


class QueueTests(PublicPageTestCase):
    def setUp(self) -> None:
        super().setUp()
        # A person who checked in with a CCCD, is a staff member, and whose contact
        # record a tracer viewed (linked to staff_a by the phone).
        self.person = person_upsert(identity="+84912000001", full_name="Nguyễn Văn Ạ", cccd=CCCD)
        make_visit(
            self.gate,
            phone="+84912000001",
            name="Nguyễn Văn Ạ",
            at=timezone.now() - timedelta(days=2),
        )
        make_visit(
            self.gate,
            phone="+84912000001",
            name="Nguyễn Văn Ạ",
            at=timezone.now() - timedelta(days=1),
        )

    def in_person(self, kind: str = "see") -> SubjectRequest:
        return request_submit(
            kind=kind, proof="in_person", person=None, full_name="Nguyễn Văn Ạ", phone="0912000001"
        )

    def post(self, name: str, request: SubjectRequest, **data: str):  # type: ignore[no-untyped-def]
        return self.client.post(reverse(f"privacy:{name}", args=[request.pk]), data)

    def test_the_queue_shows_the_deadlines_and_an_overdue_request_in_red(self) -> None:
        late = self.in_person()
        SubjectRequest.objects.filter(pk=late.pk).update(
            received_at=timezone.now() - timedelta(days=30),
            ack_due=timezone.now() - timedelta(days=28),
            answer_due=timezone.now() - timedelta(days=16),
        )
        fresh = self.in_person("delete")
        self.login(self.office)
        html = self.client.get(reverse("privacy:request_list")).content.decode()
        late_row = html[html.index(f'id="request-{late.pk}"') :]
        late_row = late_row[: late_row.index("</tr>")]
        self.assertIn('class="overdue"', late_row)
        self.assertIn("Quá hạn 16 ngày", late_row)
        self.assertIn("Chờ đối chiếu CCCD", late_row)
        fresh_row = html[html.index(f'id="request-{fresh.pk}"') :]
        self.assertNotIn("Quá hạn", fresh_row[: fresh_row.index("</tr>")])
        self.assertIn(timezone.localtime(fresh.answer_due).strftime("%d/%m/%Y"), fresh_row)

    def test_the_queue_has_a_fixed_number_of_queries_and_only_the_office_and_admin(self) -> None:
        self.in_person()
        self.login(self.office)
        self.client.get(reverse("privacy:request_list"))
        with CaptureQueriesContext(connection) as one:
            self.client.get(reverse("privacy:request_list"))
        for _n in range(4):
            self.in_person()
        with CaptureQueriesContext(connection) as five:
            response = self.client.get(reverse("privacy:request_list"))
        self.assertEqual(len(response.context["rows"]), 5)
        self.assertEqual(len(five), len(one))
        for name, user in self.cast.items():
            with self.subTest(member=name):
                self.login(user)
                expected = 200 if name in {"office", "admin"} else 403
                self.assertEqual(
                    self.client.get(reverse("privacy:request_list")).status_code, expected
                )

    def test_the_office_checks_the_cccd_in_person(self) -> None:
        request = self.in_person()
        self.login(self.office)
        response = self.post("request_answer", request)
        self.assertContains(response, "Chưa xác minh danh tính", status_code=400)
        response = self.post("request_verify", request, cccd="001190012399")
        self.assertContains(response, "Số CCCD không khớp", status_code=400)
        response = self.post("request_verify", request, cccd="12")
        self.assertContains(response, "12 chữ số", status_code=400)
        response = self.post("request_verify", request, cccd="001 190 012 345")
        self.assertEqual(response.status_code, 302)
        request.refresh_from_db()
        self.assertEqual((request.person, request.verified_by), (self.person, self.office))
        event = AuditEvent.objects.get(action="privacy.request.verify")
        self.assertEqual(event.detail, {"found": True, "cccd_on_file": True})

    def test_see_gives_everything_held_and_who_viewed_it(self) -> None:
        from phongdich.tracing import services as tracing

        case = tracing.case_create(
            person=self.person, onset=timezone.localdate(), user=self.tracer, staff=self.staff_a
        )
        tracing.case_contacts_view(case=case, user=self.tracer)
        request = self.in_person()
        self.login(self.office)
        self.post("request_acknowledge", request)
        self.post("request_verify", request, cccd=CCCD)
        response = self.post("request_answer", request, answer="Gửi anh tệp dữ liệu.")
        self.assertEqual(response.status_code, 302)
        request.refresh_from_db()
        self.assertEqual(request.status, SubjectRequest.Status.ANSWERED)
        self.assertEqual(request.answered_by, self.office)
        response = self.client.get(reverse("privacy:request_export", args=[request.pk]))
        self.assertEqual(response.status_code, 200)
        book = load_workbook(io.BytesIO(response.content))
        self.assertEqual(
            book.sheetnames,
            [
                "Thông tin",
                "Lượt ra vào",
                "Tờ khai y tế",
                "Sự đồng ý",
                "Ca bệnh, tiếp xúc",
                "Ai đã xem",
                "Yêu cầu",
            ],
        )
        about = dict((r[0], r[1]) for r in sheet_rows(book, "Thông tin"))
        self.assertEqual(about["Họ và tên"], "Nguyễn Văn Ạ")
        self.assertEqual(about["Số CCCD"], CCCD)
        self.assertIn("SA01", about["Hồ sơ cán bộ liên kết"])
        self.assertEqual(len(sheet_rows(book, "Lượt ra vào")), 2)
        declarations = sheet_rows(book, "Tờ khai y tế")
        self.assertEqual(len(declarations), 2)
        self.assertIn("Số mũi vắc xin", str(declarations[0][5]))
        self.assertEqual(len(sheet_rows(book, "Sự đồng ý")), 2)
        self.assertIn("Ca bệnh (F0)", str(sheet_rows(book, "Ca bệnh, tiếp xúc")[0][0]))
        viewed = sheet_rows(book, "Ai đã xem")
        self.assertIn(["Truy Vết", "tracing.contacts.view"], [r[1:3] for r in viewed])
        self.assertEqual(sheet_rows(book, "Yêu cầu")[0][0], request.code)
        event = AuditEvent.objects.get(action="privacy.request.export")
        self.assertEqual(event.actor, self.office)
        self.assertIn("xem dữ liệu", event.reason)
        actions = set(
            AuditEvent.objects.filter(object_type="privacy.subjectrequest").values_list(
                "action", flat=True
            )
        )
        self.assertEqual(
            actions,
            {
                "privacy.request.submit",
                "privacy.request.acknowledge",
                "privacy.request.verify",
                "privacy.request.answer",
                "privacy.request.export",
            },
        )

    def test_delete_erases_visits_and_declarations_and_keeps_the_staff_record(self) -> None:
        request = self.in_person("delete")
        self.login(self.office)
        self.post("request_verify", request, cccd=CCCD)
        self.post("request_answer", request)
        request.refresh_from_db()
        self.assertEqual(request.status, SubjectRequest.Status.ANSWERED)
        self.assertFalse(Visit.objects.filter(person_id=self.person.pk).exists())
        self.assertFalse(Declaration.objects.filter(person_id=self.person.pk).exists())
        self.assertFalse(Person.objects.filter(pk=self.person.pk).exists())
        self.assertTrue(Staff.objects.filter(pk=self.staff_a.pk).exists())
        self.assertIn("Đã xoá 2 lượt ra vào và 2 tờ khai y tế", request.answer)
        self.assertIn("Hồ sơ cán bộ của anh/chị không bị xoá", request.answer)
        self.assertEqual(request.outcome["visits"], 2)
        self.assertTrue(request.outcome["person_deleted"])
        event = AuditEvent.objects.get(action="privacy.request.answer")
        self.assertEqual(event.detail["declarations"], 2)

    def test_a_person_tied_to_a_closed_case_keeps_the_row_but_loses_the_staff_link(self) -> None:
        from phongdich.tracing import services as tracing

        case = tracing.case_create(person=self.person, onset=timezone.localdate(), user=self.tracer)
        tracing.case_close(case=case, user=self.tracer)
        request = self.in_person("withdraw")
        self.login(self.office)
        self.post("request_verify", request, cccd=CCCD)
        self.post("request_answer", request)
        self.person.refresh_from_db()
        self.assertIsNone(self.person.staff)
        self.assertFalse(Visit.objects.filter(person=self.person).exists())
        self.assertTrue(Staff.objects.filter(pk=self.staff_a.pk).exists())

    def test_withdrawing_during_an_open_case_waits_then_the_daily_job_erases(self) -> None:
        from phongdich.tracing import services as tracing

        case = tracing.case_create(person=self.person, onset=timezone.localdate(), user=self.tracer)
        request = self.in_person("withdraw")
        self.login(self.office)
        self.post("request_verify", request, cccd=CCCD)
        response = self.client.post(
            reverse("privacy:request_answer", args=[request.pk]), follow=True
        )
        self.assertContains(response, "sẽ xoá khi ca bệnh kết thúc")
        request.refresh_from_db()
        self.assertEqual(request.status, SubjectRequest.Status.WAITING_CASE)
        self.assertIn("được giữ lại đến khi ca bệnh kết thúc", request.answer)
        self.assertEqual(Visit.objects.filter(person=self.person).count(), 2)
        privacy_requests_daily.call(reschedule=False)
        request.refresh_from_db()
        self.assertEqual(request.status, SubjectRequest.Status.WAITING_CASE)
        tracing.case_close(case=case, user=self.tracer)
        privacy_requests_daily.call(reschedule=False)
        request.refresh_from_db()
        self.assertEqual(request.status, SubjectRequest.Status.ANSWERED)
        self.assertIn("Ca bệnh liên quan đã kết thúc", request.answer)
        self.assertFalse(Visit.objects.filter(person=self.person).exists())
        run = JobRun.objects.filter(name__endswith="privacy_requests_daily").first()
        assert run is not None
        self.assertEqual(run.counts, {"reminded": 0, "finished": 1})

    def test_a_correction_changes_the_name_and_a_refusal_needs_a_reason(self) -> None:
        request = request_submit(
            kind="correct", proof="device", person=self.person, details="Tên đúng là Nguyễn Văn Á"
        )
        self.login(self.office)
        self.post("request_answer", request, corrected_name="Nguyễn Văn Á")
        self.person.refresh_from_db()
        self.assertEqual(self.person.full_name, "Nguyễn Văn Á")
        other = request_submit(kind="see", proof="device", person=self.person)
        response = self.post("request_refuse", other, answer="")
        self.assertContains(response, "Vui lòng ghi lý do", status_code=400)
        self.post("request_refuse", other, answer="Trùng yêu cầu đã trả lời.")
        other.refresh_from_db()
        self.assertEqual(other.status, SubjectRequest.Status.REFUSED)
        response = self.post("request_answer", other)
        self.assertContains(response, "đã được trả lời", status_code=400)

    def test_the_daily_job_reminds_the_office_once_a_day_of_requests_due(self) -> None:
        due = self.in_person()
        SubjectRequest.objects.filter(pk=due.pk).update(
            answer_due=timezone.now() + timedelta(hours=2)
        )
        self.in_person()  # due in ten working days: not yet
        privacy_requests_daily.call(reschedule=False)
        notes = Notification.objects.filter(title__contains="sắp đến hạn trả lời")
        self.assertEqual({n.user for n in notes}, {self.office, self.admin})
        self.assertIn(due.code, notes.first().body)  # type: ignore[union-attr]
        privacy_requests_daily.call(reschedule=False)
        self.assertEqual(Notification.objects.filter(title__contains="sắp đến hạn").count(), 2)

    def test_a_new_request_is_announced_to_the_office(self) -> None:
        with self.captureOnCommitCallbacks(execute=True):
            request = self.in_person()
        note = Notification.objects.get(user=self.office, title__contains=request.code)
        self.assertIn("Hạn trả lời", note.body)


class PhoneDownloadTests(PublicPageTestCase):
    def test_the_person_downloads_the_answer_on_the_phone_that_checked_in(self) -> None:
        person = self.check_in()
        self.send(kind="see", proof="device")
        request = SubjectRequest.objects.get()
        url = reverse("privacy:public_download", args=[request.code])
        self.assertEqual(self.client.get(url).status_code, 404)  # not answered yet
        office = Client()
        office.force_login(self.office)
        office.post(reverse("privacy:request_answer", args=[request.pk]))
        page = self.client.get(reverse("privacy:public")).content.decode()
        self.assertIn(f'id="download-{request.code}"', page)
        response = self.client.get(url)
        self.assertEqual(response.status_code, 200)
        self.assertIn("no-store", response["Cache-Control"])
        book = load_workbook(io.BytesIO(response.content))
        self.assertEqual(len(sheet_rows(book, "Lượt ra vào")), 1)
        event = AuditEvent.objects.get(action="privacy.request.download")
        self.assertEqual((event.actor, event.detail["person"]), (None, person.pk))
        # Another phone, or this one a month later, cannot.
        self.assertEqual(Client().get(url).status_code, 404)
        SubjectRequest.objects.filter(pk=request.pk).update(
            answered_at=timezone.now() - timedelta(days=31)
        )
        self.assertEqual(self.client.get(url).status_code, 404)


class DeadlineTests(BaseTestCase):
    def test_working_days_skip_the_weekend(self) -> None:
        friday = datetime(2026, 10, 16, 15, 0, tzinfo=HCM)
        self.assertEqual(
            add_working_days(friday, 2), datetime(2026, 10, 20, 23, 59, 59, tzinfo=HCM)
        )
        self.assertEqual(
            add_working_days(friday, 10), datetime(2026, 10, 30, 23, 59, 59, tzinfo=HCM)
        )


class DecreeDeadlineTests(PublicPageTestCase):
    """The figures of Decree 356/2025/NĐ-CP as read in docs/privacy.md, "Deadlines":
    acknowledge in 2 working days; see/correct/delete in 10 days; withdraw in 15 days."""

    def submit(self, kind: str, moment: datetime) -> SubjectRequest:
        return request_submit(
            kind=kind,
            proof="in_person",
            person=None,
            full_name="Lê Thị Hồng",
            phone="0912345670",
            details="Sửa tên" if kind == "correct" else "",
            now=moment,
        )

    def test_a_friday_request_is_acknowledged_by_tuesday_and_answered_in_calendar_days(
        self,
    ) -> None:
        friday = datetime(2026, 3, 6, 15, 0, tzinfo=HCM)  # a Friday
        due = {}
        for kind in ("see", "correct", "delete", "withdraw"):
            request = self.submit(kind, friday)
            self.assertEqual(
                timezone.localtime(request.ack_due).strftime("%d/%m/%Y %H:%M"),
                "10/03/2026 23:59",  # Monday, Tuesday: two working days
            )
            due[kind] = timezone.localtime(request.answer_due).strftime("%d/%m/%Y %H:%M")
        self.assertEqual(
            due,
            {
                "see": "16/03/2026 23:59",
                "correct": "16/03/2026 23:59",
                "delete": "16/03/2026 23:59",
                "withdraw": "21/03/2026 23:59",  # 15 days, a Saturday: calendar days
            },
        )

    def test_the_settings_override_the_decree_defaults(self) -> None:
        moment = datetime(2026, 3, 2, 9, 0, tzinfo=HCM)
        with self.settings(PRIVACY_ANSWER_DAYS=7, PRIVACY_WITHDRAW_DAYS=3):
            see, withdraw = self.submit("see", moment), self.submit("withdraw", moment)
        self.assertEqual(timezone.localtime(see.answer_due).day, 9)
        self.assertEqual(timezone.localtime(withdraw.answer_due).day, 5)
