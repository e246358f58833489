"""Where a new request goes: primary, backup when the primary is absent, nobody."""

from __future__ import annotations

import datetime as dt

from phongdich.support.models import RequestEvent, State
from phongdich.support.tests.helpers import MONDAY, SupportTestCase


class RoutingTests(SupportTestCase):
    def test_a_request_goes_to_the_units_primary_member(self):
        request = self.open_request()
        self.assertEqual(request.assignee, self.m2)
        self.assertEqual(request.state, State.NEW)
        self.assertTrue(request.events.filter(kind=RequestEvent.Kind.ROUTED).exists())

    def test_a_team_of_a_unit_is_supported_by_its_parents_members(self):
        request = self.open_request(unit=self.unit_a_team)
        self.assertEqual(request.assignee, self.m2)

    def test_it_goes_to_the_backup_when_the_primary_is_absent(self):
        self.m2.absent_until = dt.date(2026, 3, 2)  # absent until the end of today
        self.m2.save()
        request = self.open_request()
        self.assertEqual(request.assignee, self.m3)
        note = request.events.get(kind=RequestEvent.Kind.ROUTED).note
        self.assertIn("dự phòng", note)

    def test_a_primary_back_from_absence_gets_it_again(self):
        self.m2.absent_until = dt.date(2026, 3, 1)  # back today
        self.m2.save()
        self.assertEqual(self.open_request().assignee, self.m2)

    def test_it_waits_for_the_team_when_primary_and_backup_are_absent(self):
        for member in (self.m2, self.m3):
            member.absent_until = dt.date(2026, 3, 6)
            member.save()
        request = self.open_request()
        self.assertIsNone(request.assignee)
        self.assertEqual(request.state, State.NEW)

    def test_a_member_who_left_the_team_gets_nothing(self):
        self.m2.is_active = False
        self.m2.save()
        self.assertEqual(self.open_request().assignee, self.m3)

    def test_a_unit_with_nobody_assigned_gets_no_assignee_and_the_leaders_are_told(self):
        with self.captureOnCommitCallbacks(execute=True):
            request = self.open_request(unit=self.unit_b)
        self.assertIsNone(request.assignee)
        from phongdich.notifications.models import Notification

        self.assertTrue(Notification.objects.filter(user=self.it, title__contains=request.code))

    def test_the_primary_is_notified_through_a_background_task(self):
        from phongdich.notifications.models import Notification

        with self.captureOnCommitCallbacks(execute=False) as callbacks:
            request = self.open_request()
        self.assertFalse(Notification.objects.filter(user=self.it2).exists())  # not inline
        for callback in callbacks:
            callback()
        self.assertTrue(Notification.objects.filter(user=self.it2, url__contains=str(request.pk)))

    def test_deadlines_follow_the_service_level_of_the_urgency(self):
        request = self.open_request(urgency="high", now=MONDAY)
        # high: take within 60 working minutes, resolve within 480 (420 on Monday, 60 on Tuesday).
        self.assertEqual(request.take_due_at, MONDAY + dt.timedelta(hours=1))
        self.assertEqual(
            request.resolve_due_at, dt.datetime(2026, 3, 3, 8, 30, tzinfo=MONDAY.tzinfo)
        )
