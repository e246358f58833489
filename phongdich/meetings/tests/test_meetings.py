"""Scheduling: a meeting, a weekly giao ban, moving and cancelling one occurrence,
the Jitsi room, documents, and who sees what."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

from django.core import mail
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from phongdich.core.models import AuditEvent
from phongdich.core.tests.base import BaseTestCase
from phongdich.meetings.models import Meeting
from phongdich.meetings.selectors.meetings import meeting_get, meetings_visible
from phongdich.meetings.services.meetings import (
    RepeatInput,
    document_add,
    meeting_cancel,
    meeting_create,
    meeting_update,
)
from phongdich.meetings.tests.helpers import LINK, at, make_meeting, meeting_input

PDF = b"%PDF-1.4\n%%EOF\n"


class SchedulingTest(BaseTestCase):
    def test_a_meeting_is_saved_with_aware_local_times_and_audited(self) -> None:
        start = at(dt.date(2030, 3, 4), 8)
        meeting = make_meeting(self, start=start, invite=False)
        meeting.refresh_from_db()
        assert timezone.localtime(meeting.start).hour == 8
        assert str(timezone.localtime(meeting.start).tzinfo) == "Asia/Ho_Chi_Minh"
        assert meeting.is_online and meeting.is_in_person
        assert meeting.mode_label == "Trực tuyến và trực tiếp"
        assert AuditEvent.objects.filter(action="meetings.meeting.create").count() == 1
        # The chair is on the list, attending.
        assert list(meeting.invitations.values_list("user__username", "reply")) == [
            ("office", "attend")
        ]

    def test_an_end_before_the_start_or_a_bad_link_is_refused_in_vietnamese(self) -> None:
        start = at(dt.date(2030, 3, 4), 8)
        data = meeting_input(self, start=start, minutes=-30)
        with self.assertRaises(ValidationError) as caught:
            meeting_create(data=data, by=self.office)
        assert "Giờ kết thúc phải sau giờ bắt đầu." in caught.exception.message_dict["end"]
        bad = meeting_input(self, start=start, online_url="javascript:alert(1)")
        with self.assertRaises(ValidationError) as caught:
            meeting_create(data=bad, by=self.office)
        assert "https://" in caught.exception.message_dict["online_url"][0]
        nowhere = meeting_input(self, start=start, platform="", online_url="", room="")
        with self.assertRaises(ValidationError):
            meeting_create(data=nowhere, by=self.office)

    def test_a_weekly_giao_ban_is_one_row_per_occurrence_of_one_series(self) -> None:
        start = at(dt.date(2030, 1, 28), 8)  # a Monday
        first = make_meeting(
            self, start=start, repeat=RepeatInput(until=dt.date(2030, 2, 25)), invite=False
        )
        occurrences = list(Meeting.objects.filter(series=first.series).order_by("start"))
        assert [timezone.localtime(m.start).date() for m in occurrences] == [
            dt.date(2030, 1, 28),
            dt.date(2030, 2, 4),
            dt.date(2030, 2, 11),
            dt.date(2030, 2, 18),
            dt.date(2030, 2, 25),
        ]
        assert all(m.original_start == m.start for m in occurrences)
        assert first.series.rule.startswith("FREQ=WEEKLY;BYDAY=MO;UNTIL=")

    @override_settings(JITSI_BASE_URL="https://jitsi.so.example.vn")
    def test_a_generated_jitsi_room_is_one_unguessable_room_for_the_series(self) -> None:
        start = at(dt.date(2030, 1, 28), 8)
        data = meeting_input(self, start=start, platform="jitsi", online_url="")
        first = meeting_create(data=data, repeat=RepeatInput(count=3), by=self.office)
        urls = set(Meeting.objects.filter(series=first.series).values_list("online_url", flat=True))
        assert len(urls) == 1
        url = urls.pop()
        assert url.startswith("https://jitsi.so.example.vn/PhongDich-") and len(url) > 45

    def test_without_a_jitsi_setting_no_room_is_generated(self) -> None:
        data = meeting_input(self, start=at(dt.date(2030, 1, 28), 8), platform="jitsi")
        with self.assertRaises(ValidationError) as caught:
            meeting_create(data=data, by=self.office)
        assert "JITSI_BASE_URL" in caught.exception.message_dict["platform"][0]

    def test_moving_one_occurrence_makes_it_an_exception_and_sends_the_new_ics(self) -> None:
        start = at(dt.date(2030, 1, 28), 8)
        first = make_meeting(self, start=start, repeat=RepeatInput(count=4))
        second = Meeting.objects.filter(series=first.series).order_by("start")[1]
        mail.outbox.clear()
        moved = meeting_input(self, start=at(dt.date(2030, 2, 5), 14))
        with self.captureOnCommitCallbacks(execute=True):
            meeting_update(meeting=second, data=moved, by=self.office)
        second.refresh_from_db()
        assert second.is_exception and second.sequence == 1
        assert second.original_start == at(dt.date(2030, 2, 4), 8)
        assert timezone.localtime(second.start) == at(dt.date(2030, 2, 5), 14)
        others = Meeting.objects.filter(series=first.series).exclude(pk=second.pk)
        assert not any(m.is_exception for m in others)
        assert {m.to[0] for m in mail.outbox} == {"head_a@example.vn", "staff@example.vn"}
        assert all("method=REQUEST" in m.attachments[0][2] for m in mail.outbox)

    def test_cancelling_one_occurrence_keeps_the_others_and_needs_a_reason(self) -> None:
        first = make_meeting(self, start=at(dt.date(2030, 1, 28), 8), repeat=RepeatInput(count=3))
        third = Meeting.objects.filter(series=first.series).order_by("start")[2]
        with self.assertRaises(ValidationError):
            meeting_cancel(meeting=third, reason="  ", by=self.office)
        mail.outbox.clear()
        with self.captureOnCommitCallbacks(execute=True):
            meeting_cancel(meeting=third, reason="Trùng lịch họp của Tỉnh", by=self.office)
        assert len(mail.outbox) == 2
        statuses = list(
            Meeting.objects.filter(series=first.series)
            .order_by("start")
            .values_list("status", flat=True)
        )
        assert statuses == ["scheduled", "scheduled", "cancelled"]
        assert all("method=CANCEL" in m.attachments[0][2] for m in mail.outbox)
        with self.assertRaises(ValidationError):
            meeting_cancel(meeting=third, reason="Lần nữa", by=self.office)

    def test_documents_are_checked_by_content_and_size(self) -> None:
        meeting = make_meeting(self, invite=False)
        document_add(meeting=meeting, upload=SimpleUploadedFile("bao-cao.pdf", PDF), by=self.office)
        with self.assertRaises(ValidationError) as caught:
            document_add(
                meeting=meeting,
                upload=SimpleUploadedFile("virus.pdf", b"MZ\x90\x00"),
                by=self.office,
            )
        assert "không đúng với đuôi .pdf" in caught.exception.messages[0]
        with self.assertRaises(ValidationError):
            document_add(meeting=meeting, upload=SimpleUploadedFile("a.exe", b"MZ"), by=self.office)
        with self.settings(MEETING_DOCUMENT_MAX_MB=1):
            big = SimpleUploadedFile("lon.pdf", b"%PDF-" + b"0" * (1024 * 1024 + 1))
            with self.assertRaises(ValidationError) as caught:
                document_add(meeting=meeting, upload=big, by=self.office)
            assert "lớn quá" in caught.exception.messages[0]
        assert meeting.documents.count() == 1


class VisibilityTest(BaseTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.meeting = make_meeting(cls)

    def test_invitees_the_heads_of_invited_units_and_the_office_see_it(self) -> None:
        for user in (self.office, self.director, self.admin, self.head_a, self.staff_user):
            assert meeting_get(user=user, pk=self.meeting.pk) == self.meeting
        for user in (self.head_b, self.guard, self.tracer, self.editor, self.it):
            assert not meetings_visible(user=user).filter(pk=self.meeting.pk).exists()

    def test_a_unit_head_sees_what_their_unit_hosts(self) -> None:
        hosted = make_meeting(self, host_unit=self.unit_b, invite=False)
        assert meetings_visible(user=self.head_b).filter(pk=hosted.pk).exists()
        assert not meetings_visible(user=self.head_a).filter(pk=hosted.pk).exists()

    def test_another_units_head_gets_a_404_by_id_on_every_page_of_it(self) -> None:
        self.login(self.head_b)
        for name in ("detail", "ics", "join", "edit", "invite", "attendance", "minutes"):
            response = self.client.get(reverse(f"meetings:{name}", args=[self.meeting.pk]))
            assert response.status_code == 404, name

    def test_the_document_is_served_only_through_the_permission_check(self) -> None:
        document = document_add(
            meeting=self.meeting, upload=SimpleUploadedFile("tl.pdf", PDF), by=self.office
        )
        url = reverse("meetings:document", args=[self.meeting.pk, document.pk])
        self.login(self.staff_user)
        response = self.client.get(url)
        assert response.status_code == 200
        assert b"".join(response.streaming_content) == PDF
        assert response["Content-Type"] == "application/pdf"
        self.login(self.head_b)
        assert self.client.get(url).status_code == 404


class PagesTest(BaseTestCase):
    def test_the_list_takes_the_same_queries_for_one_meeting_or_ten(self) -> None:
        make_meeting(self)
        self.login(self.staff_user)
        url = reverse("meetings:list")
        self.client.get(url)  # warm the caches (session, roles)
        # 11: the page's count query (core.paging) came with the pagination.
        with self.assertNumQueries(11):
            response = self.client.get(url)
        assert response.status_code == 200
        for day in range(9):
            make_meeting(self, start=at(timezone.localdate() + dt.timedelta(days=day + 4), 9))
        with self.assertNumQueries(11):
            response = self.client.get(url)
        assert response.content.decode().count("Giao ban trực tuyến") == 10

    def test_the_office_schedules_a_weekly_giao_ban_through_the_form(self) -> None:
        self.login(self.office)
        response = self.client.post(
            reverse("meetings:create"),
            {
                "title": "Giao ban  trực tuyến   hằng tuần",
                "kind": "giao_ban",
                "host_unit": self.office_unit.pk,
                "chair": self.office.pk,
                "secretary": self.staff_user.pk,
                "day": "02/12/2030",
                "start_time": "08:00",
                "end_time": "09:30",
                "platform": "link",
                "online_url": LINK,
                "room": "",
                "agenda": "",
                "weekly": "on",
                "repeat_until": "30/12/2030",
            },
        )
        assert response.status_code == 302, response.content.decode()[:3000]
        meetings = list(Meeting.objects.order_by("start"))
        assert len(meetings) == 5
        assert meetings[0].title == "Giao ban trực tuyến hằng tuần"
        assert response["Location"] == reverse("meetings:invite", args=[meetings[0].pk])

    def test_the_form_says_what_is_wrong_in_vietnamese(self) -> None:
        self.login(self.office)
        response = self.client.post(
            reverse("meetings:create"),
            {
                "title": "Họp",
                "kind": "giao_ban",
                "host_unit": self.office_unit.pk,
                "chair": self.office.pk,
                "day": "31/02/2030",
                "start_time": "25:00",
                "end_time": "09:00",
                "platform": "link",
                "online_url": "",
            },
        )
        page = response.content.decode()
        assert response.status_code == 200
        assert "Ngày không hợp lệ" in page and "Giờ không hợp lệ" in page
        assert "Hãy dán đường liên kết họp." in page

    def test_a_plain_staff_member_cannot_schedule(self) -> None:
        self.login(self.staff_user)
        assert self.client.get(reverse("meetings:create")).status_code == 403


class ListExportTest(BaseTestCase):
    """The meeting list as .xlsx (core.xlsx), opened with openpyxl: the page's choice
    (upcoming or past) applied, every row (not one page), the reader's scope."""

    def rows(self, params: dict[str, str]) -> tuple[list[tuple[Any, ...]], list[Any]]:
        response = self.client.get(reverse("meetings:list_export"), params)
        assert response.status_code == 200
        assert response["Content-Type"].startswith(
            "application/vnd.openxmlformats-officedocument.spreadsheetml"
        )
        book = load_workbook(io.BytesIO(response.content))
        sheet = [r for r in book["Lịch họp"].iter_rows(values_only=True) if any(r)]
        header = next(i for i, r in enumerate(sheet) if r[0] == "STT")
        assert sheet[header] == (
            "STT",
            "Bắt đầu",
            "Kết thúc",
            "Cuộc họp",
            "Loại",
            "Hình thức",
            "Đơn vị chủ trì",
            "Tình trạng",
            "Trả lời của tôi",
        )
        return sheet[header + 1 :], [r[0] for r in sheet[:header]]

    def test_the_export_holds_every_meeting_of_the_choice_the_reader_sees(self) -> None:
        today = timezone.localdate()
        for day in range(30):  # more than a page of 25
            make_meeting(
                self, start=at(today + dt.timedelta(days=day + 2), 9), title=f"Họp {day:02}"
            )
        old = make_meeting(self, start=at(today + dt.timedelta(days=40), 9), title="Họp cũ")
        start = timezone.now() - dt.timedelta(days=3)
        Meeting.objects.filter(pk=old.pk).update(start=start, end=start + dt.timedelta(hours=1))
        self.login(self.staff_user)
        rows, above = self.rows({})
        assert len(rows) == 30
        assert "Các cuộc họp: Sắp tới" in above
        first = rows[0]
        assert (first[0], first[3], first[6], first[7]) == (
            1,
            "Họp 00",
            self.office_unit.name,
            "Đã lên lịch",
        )
        assert first[4] == "Giao ban"
        assert first[5] == "Trực tuyến và trực tiếp"
        assert isinstance(first[1], dt.datetime)
        assert first[1].hour == 9  # local time, written naive
        assert first[8] == "Chưa trả lời"
        assert [r[3] for r in rows] == [f"Họp {d:02}" for d in range(30)]
        rows, above = self.rows({"da-hop": "1", "per": "25", "page": "2"})
        assert [r[3] for r in rows] == ["Họp cũ"]
        assert "Các cuộc họp: Đã diễn ra" in above
        # Someone not invited sees none of them.
        self.login(self.head_b)
        rows, _ = self.rows({})
        assert rows == []

    def test_the_list_links_to_the_export_with_its_choice(self) -> None:
        self.login(self.staff_user)
        response = self.client.get(reverse("meetings:list"), {"da-hop": "1", "per": "50"})
        self.assertContains(response, reverse("meetings:list_export") + "?da-hop=1")
