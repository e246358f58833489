"""core.scheduling.daily: every run is recorded, and the next one is queued whatever happens."""

from __future__ import annotations

from datetime import timedelta
from unittest import mock

from django.core.management import call_command
from django.test import TestCase, override_settings
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from phongdich.checkin.tasks import next_purge_at, purge_expired_daily
from phongdich.core import scheduling
from phongdich.core.models import JobRun
from phongdich.directives.tasks import next_reminders_at, send_reminders_daily

DB_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
PURGE = purge_expired_daily.module_path
REMIND = send_reminders_daily.module_path


def raise_once(real: object) -> mock.Mock:
    """A stand-in that raises on the first call and behaves like ``real`` after."""
    return mock.Mock(side_effect=[RuntimeError("ổ đĩa đầy"), real])


class DailyJobTests(TestCase):
    def test_the_daily_jobs_are_registered_under_their_task_paths(self) -> None:
        self.assertEqual(PURGE, "phongdich.checkin.tasks.purge_expired_daily")
        self.assertEqual(REMIND, "phongdich.directives.tasks.send_reminders_daily")
        self.assertIn(PURGE, scheduling.DAILY_JOBS)
        self.assertIn(REMIND, scheduling.DAILY_JOBS)
        self.assertEqual(scheduling.DAILY_JOBS[PURGE].at.hour, 2)

    def test_a_successful_run_is_recorded_with_its_counts(self) -> None:
        result = purge_expired_daily.enqueue()
        run = JobRun.objects.get(name=PURGE)
        self.assertEqual(run.outcome, JobRun.Outcome.OK)
        self.assertEqual(
            set(run.counts), {"visits", "declarations", "persons", "rate_counters", "partitions"}
        )
        self.assertEqual(
            run.counts, {k: v for k, v in result.return_value.items() if k != "next_run"}
        )
        self.assertIsNotNone(run.finished_at)
        self.assertGreaterEqual(run.finished_at, run.started_at)
        self.assertEqual(run.error, "")

    @override_settings(TASKS=DB_TASKS)
    def test_the_purge_raises_once_is_recorded_as_failed_and_runs_again_the_next_day(
        self,
    ) -> None:
        from phongdich.checkin.services import retention

        report = retention.purge_expired()
        with mock.patch.object(retention, "purge_expired", raise_once(report)):
            with self.assertRaises(RuntimeError):
                purge_expired_daily.call()
            failed = JobRun.objects.get(name=PURGE)
            self.assertEqual(failed.outcome, JobRun.Outcome.FAILED)
            self.assertIn("RuntimeError: ổ đĩa đầy", failed.error)
            self.assertIsNotNone(failed.finished_at)
            queued = DBTaskResult.objects.get(task_path=PURGE)
            self.assertEqual(queued.status, "READY")
            self.assertEqual(queued.run_after, next_purge_at())
            self.assertEqual(failed.next_run_at, queued.run_after)

            # The next day's run: it succeeds and queues the day after.
            DBTaskResult.objects.update(status="SUCCESSFUL")
            result = purge_expired_daily.call()
        self.assertEqual(result["visits"], 0)
        latest = JobRun.objects.filter(name=PURGE).first()
        self.assertEqual(latest.outcome, JobRun.Outcome.OK)
        self.assertEqual(DBTaskResult.objects.filter(status="READY").count(), 1)

    @override_settings(TASKS=DB_TASKS)
    def test_the_worker_marks_the_failed_task_and_still_finds_the_next_run_queued(
        self,
    ) -> None:
        from phongdich.checkin.services import retention

        purge_expired_daily.enqueue()  # due now
        # The worker closes "old" connections between tasks; inside a test's transaction
        # that would close the test's own connection (PostgreSQL with CONN_MAX_AGE).
        with (
            mock.patch.object(retention, "purge_expired", side_effect=RuntimeError("x")),
            mock.patch("django_tasks_db.management.commands.db_worker.close_old_connections"),
        ):
            call_command("db_worker", "--batch", "--no-startup-delay", "--interval", "0")
        statuses = dict(DBTaskResult.objects.values_list("status", "run_after"))
        self.assertIn("FAILED", statuses)
        self.assertEqual(statuses["READY"], next_purge_at())
        self.assertEqual(JobRun.objects.get(name=PURGE).outcome, JobRun.Outcome.FAILED)

    @override_settings(TASKS=DB_TASKS)
    def test_the_reminders_survive_an_exception_too(self) -> None:
        with mock.patch(
            "phongdich.directives.services.reminders.reminders_send", side_effect=ValueError("hỏng")
        ):
            with self.assertRaises(ValueError):
                send_reminders_daily.call()
        run = JobRun.objects.get(name=REMIND)
        self.assertEqual((run.outcome, run.error), (JobRun.Outcome.FAILED, "ValueError: hỏng"))
        queued = DBTaskResult.objects.get(task_path=REMIND)
        self.assertEqual(queued.run_after, next_reminders_at())

    @override_settings(TASKS=DB_TASKS)
    def test_reschedule_false_runs_once_and_queues_nothing(self) -> None:
        result = purge_expired_daily.call(reschedule=False)
        self.assertIsNone(result["next_run"])
        self.assertFalse(DBTaskResult.objects.exists())
        self.assertEqual(JobRun.objects.get(name=PURGE).outcome, JobRun.Outcome.OK)

    @override_settings(TASKS=DB_TASKS)
    def test_a_failure_to_queue_does_not_hide_the_run(self) -> None:
        with mock.patch.object(scheduling, "reschedule", side_effect=RuntimeError("queue down")):
            result = purge_expired_daily.call()
        self.assertIsNone(result["next_run"])
        run = JobRun.objects.get(name=PURGE)
        self.assertEqual(run.outcome, JobRun.Outcome.OK)
        self.assertIsNone(run.next_run_at)

    def test_old_runs_are_pruned(self) -> None:
        old = JobRun.objects.create(
            name=PURGE, started_at=timezone.now() - scheduling.KEEP_RUNS - timedelta(days=1)
        )
        other = JobRun.objects.create(name="x.y", started_at=old.started_at)
        purge_expired_daily.call()
        self.assertFalse(JobRun.objects.filter(pk=old.pk).exists())
        self.assertTrue(JobRun.objects.filter(pk=other.pk).exists())
