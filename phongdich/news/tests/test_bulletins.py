"""The verified bulletin: publish to an audience, acknowledge once, deadline, reminders
never twice a day, who has not acknowledged per unit, rates."""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from phongdich.core.models import AuditEvent
from phongdich.core.roles import Role
from phongdich.core.tests.base import BaseTestCase
from phongdich.news.models import Acknowledgement, BulletinReminder
from phongdich.news.selectors.bulletins import audience_staff, bulletin_progress, bulletin_rates
from phongdich.news.services.bulletins import bulletin_acknowledge, bulletin_remind
from phongdich.news.tests.helpers import bulletin
from phongdich.notifications.models import Notification


def docx_bytes() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    return out.getvalue()


class PublishTests(BaseTestCase):
    def test_the_office_publishes_and_the_whole_audience_is_notified(self) -> None:
        with self.captureOnCommitCallbacks(execute=True):
            item = bulletin(self.office)
        audience = audience_staff(bulletin=item)
        self.assertEqual(audience.count(), 10)  # every cast member with an account
        self.assertEqual(Notification.objects.filter(title__contains="1234/UBND-VX").count(), 10)
        self.assertTrue(AuditEvent.objects.filter(action="news.bulletin.publish").exists())

    def test_an_audience_of_units_includes_the_units_below_and_roles_add_people(self) -> None:
        self.staff_a.user = self.make_user("colleague")
        self.staff_a.save()
        item = bulletin(self.office, audience_all=False, units=[self.unit_a], roles=[Role.GUARD])
        names = {s.user.username for s in audience_staff(bulletin=item)}
        self.assertEqual(names, {"head_a", "staff", "colleague", "guard"})

    def make_user(self, name: str):  # type: ignore[no-untyped-def]
        from django.contrib.auth import get_user_model

        return get_user_model().objects.create_user(username=name, password="x")

    def test_a_file_is_accepted_by_its_content_only(self) -> None:
        bulletin(self.office, upload=SimpleUploadedFile("cv.docx", docx_bytes()))
        for upload, message in (
            (SimpleUploadedFile("cv.pdf", b"MZ\x90\x00 an executable"), "không đúng với đuôi .pdf"),
            (SimpleUploadedFile("cv.docx", b"%PDF-1.4 a pdf"), "không đúng với đuôi .docx"),
            (SimpleUploadedFile("cv.exe", b"%PDF-1.4"), "chỉ nhận tệp .pdf, .docx"),
            (SimpleUploadedFile("cv.docx", b"PK\x03\x04 not a zip"), "không đúng với đuôi .docx"),
        ):
            with (
                self.subTest(name=upload.name),
                self.assertRaisesMessage(ValidationError, message),
            ):
                bulletin(self.office, upload=upload)

    @override_settings(NEWS_BULLETIN_MAX_MB=1)
    def test_a_file_over_the_cap_is_refused(self) -> None:
        big = SimpleUploadedFile("cv.pdf", b"%PDF-" + b"0" * (1024 * 1024))
        with self.assertRaisesMessage(ValidationError, "Tệp lớn quá"):
            bulletin(self.office, upload=big)

    def test_an_audience_and_a_deadline_from_today_are_required(self) -> None:
        with self.assertRaisesMessage(ValidationError, "Hãy chọn người nhận"):
            bulletin(self.office, audience_all=False)
        with self.assertRaisesMessage(ValidationError, "Hạn xác nhận không được trước hôm nay"):
            bulletin(self.office, deadline=timezone.localdate() - dt.timedelta(days=1))


class AcknowledgeTests(BaseTestCase):
    def setUp(self) -> None:
        self.item = bulletin(self.office, audience_all=False, units=[self.unit_a, self.unit_b])

    def test_a_person_acknowledges_once_with_the_time_and_cannot_undo(self) -> None:
        moment = timezone.now()
        ack = bulletin_acknowledge(bulletin=self.item, user=self.staff_user, ip=None, now=moment)
        self.assertEqual((ack.at, ack.late, ack.unit), (moment, False, self.unit_a))
        with self.assertRaisesMessage(ValidationError, "không thể huỷ hay làm lại"):
            bulletin_acknowledge(bulletin=self.item, user=self.staff_user, ip=None)
        self.assertEqual(Acknowledgement.objects.filter(user=self.staff_user).count(), 1)
        # Nothing can delete it (the bulletin protects it too).
        from django.db.models import ProtectedError

        with self.assertRaises(ProtectedError):
            self.item.delete()

    def test_someone_outside_the_audience_cannot_acknowledge(self) -> None:
        with self.assertRaises(PermissionDenied):
            bulletin_acknowledge(bulletin=self.item, user=self.guard, ip=None)

    def test_after_the_deadline_it_is_still_recorded_but_marked_late(self) -> None:
        later = timezone.make_aware(
            dt.datetime.combine(self.item.deadline + dt.timedelta(days=1), dt.time(9))
        )
        ack = bulletin_acknowledge(bulletin=self.item, user=self.staff_user, ip=None, now=later)
        self.assertTrue(ack.late)
        on_the_day = timezone.make_aware(dt.datetime.combine(self.item.deadline, dt.time(23, 50)))
        self.assertFalse(
            bulletin_acknowledge(bulletin=self.item, user=self.head_a, ip=None, now=on_the_day).late
        )
        row = {r.unit.code: r for r in bulletin_progress(user=self.office, bulletin=self.item)}[
            "P-A"
        ]
        self.assertEqual((row.acknowledged, row.late), (2, 1))

    def test_the_page_acknowledges_and_then_shows_the_time(self) -> None:
        self.login(self.staff_user)
        url = reverse("news:bulletin_detail", args=[self.item.pk])
        self.assertContains(self.client.get(url), "Tôi đã đọc và sẽ thực hiện")
        response = self.client.post(
            reverse("news:bulletin_acknowledge", args=[self.item.pk]), follow=True
        )
        self.assertContains(response, "Bạn đã xác nhận “Tôi đã đọc và sẽ thực hiện” lúc")
        again = self.client.post(
            reverse("news:bulletin_acknowledge", args=[self.item.pk]), follow=True
        )
        self.assertContains(again, "không thể huỷ hay làm lại")

    def test_only_the_audience_and_those_who_follow_up_see_it_and_its_file(self) -> None:
        for user, code in (
            (self.staff_user, 200),
            (self.head_b, 200),
            (self.office, 200),
            (self.guard, 404),
        ):
            self.login(user)
            with self.subTest(user=user.username):
                self.assertEqual(
                    self.client.get(reverse("news:bulletin_file", args=[self.item.pk])).status_code,
                    code,
                )
                self.assertEqual(
                    self.client.get(
                        reverse("news:bulletin_detail", args=[self.item.pk])
                    ).status_code,
                    code,
                )


class ReminderTests(BaseTestCase):
    def setUp(self) -> None:
        self.item = bulletin(self.office, audience_all=False, units=[self.unit_a, self.unit_b])
        bulletin_acknowledge(bulletin=self.item, user=self.head_a, ip=None)

    def test_progress_per_unit_and_who_has_not(self) -> None:
        rows = {r.unit.code: r for r in bulletin_progress(user=self.office, bulletin=self.item)}
        self.assertEqual(
            (rows["P-A"].audience, rows["P-A"].acknowledged, rows["P-A"].rate), (2, 1, 50)
        )
        self.assertEqual([s.user for s in rows["P-A"].pending], [self.staff_user])
        self.assertEqual([s.user for s in rows["TT-B"].pending], [self.head_b])
        # A unit head follows their unit only.
        self.assertEqual(
            [r.unit.code for r in bulletin_progress(user=self.head_a, bulletin=self.item)], ["P-A"]
        )
        self.assertEqual(
            [(r.audience, r.acknowledged, r.rate) for r in bulletin_rates(user=self.office)],
            [(3, 1, 33)],
        )

    def test_one_click_reminds_in_app_and_never_twice_a_day(self) -> None:
        self.login(self.office)
        url = reverse("news:bulletin_remind", args=[self.item.pk])
        with self.captureOnCommitCallbacks(execute=True):
            first = self.client.post(url, follow=True)
        self.assertContains(first, "Đã nhắc 2 người chưa xác nhận.")
        reminders = Notification.objects.filter(title__startswith="Nhắc: xác nhận")
        self.assertEqual(
            set(reminders.values_list("user__username", flat=True)), {"staff", "head_b"}
        )
        with self.captureOnCommitCallbacks(execute=True):
            second = self.client.post(url, follow=True)
        self.assertContains(second, "Đã nhắc 0 người chưa xác nhận.")
        self.assertContains(second, "2 người đã được nhắc hôm nay nên không nhắc lại.")
        self.assertEqual(reminders.count(), 2)
        # The next day they may be reminded again.
        tomorrow = timezone.localdate() + dt.timedelta(days=1)
        reminded, skipped = bulletin_remind(
            bulletin=self.item,
            users=[self.staff_user, self.head_b],
            actor=self.office,
            ip=None,
            today=tomorrow,
        )
        self.assertEqual((reminded, skipped), (2, 0))
        self.assertEqual(BulletinReminder.objects.count(), 4)

    def test_the_log_refuses_a_second_reminder_even_from_another_sender(self) -> None:
        bulletin_remind(bulletin=self.item, users=[self.staff_user], actor=self.head_a, ip=None)
        reminded, skipped = bulletin_remind(
            bulletin=self.item, users=[self.staff_user, self.head_a], actor=self.office, ip=None
        )
        self.assertEqual((reminded, skipped), (0, 1))  # head_a has acknowledged: not counted

    def test_a_unit_head_reminds_only_their_unit(self) -> None:
        self.login(self.head_b)
        self.client.post(reverse("news:bulletin_remind", args=[self.item.pk]))
        self.assertEqual(
            list(BulletinReminder.objects.values_list("user__username", flat=True)), ["head_b"]
        )

    def test_the_rates_export_to_xlsx_over_the_readers_units(self) -> None:
        bulletin(self.office, number="99/SYT-NV", audience_all=False, units=[self.unit_b])

        def rows(user: object) -> tuple[list[tuple[Any, ...]], list[Any]]:
            self.login(user)
            response = self.client.get(reverse("news:bulletin_rates_export"))
            self.assertEqual(response.status_code, 200)
            book = load_workbook(io.BytesIO(response.content))
            sheet = [r for r in book["Tỷ lệ xác nhận"].iter_rows(values_only=True) if any(r)]
            header = next(i for i, r in enumerate(sheet) if r[0] == "STT")
            self.assertEqual(
                sheet[header],
                (
                    "STT",
                    "Số văn bản",
                    "Cơ quan ban hành",
                    "Trích yếu",
                    "Ngày ban hành",
                    "Hạn xác nhận",
                    "Số người nhận",
                    "Đã xác nhận",
                    "Tỷ lệ",
                ),
            )
            return sheet[header + 1 :], [r[0] for r in sheet[:header]]

        office, above = rows(self.office)
        self.assertIn("Đơn vị: Toàn Sở", above)
        self.assertEqual(
            [(r[1], r[6], r[7]) for r in office], [("99/SYT-NV", 1, 0), ("1234/UBND-VX", 3, 1)]
        )
        first = office[1]
        self.assertEqual(
            first[2:5],
            (
                "UBND tỉnh Thanh Hóa",
                "V/v tăng cường phòng, chống dịch COVID-19",
                dt.datetime(2026, 11, 20),
            ),
        )
        self.assertAlmostEqual(first[8], 1 / 3)
        # A unit head: their unit only (the bulletin to unit B has nobody there).
        head, above = rows(self.head_a)
        scope = next(str(line) for line in above if str(line).startswith("Đơn vị: "))
        self.assertTrue(scope.startswith(f"Đơn vị: {self.unit_a.name}"), scope)  # and below
        self.assertNotIn(self.unit_b.name, scope)
        self.assertEqual(
            [(r[1], r[6], r[7], r[8]) for r in head],
            [("99/SYT-NV", 0, 0, None), ("1234/UBND-VX", 2, 1, 0.5)],
        )
        self.login(self.staff_user)
        self.assertEqual(self.client.get(reverse("news:bulletin_rates_export")).status_code, 403)
        self.login(self.office)
        self.assertContains(
            self.client.get(reverse("news:bulletin_list")), reverse("news:bulletin_rates_export")
        )

    def test_the_list_takes_a_fixed_number_of_queries(self) -> None:
        self.login(self.office)
        self.client.get(reverse("news:bulletin_list"))
        for _ in range(3):  # more bulletins, the same number of queries
            bulletin(self.office, audience_all=False, roles=[Role.OFFICE])
        with self.assertNumQueries(16):
            response = self.client.get(reverse("news:bulletin_list"))
        self.assertEqual(len(response.context["rates"]), 4)
        self.assertEqual(len(response.context["mine"]), 3)
