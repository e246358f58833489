"""Reminders before a deadline, the backup after the primary let it pass, escalation to
the team leader; across a weekend and a holiday."""

from __future__ import annotations

import datetime as dt

from phongdich.notifications.models import Notification
from phongdich.support.clock import LOCAL
from phongdich.support.models import Holiday, RequestEvent, State
from phongdich.support.services.requests import request_act
from phongdich.support.services.sla import sla_sweep
from phongdich.support.tests.helpers import MONDAY, SupportTestCase


def at(d: int, hh: int, mm: int = 0, month: int = 3, year: int = 2026) -> dt.datetime:
    return dt.datetime(year, month, d, hh, mm, tzinfo=LOCAL)


class SweepTests(SupportTestCase):
    def sweep(self, now):
        with self.captureOnCommitCallbacks(execute=True):
            return sla_sweep(now=now)

    def test_nothing_happens_before_the_reminder_time(self):
        self.open_request(urgency="normal")  # take within 240 minutes: 12:00 → 11:30+30
        self.assertEqual(self.sweep(MONDAY + dt.timedelta(minutes=30))["reminded"], 0)

    def test_the_assignee_is_reminded_once_before_the_take_deadline(self):
        r = self.open_request(urgency="high")  # due 09:00, reminder 20 minutes before
        counts = self.sweep(at(2, 8, 45))
        self.assertEqual(counts["reminded"], 1)
        self.assertTrue(Notification.objects.filter(user=self.it2, title__contains=r.code))
        self.assertEqual(self.sweep(at(2, 8, 50))["reminded"], 0)  # once

    def test_past_the_take_deadline_it_goes_to_the_backup_and_the_leader_is_told(self):
        r = self.open_request(urgency="high")
        counts = self.sweep(at(2, 9, 1))
        r.refresh_from_db()
        self.assertEqual(r.assignee, self.m3)
        self.assertEqual((counts["rerouted"], counts["escalated"]), (1, 1))
        self.assertTrue(Notification.objects.filter(user=self.it3, title__contains=r.code))
        self.assertTrue(Notification.objects.filter(user=self.it, title__contains="Quá hạn"))
        self.assertTrue(r.events.filter(kind=RequestEvent.Kind.BREACHED).exists())
        again = self.sweep(at(2, 10, 0))
        self.assertEqual((again["rerouted"], again["escalated"]), (0, 0))

    def test_a_request_sent_on_friday_evening_is_not_late_over_the_weekend(self):
        r = self.open_request(urgency="high", now=at(6, 16, 50))  # Friday: 10 min left
        self.assertEqual(r.take_due_at, at(9, 8, 20))  # Monday
        self.assertEqual(self.sweep(at(8, 12, 0))["escalated"], 0)  # Sunday noon
        self.assertEqual(self.sweep(at(9, 8, 21))["escalated"], 1)

    def test_a_holiday_in_the_data_moves_the_deadline(self):
        Holiday.objects.get_or_create(date=dt.date(2026, 4, 30), defaults={"name": "30/4"})
        Holiday.objects.get_or_create(date=dt.date(2026, 5, 1), defaults={"name": "1/5"})
        r = self.open_request(urgency="high", now=at(29, 16, 30, month=4))
        self.assertEqual(r.take_due_at, at(4, 8, 0, month=5))
        self.assertEqual(self.sweep(at(30, 10, 0, month=4))["escalated"], 0)
        self.assertEqual(self.sweep(at(4, 8, 1, month=5))["escalated"], 1)

    def test_the_resolve_deadline_escalates_to_the_leader(self):
        r = self.open_request(urgency="critical")  # resolve within 240 minutes
        request_act(request=r, action="take", actor=self.it2, ip=None, now=at(2, 8, 10))
        counts = self.sweep(at(2, 14, 1))  # 08:00 + 240 working minutes = 13:30… +30
        self.assertEqual(counts["escalated"], 1)
        r.refresh_from_db()
        self.assertIsNotNone(r.resolve_escalated_at)
        self.assertEqual(r.state, State.TAKEN)

    def test_waiting_requests_are_not_chased(self):
        r = self.open_request(urgency="critical")
        request_act(request=r, action="take", actor=self.it2, ip=None, now=at(2, 8, 5))
        request_act(request=r, action="ask", actor=self.it2, ip=None, note="?", now=at(2, 8, 6))
        self.assertEqual(self.sweep(at(3, 16, 0))["escalated"], 0)

    def test_a_resolved_request_closes_itself_after_three_working_days(self):
        r = self.open_request()
        request_act(request=r, action="take", actor=self.it2, ip=None, now=at(2, 8, 5))
        request_act(
            request=r, action="resolve", actor=self.it2, ip=None, note="Xong", now=at(2, 9, 0)
        )
        self.assertEqual(self.sweep(at(5, 8, 0))["closed"], 0)
        self.assertEqual(self.sweep(at(5, 9, 1))["closed"], 1)
        r.refresh_from_db()
        self.assertEqual(r.state, State.CLOSED)

    def test_the_daily_task_runs_the_sweep_and_is_recorded(self):
        from phongdich.core.models import JobRun
        from phongdich.core.scheduling import DAILY_JOBS
        from phongdich.support.tasks import sla_sweep_daily

        self.assertIn("phongdich.support.tasks.sla_sweep_daily", DAILY_JOBS)
        result = sla_sweep_daily.call(reschedule=False)
        self.assertIn("reminded", result)
        self.assertTrue(JobRun.objects.filter(name="phongdich.support.tasks.sla_sweep_daily"))
