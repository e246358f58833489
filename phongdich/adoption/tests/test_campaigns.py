"""Campaigns: who opens them, progress for unit heads, reminders never twice a day,
the closing figures."""

from __future__ import annotations

import datetime as dt

from django.core import mail
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone

from phongdich.adoption.models import Campaign, ReminderLog, Status
from phongdich.adoption.selectors.campaigns import campaign_progress, non_adopters
from phongdich.adoption.services.campaigns import (
    campaign_close,
    campaign_create,
    reminders_deliver,
)
from phongdich.adoption.tests.helpers import AdoptionTestCase, declare, make_leader
from phongdich.notifications.models import Notification


class CampaignTests(AdoptionTestCase):
    def open(self, *, user=None, union=None, target=80, apps=None) -> Campaign:
        today = timezone.localdate()
        return campaign_create(
            user=user or self.office,
            ip=None,
            title="Tuần cài PC-Covid",
            apps=apps or [self.pccovid],
            union=union,
            units=[],
            target_percent=target,
            denominator="all",
            deadline=today + dt.timedelta(days=7),
            starts_on=today - dt.timedelta(days=1),
        )

    def test_reminders_go_to_non_adopters_at_most_once_a_day(self) -> None:
        campaign = self.open()
        now = timezone.now() - dt.timedelta(hours=1)
        declare(self.own, self.pccovid, Status.USING, now)  # adopted: not reminded
        head = self.head_a.staff
        declare(head, self.pccovid, Status.NO_SMARTPHONE, now)  # says they cannot: not reminded
        today = timezone.localdate()
        with self.captureOnCommitCallbacks(execute=True):
            first = reminders_deliver(campaign_id=campaign.pk, day=today)
        users = {n.user_id for n in Notification.objects.all()}
        self.assertEqual(first, len(users))
        self.assertNotIn(self.staff_user.pk, users)
        self.assertNotIn(self.head_a.pk, users)
        self.assertIn(self.head_b.pk, users)
        self.assertEqual(len(mail.outbox), first)
        with self.captureOnCommitCallbacks(execute=True):
            second = reminders_deliver(campaign_id=campaign.pk, day=today)
        self.assertEqual(second, 0)
        # A second campaign the same day reaches only who was not reminded today: the
        # staff member who adopted PC-Covid but not Bluezone (head_a has no smartphone).
        other = self.open(apps=[self.bluezone])
        with self.captureOnCommitCallbacks(execute=True):
            self.assertEqual(reminders_deliver(campaign_id=other.pk, day=today), 1)
        self.assertEqual(Notification.objects.count(), first + 1)
        self.assertEqual(Notification.objects.filter(user=self.staff_user).count(), 1)
        self.assertEqual(len(mail.outbox), first + 1)
        with self.captureOnCommitCallbacks(execute=True):
            self.assertEqual(reminders_deliver(campaign_id=other.pk, day=today), 0)
        tomorrow = today + dt.timedelta(days=1)
        self.assertEqual(reminders_deliver(campaign_id=campaign.pk, day=tomorrow), first)
        self.assertFalse(
            ReminderLog.objects.filter(staff=head, kind=ReminderLog.Kind.REMINDER).exists()
        )
        self.assertEqual(
            ReminderLog.objects.filter(staff=self.head_b.staff).count(), 2
        )  # one per day

    def test_the_remind_button_queues_the_task(self) -> None:
        campaign = self.open()
        self.login(self.office)
        with self.captureOnCommitCallbacks(execute=True):
            response = self.client.post(reverse("adoption:campaign_remind", args=[campaign.pk]))
        self.assertEqual(response.status_code, 302)
        self.assertTrue(ReminderLog.objects.filter(campaign=campaign).exists())

    def test_a_unit_head_may_not_remind_or_close(self) -> None:
        campaign = self.open()
        self.login(self.head_a)
        self.assertEqual(
            self.client.post(reverse("adoption:campaign_remind", args=[campaign.pk])).status_code,
            403,
        )
        self.assertEqual(
            self.client.post(reverse("adoption:campaign_close", args=[campaign.pk])).status_code,
            403,
        )

    def test_a_closed_or_finished_campaign_reminds_nobody(self) -> None:
        campaign = self.open()
        later = campaign.deadline + dt.timedelta(days=1)
        self.assertEqual(reminders_deliver(campaign_id=campaign.pk, day=later), 0)

    def test_a_unit_head_sees_the_progress_of_their_unit_only(self) -> None:
        campaign = self.open(target=50)
        declare(self.own, self.pccovid, Status.USING, timezone.now() - dt.timedelta(hours=1))
        progress = campaign_progress(campaign=campaign, user=self.head_a)
        self.assertEqual([r.unit for r in progress.rows], [self.unit_a])
        row = progress.rows[0]
        self.assertEqual((row.tally.adopted, row.base), (1, 3))
        self.assertFalse(row.reached)
        self.assertEqual(row.to_target, 1)  # 50 % of 3 is 2 people
        self.login(self.head_a)
        response = self.client.get(reverse("adoption:campaign_detail", args=[campaign.pk]))
        self.assertContains(response, "còn 1 người để đạt chỉ tiêu")
        self.assertNotContains(response, self.unit_b.name)

    def test_closing_keeps_the_figures(self) -> None:
        campaign = self.open(target=10)
        declare(self.own, self.pccovid, Status.USING, timezone.now() - dt.timedelta(hours=1))
        closed = campaign_close(campaign=campaign, user=self.office, ip=None)
        self.assertEqual(closed.state, Campaign.State.CLOSED)
        total = closed.figures["total"]
        self.assertEqual((total["adopted"], total["counted"]), (1, 12))
        self.assertEqual(total["reached"], False)
        units = {u["unit"]: u for u in closed.figures["units"]}
        self.assertEqual(units[self.unit_a.name]["adopted"], 1)
        self.assertEqual(non_adopters(campaign=closed) != [], True)
        self.assertEqual(reminders_deliver(campaign_id=closed.pk), 0)
        self.login(self.office)
        response = self.client.get(reverse("adoption:campaign_detail", args=[closed.pk]))
        self.assertContains(response, "Kết quả khi kết thúc")

    def test_a_union_leader_opens_a_campaign_for_their_union_only(self) -> None:
        make_leader(self.staff_user, self.union_dtn)
        campaign = self.open(user=self.staff_user, union=self.union_dtn)
        self.assertEqual(campaign.union, self.union_dtn)
        with self.assertRaises(PermissionDenied):
            self.open(user=self.staff_user, union=self.union_cd)
        with self.assertRaises(PermissionDenied):
            self.open(user=self.head_a)

    def test_the_form_says_what_is_wrong_in_vietnamese(self) -> None:
        self.login(self.office)
        response = self.client.post(
            reverse("adoption:campaign_create"),
            {"title": "X", "target_percent": "120", "denominator": "all", "deadline": "31/02/2021"},
        )
        self.assertContains(response, "Hãy chọn ít nhất một ứng dụng.")
        self.assertContains(response, "Chỉ tiêu phải từ 1 đến 100 %.")
        self.assertContains(response, "Ngày không hợp lệ: ghi theo dạng dd/mm/yyyy.")
