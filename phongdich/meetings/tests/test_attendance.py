"""The join link (a redirect that records who joined and when), the confirmation after
the meeting, and attendance rates per unit."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from phongdich.core.tests.base import BaseTestCase
from phongdich.meetings.models import Invitation, JoinEvent, Meeting
from phongdich.meetings.selectors.figures import attendance_by_unit
from phongdich.meetings.services.attendance import attendance_confirm
from phongdich.meetings.tests.helpers import LINK, make_meeting


class JoinTest(BaseTestCase):
    def test_the_join_link_records_who_and_when_then_sends_to_the_platform(self) -> None:
        meeting = make_meeting(self)
        self.login(self.staff_user)
        url = reverse("meetings:join", args=[meeting.pk])
        before = timezone.now()
        response = self.client.get(url)
        assert response.status_code == 302 and response["Location"] == LINK
        first = Invitation.objects.get(meeting=meeting, user=self.staff_user).joined_at
        assert first is not None and first >= before
        self.client.get(url)  # a second click is logged; the first time stays
        assert JoinEvent.objects.filter(meeting=meeting, user=self.staff_user).count() == 2
        assert Invitation.objects.get(meeting=meeting, user=self.staff_user).joined_at == first

    def test_only_http_and_https_targets_are_followed(self) -> None:
        meeting = make_meeting(self)
        Meeting.objects.filter(pk=meeting.pk).update(online_url="javascript:alert(1)")
        self.login(self.staff_user)
        response = self.client.get(reverse("meetings:join", args=[meeting.pk]))
        assert response.status_code == 302
        assert response["Location"] == reverse("meetings:detail", args=[meeting.pk])
        assert not JoinEvent.objects.exists()

    def test_a_meeting_without_a_link_has_nothing_to_join(self) -> None:
        meeting = make_meeting(self, platform="", online_url="")
        self.login(self.staff_user)
        response = self.client.get(reverse("meetings:join", args=[meeting.pk]), follow=True)
        assert "không có đường liên kết họp trực tuyến" in response.content.decode()


class ConfirmTest(BaseTestCase):
    def test_the_chair_confirms_and_rates_come_per_unit(self) -> None:
        start = timezone.now() - dt.timedelta(hours=3)
        meeting = make_meeting(self, start=start)
        invitations = {i.user_id: i for i in meeting.invitations.all()}
        with self.assertRaises(ValidationError):
            future = make_meeting(self, invite=False)
            attendance_confirm(meeting=future, present=[], by=self.office)
        # head_a attended, staff_user did not; the chair did.
        count = attendance_confirm(
            meeting=meeting,
            present=[invitations[self.head_a.pk].pk, invitations[self.office.pk].pk],
            by=self.office,
        )
        assert count == 2
        rows = {r["unit"].code: r for r in attendance_by_unit(meeting=meeting)}
        assert (rows["P-A"]["expected"], rows["P-A"]["present"], rows["P-A"]["rate"]) == (2, 1, 50)
        assert rows["VP"]["rate"] == 100

    def test_the_attendance_page_ticks_who_joined_and_who_said_they_come(self) -> None:
        meeting = make_meeting(self, start=timezone.now() - dt.timedelta(hours=3))
        self.login(self.office)
        url = reverse("meetings:attendance", args=[meeting.pk])
        page = self.client.get(url).content.decode()
        office_invitation = Invitation.objects.get(meeting=meeting, user=self.office)
        assert f'value="{office_invitation.pk}"' in page
        head = Invitation.objects.get(meeting=meeting, user=self.head_a)
        response = self.client.post(url, {"present": [str(head.pk)]})
        assert response.status_code == 302
        head.refresh_from_db()
        assert head.attended is True
        assert Invitation.objects.get(meeting=meeting, user=self.staff_user).attended is False
        page = self.client.get(reverse("meetings:detail", args=[meeting.pk])).content.decode()
        assert "Tỷ lệ dự họp theo đơn vị" in page

    def test_an_invitee_cannot_confirm_attendance(self) -> None:
        meeting = make_meeting(self, start=timezone.now() - dt.timedelta(hours=3))
        self.login(self.head_a)
        assert self.client.get(reverse("meetings:attendance", args=[meeting.pk])).status_code == 403
