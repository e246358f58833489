"""The .ics files, parsed back with icalendar and checked field by field."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from django.core import mail
from django.test import override_settings
from django.urls import reverse
from icalendar import Calendar

from phongdich.core.tests.base import BaseTestCase
from phongdich.meetings import ical
from phongdich.meetings.models import Invitation, Meeting
from phongdich.meetings.services.meetings import (
    RepeatInput,
    meeting_cancel,
    meeting_update,
)
from phongdich.meetings.services.participants import invitations_add
from phongdich.meetings.tests.helpers import at, make_meeting, meeting_input

VN = ZoneInfo("Asia/Ho_Chi_Minh")


def events(data: bytes) -> tuple[Calendar, list]:  # type: ignore[type-arg]
    calendar = Calendar.from_ical(data)
    return calendar, [c for c in calendar.walk("VEVENT")]


def attendees(event) -> dict[str, str]:  # type: ignore[no-untyped-def]
    values = event.get("attendee")
    values = values if isinstance(values, list) else [values]
    return {str(a).removeprefix("mailto:"): str(a.params["PARTSTAT"]) for a in values}


@override_settings(PUBLIC_BASE_URL="https://phongdich.example.vn")
class InvitationIcsTest(BaseTestCase):
    def test_a_single_meeting_field_by_field(self) -> None:
        start = at(dt.date(2030, 3, 4), 8)
        meeting = make_meeting(self, start=start)
        calendar, (event,) = events(ical.invitation_ics(meeting))
        assert str(calendar["METHOD"]) == "REQUEST"
        assert str(calendar["VERSION"]) == "2.0"
        assert str(event["UID"]) == f"{meeting.uid}@phongdich.example.vn"
        dtstart = event.decoded("DTSTART")
        assert dtstart == dt.datetime(2030, 3, 4, 8, 0, tzinfo=VN)
        assert event["DTSTART"].params["TZID"] == "Asia/Ho_Chi_Minh"
        assert event.decoded("DTEND") == dt.datetime(2030, 3, 4, 9, 30, tzinfo=VN)
        # The VTIMEZONE the TZID names is in the file.
        assert [str(tz["TZID"]) for tz in calendar.walk("VTIMEZONE")] == ["Asia/Ho_Chi_Minh"]
        assert str(event["SUMMARY"]) == "Giao ban trực tuyến"
        join = f"https://phongdich.example.vn{reverse('meetings:join', args=[meeting.pk])}"
        assert str(event["URL"]) == join
        assert str(event["LOCATION"]) == f"Phòng họp tầng 2 · {join}"
        organizer = event["ORGANIZER"]
        assert str(organizer) == "mailto:office@example.vn"
        assert str(organizer.params["CN"]) == "Văn Phòng"
        assert attendees(event) == {
            "office@example.vn": "ACCEPTED",
            "head_a@example.vn": "NEEDS-ACTION",
            "staff@example.vn": "NEEDS-ACTION",
        }
        assert int(event["SEQUENCE"]) == 0
        assert str(event["STATUS"]) == "CONFIRMED"
        assert "Vào họp trực tuyến" in str(event["DESCRIPTION"])

    def test_sequence_goes_up_on_a_change_and_the_new_times_are_in(self) -> None:
        meeting = make_meeting(self, start=at(dt.date(2030, 3, 4), 8))
        meeting_update(
            meeting=meeting,
            data=meeting_input(self, start=at(dt.date(2030, 3, 5), 14)),
            by=self.office,
        )
        meeting.refresh_from_db()
        _, (event,) = events(ical.invitation_ics(meeting))
        assert int(event["SEQUENCE"]) == 1
        assert event.decoded("DTSTART") == dt.datetime(2030, 3, 5, 14, 0, tzinfo=VN)
        assert str(event["UID"]) == f"{meeting.uid}@phongdich.example.vn"  # same event

    def test_a_series_is_one_master_with_rrule_exdate_and_a_moved_occurrence(self) -> None:
        first = make_meeting(self, start=at(dt.date(2030, 1, 28), 8), repeat=RepeatInput(count=5))
        occurrences = list(Meeting.objects.filter(series=first.series).order_by("start"))
        meeting_cancel(meeting=occurrences[2], reason="Nghỉ Tết", by=self.office)
        meeting_update(
            meeting=occurrences[3],
            data=meeting_input(self, start=at(dt.date(2030, 2, 19), 14)),
            by=self.office,
        )
        calendar, found = events(ical.invitation_ics(first))
        master, moved = found
        uid = f"{first.series.uid}@phongdich.example.vn"
        assert str(master["UID"]) == str(moved["UID"]) == uid
        rule = master.decoded("RRULE")
        assert rule["FREQ"] == ["WEEKLY"] and rule["BYDAY"] == ["MO"] and rule["COUNT"] == [5]
        assert master.decoded("DTSTART") == dt.datetime(2030, 1, 28, 8, tzinfo=VN)
        exdates = [d.dt for d in master["EXDATE"].dts]
        assert exdates == [dt.datetime(2030, 2, 11, 8, tzinfo=VN)]
        assert moved.decoded("RECURRENCE-ID") == dt.datetime(2030, 2, 18, 8, tzinfo=VN)
        assert moved.decoded("DTSTART") == dt.datetime(2030, 2, 19, 14, tzinfo=VN)
        assert int(master["SEQUENCE"]) == int(moved["SEQUENCE"]) == 2

    def test_cancelling_one_occurrence_sends_method_cancel_with_its_recurrence_id(self) -> None:
        first = make_meeting(self, start=at(dt.date(2030, 1, 28), 8), repeat=RepeatInput(count=3))
        second = Meeting.objects.filter(series=first.series).order_by("start")[1]
        with self.captureOnCommitCallbacks(execute=True):
            meeting_cancel(meeting=second, reason="Trùng lịch", by=self.office)
        attached = mail.outbox[0].attachments[0]
        assert attached[0] == "cuoc-hop.ics"
        calendar, (event,) = events(attached[1])
        assert str(calendar["METHOD"]) == "CANCEL"
        assert str(event["STATUS"]) == "CANCELLED"
        assert event.decoded("RECURRENCE-ID") == dt.datetime(2030, 2, 4, 8, tzinfo=VN)
        assert str(event["UID"]) == f"{first.series.uid}@phongdich.example.vn"

    def test_the_invitation_e_mail_carries_the_ics_once_per_series(self) -> None:
        first = make_meeting(
            self, start=at(dt.date(2030, 1, 28), 8), repeat=RepeatInput(count=4), invite=False
        )
        with self.captureOnCommitCallbacks(execute=True):
            created = invitations_add(meeting=first, units=[self.unit_a], by=self.office)
        assert len(created) == 4  # head_a, every occurrence
        assert [m.to for m in mail.outbox] == [["head_a@example.vn"]]
        message = mail.outbox[0]
        assert message.subject == "Giấy mời họp: Giao ban trực tuyến"
        name, content, mimetype = message.attachments[0]
        assert mimetype.startswith("text/calendar; method=REQUEST")
        calendar, (event,) = events(content)
        assert "RRULE" in event
        assert attendees(event)["head_a@example.vn"] == "NEEDS-ACTION"
        assert Invitation.objects.filter(user=self.head_a, notified_at__isnull=False).count() == 4
        # In the app too.
        assert self.head_a.notifications.filter(title__startswith="Giấy mời họp").count() == 1

    def test_the_ics_download_for_an_invitee(self) -> None:
        meeting = make_meeting(self)
        self.login(self.staff_user)
        response = self.client.get(reverse("meetings:ics", args=[meeting.pk]))
        assert response["Content-Type"] == "text/calendar; charset=utf-8"
        calendar, (event,) = events(response.content)
        assert str(calendar["METHOD"]) == "PUBLISH"
        assert str(event["SUMMARY"]) == meeting.title

    def test_a_meeting_in_person_only_has_a_location_and_no_url(self) -> None:
        meeting = make_meeting(self, platform="", online_url="", invite=False)
        _, (event,) = events(ical.invitation_ics(meeting))
        assert "URL" not in event
        assert str(event["LOCATION"]) == "Phòng họp tầng 2"
