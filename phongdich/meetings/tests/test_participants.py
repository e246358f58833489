"""Replies (attend, delegate, cannot attend), reminders never twice, the calendar page
and the private iCal feed (only the owner's meetings; a 404 once revoked)."""

from __future__ import annotations

import datetime as dt

from django.core import mail
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import connection
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from phongdich.core.tests.base import BaseTestCase
from phongdich.meetings.models import CalendarFeed, Invitation, ReminderSent
from phongdich.meetings.services.meetings import meeting_cancel
from phongdich.meetings.services.notify import reminders_send_due
from phongdich.meetings.services.participants import (
    feed_create,
    feed_revoke,
    invitation_reply,
    invitations_add,
)
from phongdich.meetings.tests.helpers import at, make_meeting
from phongdich.org.models import Staff


class ReplyTest(BaseTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.meeting = make_meeting(cls)
        cls.colleague = cls.make_colleague()

    @classmethod
    def make_colleague(cls):  # type: ignore[no-untyped-def]
        from django.contrib.auth import get_user_model

        user = get_user_model().objects.create_user(
            username="pho_a", email="pho_a@example.vn", first_name="Phó A"
        )
        Staff.objects.create(
            full_name="Lê Văn Phó",
            staff_code="PA01",
            unit=cls.unit_a,
            user=user,
            position="Phó trưởng phòng",
        )
        return user

    def invitation(self, user) -> Invitation:  # type: ignore[no-untyped-def]
        return Invitation.objects.get(meeting=self.meeting, user=user)

    def test_attend(self) -> None:
        invitation_reply(invitation=self.invitation(self.head_a), reply="attend", by=self.head_a)
        assert self.invitation(self.head_a).reply == "attend"

    def test_cannot_attend_needs_a_reason_which_is_stored_encrypted(self) -> None:
        with self.assertRaises(ValidationError) as caught:
            invitation_reply(
                invitation=self.invitation(self.head_a), reply="declined", by=self.head_a
            )
        assert caught.exception.message_dict["reason"] == ["Hãy ghi lý do không tham dự được."]
        invitation_reply(
            invitation=self.invitation(self.head_a),
            reply="declined",
            reason="Đi công tác Hà Nội",
            by=self.head_a,
        )
        assert self.invitation(self.head_a).reason == "Đi công tác Hà Nội"
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT reason FROM meetings_invitation WHERE id = %s",
                [self.invitation(self.head_a).pk],
            )
            assert "công tác" not in cursor.fetchone()[0]

    def test_delegating_to_someone_else_of_the_unit_invites_them_instead(self) -> None:
        mine = self.invitation(self.head_a)
        with self.captureOnCommitCallbacks(execute=True):
            invitation_reply(
                invitation=mine, reply="delegated", delegate=self.colleague, by=self.head_a
            )
        mine.refresh_from_db()
        assert mine.reply == "delegated" and not mine.expected
        theirs = self.invitation(self.colleague)
        assert theirs.delegated_from == mine
        assert theirs.unit == self.unit_a and theirs.reply == "pending"
        assert [m.to for m in mail.outbox] == [["pho_a@example.vn"]]
        # The delegate now sees the meeting; the one who delegated cannot answer again.
        self.login(self.colleague)
        assert (
            self.client.get(reverse("meetings:detail", args=[self.meeting.pk])).status_code == 200
        )
        with self.assertRaises(ValidationError):
            invitation_reply(invitation=mine, reply="attend", by=self.head_a)

    def test_the_delegate_must_be_of_the_unit_and_not_already_invited(self) -> None:
        mine = self.invitation(self.head_a)
        with self.assertRaises(ValidationError) as caught:
            invitation_reply(
                invitation=mine, reply="delegated", delegate=self.head_b, by=self.head_a
            )
        assert "phải là cán bộ của Phòng Giáo dục nghề nghiệp" in caught.exception.messages[0]
        with self.assertRaises(ValidationError):  # staff_user is invited already
            invitation_reply(
                invitation=mine, reply="delegated", delegate=self.staff_user, by=self.head_a
            )

    def test_replying_through_the_page(self) -> None:
        self.login(self.head_a)
        url = reverse("meetings:reply", args=[self.meeting.pk])
        response = self.client.post(url, {"reply": "declined", "reason": ""})
        assert "Hãy ghi lý do không tham dự được." in response.content.decode()
        response = self.client.post(url, {"reply": "delegated", "delegate": self.colleague.pk})
        assert response.status_code == 302
        assert self.invitation(self.colleague).delegated_from is not None

    def test_someone_not_invited_gets_a_404_on_reply(self) -> None:
        self.login(self.director)  # sees every meeting, invited to none
        response = self.client.post(
            reverse("meetings:reply", args=[self.meeting.pk]), {"reply": "attend"}
        )
        assert response.status_code == 404

    def test_a_unit_without_a_head_account_is_refused_with_a_clear_message(self) -> None:
        with self.assertRaises(ValidationError) as caught:
            invitations_add(meeting=self.meeting, units=[self.unit_a_team], by=self.office)
        assert "Tổ Tuyển sinh" in caught.exception.messages[0]


class RemindersTest(BaseTestCase):
    def test_one_day_and_thirty_minutes_before_each_once(self) -> None:
        start = timezone.now().replace(microsecond=0) + dt.timedelta(days=2)
        meeting = make_meeting(self, start=start)
        invitation_reply(
            invitation=Invitation.objects.get(meeting=meeting, user=self.head_a),
            reply="declined",
            reason="Ốm",
            by=self.head_a,
        )
        assert reminders_send_due(now=start - dt.timedelta(days=2)) == {"day": 0, "soon": 0}
        day_before = start - dt.timedelta(hours=23)
        with self.captureOnCommitCallbacks(execute=True):
            counts = reminders_send_due(now=day_before)
        # The chair and staff_user; head_a said they cannot come.
        assert counts == {"day": 2, "soon": 0}
        assert sorted(m.to[0] for m in mail.outbox) == ["office@example.vn", "staff@example.vn"]
        assert mail.outbox[0].subject == "Nhắc lịch họp ngày mai: Giao ban trực tuyến"
        # Never twice: the same window again, a later run, the command.
        assert reminders_send_due(now=day_before) == {"day": 0, "soon": 0}
        assert reminders_send_due(now=day_before + dt.timedelta(hours=3)) == {"day": 0, "soon": 0}
        call_command("meetings_remind", stdout=open("/dev/null", "w"))  # noqa: SIM115
        soon = start - dt.timedelta(minutes=20)
        assert reminders_send_due(now=soon) == {"day": 0, "soon": 2}
        assert reminders_send_due(now=soon + dt.timedelta(minutes=5)) == {"day": 0, "soon": 0}
        assert ReminderSent.objects.filter(meeting=meeting).count() == 4
        assert self.staff_user.notifications.filter(title__startswith="Sắp họp").count() == 1

    def test_a_cancelled_meeting_gets_no_reminder(self) -> None:
        start = timezone.now() + dt.timedelta(hours=5)
        meeting = make_meeting(self, start=start)
        meeting_cancel(meeting=meeting, reason="Hoãn", by=self.office)
        assert reminders_send_due(now=timezone.now()) == {"day": 0, "soon": 0}

    def test_the_reminder_task_runs_the_sweep(self) -> None:
        from phongdich.meetings.tasks import send_due_reminders

        make_meeting(self, start=timezone.now() + dt.timedelta(minutes=10))
        result = send_due_reminders.enqueue(reschedule=False)
        assert result.return_value == {"day": 0, "soon": 3}


class FeedTest(BaseTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        day = timezone.localdate() + dt.timedelta(days=2)
        cls.mine = make_meeting(cls, start=at(day, 8), title="Giao ban của tôi")
        cls.other = make_meeting(cls, start=at(day, 14), title="Họp riêng", invite=False)

    def test_the_feed_shows_only_the_owners_meetings_and_stops_when_revoked(self) -> None:
        feed = feed_create(user=self.staff_user)
        url = reverse("meetings:feed", args=[feed.token])
        self.client.logout()
        with self.assertNumQueries(4):
            response = self.client.get(url)
        assert response.status_code == 200
        assert response["Content-Type"] == "text/calendar; charset=utf-8"
        calendar = Calendar.from_ical(response.content)
        summaries = [str(e["SUMMARY"]) for e in calendar.walk("VEVENT")]
        assert summaries == ["Giao ban của tôi"]
        assert "RRULE" not in calendar.walk("VEVENT")[0]
        feed_revoke(user=self.staff_user)
        assert self.client.get(url).status_code == 404

    def test_a_new_url_replaces_the_old_one(self) -> None:
        old = feed_create(user=self.staff_user)
        new = feed_create(user=self.staff_user)
        assert old.token != new.token
        assert self.client.get(reverse("meetings:feed", args=[old.token])).status_code == 404
        assert self.client.get(reverse("meetings:feed", args=[new.token])).status_code == 200
        assert (
            CalendarFeed.objects.filter(user=self.staff_user, revoked_at__isnull=True).count() == 1
        )

    def test_a_delegated_meeting_leaves_the_feed(self) -> None:
        feed = feed_create(user=self.head_a)
        colleague = ReplyTest.make_colleague.__func__(self)  # type: ignore[attr-defined]
        invitation_reply(
            invitation=Invitation.objects.get(meeting=self.mine, user=self.head_a),
            reply="delegated",
            delegate=colleague,
            by=self.head_a,
        )
        calendar = Calendar.from_ical(
            self.client.get(reverse("meetings:feed", args=[feed.token])).content
        )
        assert calendar.walk("VEVENT") == []

    def test_the_calendar_page_shows_the_week_and_the_feed_controls(self) -> None:
        self.login(self.staff_user)
        url = reverse("meetings:calendar")
        week = (timezone.localdate() + dt.timedelta(days=2)).strftime("%d/%m/%Y")
        self.client.get(f"{url}?tuan={week}")
        with self.assertNumQueries(11):  # the meeting's week, whatever today's weekday
            response = self.client.get(f"{url}?tuan={week}")
        page = response.content.decode()
        assert "Tạo đường dẫn lịch" in page
        self.client.post(reverse("meetings:feed_create"))
        page = self.client.get(url).content.decode()
        token = CalendarFeed.objects.get(user=self.staff_user, revoked_at__isnull=True).token
        assert token in page and "Thu hồi đường dẫn" in page
        page = self.client.get(f"{url}?tuan={week}").content.decode()
        assert "Giao ban của tôi" in page and "Họp riêng" not in page
        assert self.client.get(f"{url}?tuan=xx").status_code == 200
