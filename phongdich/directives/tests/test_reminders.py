"""Daily reminders: due in 3 and 1 days, overdue every day; once per day and kind; to the
unit's heads only; in the app and by e-mail; never for a done or submitted report."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from io import StringIO

from django.core import mail
from django.core.exceptions import ImproperlyConfigured
from django.core.management import CommandError, call_command
from django.test import override_settings
from django.utils import timezone

from phongdich.directives.models import ReminderLog, Report, ReportVersion, TaskAssignment
from phongdich.directives.selectors.reminders import days_before
from phongdich.directives.services.reminders import reminders_send
from phongdich.directives.tasks import next_reminders_at, send_reminders_daily
from phongdich.directives.tests.helpers import DirectiveTestCase
from phongdich.directives.tests.office_helpers import put_report
from phongdich.notifications.models import Notification

DUE = date(2026, 3, 31)  # every task of cls.issued and cls.issued_b


class ReminderTests(DirectiveTestCase):
    def send(self, day: date, **kw: object) -> object:
        with self.captureOnCommitCallbacks(execute=True):
            return reminders_send(today=day, **kw)

    def test_nothing_is_sent_four_days_before(self) -> None:
        run = self.send(DUE - timedelta(days=4))
        self.assertEqual(run.sent, [])
        self.assertEqual(Notification.objects.count(), 0)
        self.assertEqual(len(mail.outbox), 0)

    def test_three_days_before_the_heads_get_one_notification_and_one_email(self) -> None:
        self.send(DUE - timedelta(days=3))
        a = Notification.objects.get(user=self.head_a)
        self.assertIn("1 nhiệm vụ sắp đến hạn", a.title)
        self.assertIn("Báo cáo của phòng A", a.body)
        self.assertIn("hạn 31/03/2026, còn 3 ngày", a.body)
        self.assertEqual(a.url, f"/chi-dao/{self.issued.pk}/")
        # head_b: task 2 of cls.issued and task 1 of cls.issued_b, in one message.
        b = Notification.objects.get(user=self.head_b)
        self.assertIn("2 nhiệm vụ sắp đến hạn", b.title)
        self.assertEqual(
            sorted(m.to[0] for m in mail.outbox), ["head_a@example.vn", "head_b@example.vn"]
        )
        self.assertIn(f"/chi-dao/{self.issued.pk}/", mail.outbox[0].body)
        # Nobody else: not the Office, the Director or plain staff of unit A.
        self.assertEqual(Notification.objects.count(), 2)

    def test_a_second_run_the_same_day_sends_nothing(self) -> None:
        day = DUE - timedelta(days=1)
        self.send(day)
        again = self.send(day)
        self.assertEqual(again.sent, [])
        self.assertEqual(again.already_sent, 3)
        self.assertEqual(Notification.objects.count(), 2)
        self.assertEqual(len(mail.outbox), 2)
        self.assertEqual(ReminderLog.objects.filter(sent_on=day).count(), 3)

    def test_the_day_before_and_three_days_before_are_both_sent(self) -> None:
        self.send(DUE - timedelta(days=3))
        self.send(DUE - timedelta(days=2))
        self.send(DUE - timedelta(days=1))
        self.assertEqual(Notification.objects.filter(user=self.head_a).count(), 2)

    def test_overdue_is_reminded_every_day(self) -> None:
        self.send(DUE + timedelta(days=1))
        self.send(DUE + timedelta(days=2))
        notes = Notification.objects.filter(user=self.head_a).order_by("created_at")
        self.assertEqual(notes.count(), 2)
        self.assertIn("1 nhiệm vụ quá hạn", notes[0].title)
        self.assertIn("quá hạn 2 ngày", notes[1].body)
        self.assertEqual(
            set(ReminderLog.objects.values_list("kind", flat=True)), {ReminderLog.Kind.OVERDUE}
        )

    @override_settings(REMINDER_OVERDUE_EVERY_DAYS=3)
    def test_overdue_every_three_days(self) -> None:
        for n in range(1, 8):
            self.send(DUE + timedelta(days=n))
        self.assertEqual(Notification.objects.filter(user=self.head_a).count(), 3)  # 1, 4, 7

    def test_a_done_and_accepted_task_is_not_reminded(self) -> None:
        task_a = self.issued.tasks.get(number="1")
        put_report(task_a, self.unit_a, completed_on=date(2026, 3, 20))
        self.send(DUE - timedelta(days=1))
        self.send(DUE + timedelta(days=1))
        self.assertFalse(Notification.objects.filter(user=self.head_a).exists())
        self.assertTrue(Notification.objects.filter(user=self.head_b).exists())

    def test_a_report_waiting_for_the_office_is_not_reminded(self) -> None:
        task_a = self.issued.tasks.get(number="1")
        put_report(task_a, self.unit_a, state=Report.State.SUBMITTED, completed_on=DUE)
        self.send(DUE + timedelta(days=1))
        self.assertFalse(Notification.objects.filter(user=self.head_a).exists())

    def test_an_accepted_report_still_in_progress_is_reminded_once_overdue(self) -> None:
        task_a = self.issued.tasks.get(number="1")
        put_report(
            task_a, self.unit_a, progress=ReportVersion.Progress.IN_PROGRESS, sent=date(2026, 3, 20)
        )
        self.send(DUE + timedelta(days=1))
        self.assertTrue(Notification.objects.filter(user=self.head_a).exists())

    def test_a_returned_report_is_still_reminded(self) -> None:
        task_a = self.issued.tasks.get(number="1")
        put_report(task_a, self.unit_a, state=Report.State.RETURNED, completed_on=DUE)
        self.send(DUE - timedelta(days=1))
        self.assertTrue(Notification.objects.filter(user=self.head_a).exists())

    def test_a_closed_directive_is_not_reminded(self) -> None:
        from phongdich.directives.services import directives as services

        services.directive_close(directive=self.issued, by=self.office)
        services.directive_close(directive=self.issued_b, by=self.office)
        run = self.send(DUE + timedelta(days=1))
        self.assertEqual(run.sent, [])

    def test_heads_of_a_parent_unit_are_not_reminded_for_a_sub_unit(self) -> None:
        # head_a heads unit A; an assignment of unit A's team reaches nobody.
        task = self.issued.tasks.get(number="1")
        TaskAssignment.objects.create(task=task, unit=self.unit_a_team, role="support")
        run = self.send(DUE - timedelta(days=1))
        self.assertIn(self.unit_a_team, run.without_head)
        self.assertEqual(Notification.objects.filter(user=self.head_a).count(), 1)

    def test_a_head_named_for_the_unit_by_role_is_reminded(self) -> None:
        from phongdich.core.roles import Role
        from phongdich.org.models import RoleAssignment

        RoleAssignment.objects.create(user=self.it, role=Role.UNIT_HEAD, unit=self.unit_a_team)
        task = self.issued.tasks.get(number="1")
        TaskAssignment.objects.create(task=task, unit=self.unit_a_team, role="support")
        self.send(DUE - timedelta(days=1))
        self.assertTrue(Notification.objects.filter(user=self.it).exists())

    def test_dry_run_sends_and_logs_nothing(self) -> None:
        run = self.send(DUE - timedelta(days=1), dry_run=True)
        self.assertEqual(len(run.sent), 2)
        self.assertEqual(Notification.objects.count(), 0)
        self.assertEqual(ReminderLog.objects.count(), 0)
        self.assertEqual(len(mail.outbox), 0)
        self.assertIn("(chạy thử)", run.lines()[0])

    @override_settings(DIRECTIVE_REMINDER_DAYS_BEFORE="7, 2")
    def test_the_days_before_come_from_the_settings(self) -> None:
        self.assertEqual(days_before(), [7, 2])
        self.send(DUE - timedelta(days=3))
        self.assertEqual(Notification.objects.count(), 0)
        self.send(DUE - timedelta(days=7))
        self.assertEqual(Notification.objects.count(), 2)

    @override_settings(DIRECTIVE_REMINDER_DAYS_BEFORE="3,x")
    def test_a_bad_setting_fails_loudly(self) -> None:
        with self.assertRaises(ImproperlyConfigured):
            days_before()


class ReminderCommandTests(DirectiveTestCase):
    def test_the_command_prints_what_it_sent(self) -> None:
        out = StringIO()
        with self.captureOnCommitCallbacks(execute=True):
            call_command("send_reminders", "--date", "30/03/2026", stdout=out)
        text = out.getvalue()
        self.assertIn("Nhắc hạn ngày 30/03/2026", text)
        self.assertIn("Đã nhắc Phòng Giáo dục nghề nghiệp (1 nhiệm vụ)", text)
        self.assertIn("head_a@example.vn", text)
        self.assertEqual(len(mail.outbox), 2)

    def test_dry_run_prints_without_sending(self) -> None:
        out = StringIO()
        call_command("send_reminders", "--date", "2026-03-30", "--dry-run", stdout=out)
        self.assertIn("Sẽ nhắc", out.getvalue())
        self.assertEqual(Notification.objects.count(), 0)

    def test_a_bad_date_is_refused_with_exit_code_2(self) -> None:
        with self.assertRaises(CommandError) as ctx:
            call_command("send_reminders", "--date", "31/02/2026")
        self.assertEqual(ctx.exception.returncode, 2)
        self.assertIn("dd/mm/yyyy", str(ctx.exception))


class ReminderScheduleTests(DirectiveTestCase):
    def test_the_next_run_is_at_seven_local_time(self) -> None:
        now = timezone.make_aware(timezone.datetime(2026, 3, 30, 6, 59))
        self.assertEqual(timezone.localtime(next_reminders_at(now)).hour, 7)
        self.assertEqual(timezone.localtime(next_reminders_at(now)).date(), date(2026, 3, 30))
        later = timezone.make_aware(timezone.datetime(2026, 3, 30, 7, 0))
        self.assertEqual(timezone.localtime(next_reminders_at(later)).date(), date(2026, 3, 31))

    def test_the_task_runs_without_rescheduling_on_the_immediate_backend(self) -> None:
        result = send_reminders_daily.enqueue(reschedule=True)
        self.assertIsNone(result.return_value["next_run"])


DB_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}


class ReminderQueueTests(DirectiveTestCase):
    @override_settings(TASKS=DB_TASKS)
    def test_the_task_queues_itself_for_the_next_seven_o_clock(self) -> None:
        from django_tasks_db.models import DBTaskResult

        result = send_reminders_daily.call()
        queued = DBTaskResult.objects.get()
        self.assertEqual(queued.task_path, send_reminders_daily.module_path)
        self.assertEqual(queued.status, "READY")
        self.assertEqual(queued.run_after, next_reminders_at())
        self.assertEqual(datetime.fromisoformat(result["next_run"]), queued.run_after)

    @override_settings(TASKS=DB_TASKS)
    def test_scheduling_queues_one_task_only(self) -> None:
        from django_tasks_db.models import DBTaskResult

        from phongdich.directives.signals import ensure_reminders_scheduled

        self.assertTrue(ensure_reminders_scheduled())
        self.assertFalse(ensure_reminders_scheduled())
        self.assertEqual(DBTaskResult.objects.count(), 1)
        DBTaskResult.objects.update(status="SUCCESSFUL")
        self.assertTrue(ensure_reminders_scheduled())
        self.assertEqual(DBTaskResult.objects.filter(status="READY").count(), 1)

    @override_settings(TASKS=DB_TASKS)
    def test_post_migrate_of_the_directives_app_schedules_the_reminders(self) -> None:
        from django.apps import apps
        from django_tasks_db.models import DBTaskResult

        from phongdich.directives.signals import schedule_reminders

        schedule_reminders(sender=apps.get_app_config("org"), using="default")
        self.assertEqual(DBTaskResult.objects.count(), 0)
        schedule_reminders(sender=apps.get_app_config("directives"), using="default")
        self.assertEqual(DBTaskResult.objects.count(), 1)
