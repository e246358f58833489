"""A trace run is a ``core.models.Job``: one lifecycle, and its old rows migrated."""

from __future__ import annotations

import unittest
from unittest import mock

from django.conf import settings
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.test import TransactionTestCase
from django.utils import timezone

from phongdich.core.models import Job
from phongdich.core.tests.base import BaseTestCase
from phongdich.tracing import services
from phongdich.tracing.models import TraceRun
from phongdich.tracing.tests.outbreak import make_outbreak, yesterday

BEFORE = [("tracing", "0004_restore_visit_indexes")]
AFTER = [("tracing", "0005_tracerun_job_columns")]


class TraceRunJobTestCase(BaseTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        make_outbreak(cls)

    def setUp(self) -> None:
        self.case = services.case_create(
            person=self.f0_person, onset=yesterday(), user=self.tracer, staff=self.staff_a
        )

    def test_it_is_a_job_with_the_job_columns(self) -> None:
        self.assertTrue(issubclass(TraceRun, Job))
        names = {f.name for f in TraceRun._meta.get_fields()}
        self.assertLessEqual(
            {"status", "progress_done", "progress_total", "error", "started_by", "started_at"},
            names,
        )
        self.assertFalse({"created_by", "progress"} & names)

    def test_a_queued_run_done_by_the_task_records_who_when_and_its_percent(self) -> None:
        with self.captureOnCommitCallbacks(execute=False) as callbacks:
            run = services.case_trace(case=self.case, user=self.tracer, background=True)
        self.assertEqual((run.status, run.percent, run.started_by), ("queued", 0, self.tracer))
        self.assertIsNone(run.started_at)
        callbacks[0]()  # the immediate task backend runs it now
        run.refresh_from_db()
        self.assertEqual(run.status, TraceRun.Status.DONE)
        self.assertEqual((run.progress_done, run.progress_total, run.percent), (100, 100, 100))
        assert run.started_at is not None and run.finished_at is not None
        self.assertLessEqual(run.started_at, run.finished_at)
        self.assertEqual(run.contact_count, 2)

    def test_the_progress_seen_while_it_runs_is_a_percent(self) -> None:
        seen: list[int] = []
        real = services.runs._set_progress

        def spy(run_id: object, percent: int) -> None:
            real(run_id, percent)
            seen.append(TraceRun.objects.get(pk=run_id).percent)

        with mock.patch.object(services.runs, "_set_progress", spy):
            run = services.case_trace(case=self.case, user=self.tracer)
        self.assertEqual(run.status, TraceRun.Status.DONE)
        self.assertTrue(seen)
        self.assertTrue(all(5 <= p <= 90 for p in seen), seen)
        self.assertEqual(seen, sorted(seen))

    def test_a_failed_run_keeps_its_error_its_end_and_its_duration(self) -> None:
        with mock.patch.object(services.runs, "trace", side_effect=RuntimeError("boom")):
            run = services.case_trace(case=self.case, user=self.tracer)
        run.refresh_from_db()
        self.assertEqual(run.status, TraceRun.Status.FAILED)
        self.assertTrue(run.is_finished)
        self.assertIn("lỗi hệ thống", run.error)
        self.assertNotIn("boom", run.error)
        self.assertIsNotNone(run.finished_at)
        self.assertIsNotNone(run.duration_ms)


@unittest.skipIf(
    bool(settings.CITUS_URL),
    "re-applies 0005 on a distributed database: Citus refuses its ADD COLUMN … CHECK on a "
    "Citus table (on a cluster, migrate runs the old migrations before distributing)",
)
class TraceRunMigrationTestCase(TransactionTestCase):
    """0005 renames the columns to the Job's and keeps every value of earlier runs."""

    def tearDown(self) -> None:
        executor = MigrationExecutor(connection)
        executor.migrate(executor.loader.graph.leaf_nodes())
        super().tearDown()

    def test_existing_runs_keep_their_values_under_the_job_names(self) -> None:
        executor = MigrationExecutor(connection)
        executor.migrate(BEFORE)
        old = executor.loader.project_state(BEFORE).apps
        user = old.get_model("accounts", "User").objects.create(username="tv", password="!")
        profile = old.get_model("checkin", "DiseaseProfile").objects.create(name="COVID-19")
        person = old.get_model("checkin", "Person").objects.create(identity_index="x" * 64)
        case = old.get_model("tracing", "Case").objects.create(
            person=person, profile=profile, onset=timezone.localdate(), created_by=user
        )
        OldRun = old.get_model("tracing", "TraceRun")
        params = {"depth": 2, "days_before_onset": 2, "min_overlap_minutes": 15}
        running = OldRun.objects.create(
            case=case,
            as_of=timezone.now(),
            open_visit_hours=8,
            status="running",
            progress=40,
            created_by=user,
            **params,
        )
        failed = OldRun.objects.create(
            case=case,
            as_of=timezone.now(),
            open_visit_hours=8,
            status="failed",
            progress=5,
            error="Truy vết gặp lỗi hệ thống",
            finished_at=timezone.now(),
            **params,
        )

        executor = MigrationExecutor(connection)
        executor.migrate(AFTER)
        new = executor.loader.project_state(AFTER).apps.get_model("tracing", "TraceRun")
        row = new.objects.get(pk=running.pk)
        self.assertEqual(row.started_by_id, user.pk)
        self.assertEqual((row.status, row.progress_done, row.progress_total), ("running", 40, 100))
        self.assertIsNone(row.started_at)
        row = new.objects.get(pk=failed.pk)
        self.assertIsNone(row.started_by_id)
        self.assertEqual((row.status, row.error), ("failed", "Truy vết gặp lỗi hệ thống"))
        self.assertEqual(TraceRun.objects.get(pk=running.pk).percent, 40)

        executor = MigrationExecutor(connection)
        executor.migrate(BEFORE)
        back = executor.loader.project_state(BEFORE).apps.get_model("tracing", "TraceRun")
        self.assertEqual(back.objects.get(pk=running.pk).progress, 40)
        self.assertEqual(back.objects.get(pk=running.pk).created_by_id, user.pk)
