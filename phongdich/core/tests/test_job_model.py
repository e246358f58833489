"""core.models.Job: the abstract job model, on real tables made for the test.

The concrete models are defined when the test class starts and removed from the app
registry when it ends, so no other test (nor makemigrations) ever sees them.
"""

from __future__ import annotations

from typing import Any, ClassVar

from django.apps import apps
from django.db import connection, models
from django.test import TestCase
from django.utils import timezone

from phongdich.core.models import Job
from phongdich.core.tests.base import make_cast


def _define_models() -> tuple[type[Any], type[Any]]:
    class DemoJob(Job):
        name = models.CharField(max_length=50, default="")
        created_count = models.PositiveIntegerField(default=0)

        class Meta:
            app_label = "core"

    class LegacyImport(Job):
        """Keeps the column names of org.StaffImport (and its REJECTED status)."""

        class Status(models.TextChoices):
            PENDING = "pending", "Đang chờ xử lý"
            RUNNING = "running", "Đang nhập"
            REJECTED = "rejected", "Bị từ chối"
            DONE = "done", "Hoàn tất"
            FAILED = "failed", "Lỗi hệ thống"

        status = models.CharField(max_length=16, choices=Status.choices, default=Status.PENDING)
        created_by = models.ForeignKey(
            "accounts.User", null=True, on_delete=models.SET_NULL, related_name="+"
        )
        total_rows = models.PositiveIntegerField(default=0)
        processed_rows = models.PositiveIntegerField(default=0)
        file_error = models.TextField(blank=True, default="")
        progress_done = None  # type: ignore[assignment]
        progress_total = None  # type: ignore[assignment]
        error = None  # type: ignore[assignment]
        started_by = None  # type: ignore[assignment]

        job_done_field = "processed_rows"
        job_total_field = "total_rows"
        job_error_field = "file_error"
        job_started_by_field = "created_by"
        job_finished_statuses: ClassVar[frozenset[str]] = frozenset({"done", "failed", "rejected"})

        class Meta:
            app_label = "core"

    class PercentRun(Job):
        """Like tracing.TraceRun: one percent column."""

        progress = models.PositiveSmallIntegerField(default=0)
        progress_done = None  # type: ignore[assignment]
        progress_total = None  # type: ignore[assignment]
        job_done_field = "progress"
        job_total_field = None

        class Meta:
            app_label = "core"

    return DemoJob, LegacyImport, PercentRun  # type: ignore[return-value]


class JobModelTests(TestCase):
    models: ClassVar[tuple[type[Any], ...]]

    @classmethod
    def setUpClass(cls) -> None:
        cls.models = _define_models()
        with connection.schema_editor() as editor:
            for model in cls.models:
                editor.create_model(model)
        super().setUpClass()

    @classmethod
    def tearDownClass(cls) -> None:
        super().tearDownClass()
        with connection.schema_editor() as editor:
            for model in cls.models:
                editor.delete_model(model)
        for model in cls.models:
            del apps.all_models["core"][model._meta.model_name]
        apps.clear_cache()

    @classmethod
    def setUpTestData(cls) -> None:
        make_cast(cls)

    def test_a_new_job_is_queued_with_no_progress(self) -> None:
        DemoJob = self.models[0]
        job = DemoJob.objects.create(started_by=self.office)
        self.assertEqual(job.status, "queued")
        self.assertEqual(job.get_status_display(), "Đang chờ")
        self.assertEqual((job.percent, job.is_finished), (0, False))
        self.assertIsNotNone(job.created_at)
        self.assertIsNone(job.started_at)

    def test_the_lifecycle_saves_status_progress_and_times(self) -> None:
        DemoJob = self.models[0]
        job = DemoJob.objects.create(started_by=self.office, name="a")
        job.job_start()
        job.refresh_from_db()
        self.assertEqual(job.status, DemoJob.Status.RUNNING)
        self.assertLessEqual(job.started_at, timezone.now())
        job.job_advance(0, total=400)
        job.job_advance(100)
        job.refresh_from_db()
        self.assertEqual((job.progress_done, job.progress_total, job.percent), (100, 400, 25))
        job.job_finish(created_count=7)
        job.refresh_from_db()
        self.assertEqual((job.status, job.created_count), ("done", 7))
        self.assertTrue(job.is_finished)
        self.assertGreaterEqual(job.finished_at, job.started_at)
        self.assertEqual(job.started_by, self.office)

    def test_each_step_saves_only_its_own_fields(self) -> None:
        DemoJob = self.models[0]
        job = DemoJob.objects.create(name="kept")
        DemoJob.objects.filter(pk=job.pk).update(name="changed elsewhere")
        job.job_start()
        job.job_advance(3, total=9)
        job.job_fail("Tệp không đọc được")
        job.refresh_from_db()
        self.assertEqual(job.name, "changed elsewhere")
        self.assertEqual((job.status, job.error), ("failed", "Tệp không đọc được"))
        self.assertEqual(job.percent, 33)

    def test_a_restart_clears_the_previous_error(self) -> None:
        DemoJob = self.models[0]
        job = DemoJob.objects.create()
        job.job_fail("x")
        job.job_start()
        job.refresh_from_db()
        self.assertEqual((job.status, job.error, job.finished_at), ("running", "", None))

    def test_a_finished_job_without_a_total_is_complete(self) -> None:
        DemoJob = self.models[0]
        job = DemoJob.objects.create()
        job.job_finish()
        self.assertEqual(job.percent, 100)

    def test_bad_calls_are_refused(self) -> None:
        DemoJob = self.models[0]
        job = DemoJob.objects.create()
        with self.assertRaises(ValueError):
            job.job_advance(-1)
        with self.assertRaises(ValueError):
            job.job_finish(status="failed")
        with self.assertRaises(ValueError):
            job.job_finish(status="running")
        with self.assertRaises(TypeError):
            job.job_finish(no_such_field=1)

    def test_a_model_keeps_its_own_column_names_and_statuses(self) -> None:
        LegacyImport = self.models[1]
        field_names = {f.name for f in LegacyImport._meta.get_fields()}
        self.assertNotIn("progress_done", field_names)
        self.assertNotIn("started_by", field_names)
        job = LegacyImport.objects.create(created_by=self.office)
        self.assertEqual(job.status, "pending")
        job.job_start()
        job.job_advance(5, total=10)
        job.job_finish(status=LegacyImport.Status.REJECTED)
        job.refresh_from_db()
        self.assertEqual((job.status, job.processed_rows, job.total_rows), ("rejected", 5, 10))
        self.assertEqual((job.percent, job.is_finished), (50, True))
        job.job_fail("Sai tiêu đề cột")
        job.refresh_from_db()
        self.assertEqual(job.file_error, "Sai tiêu đề cột")

    def test_a_percent_only_model_counts_out_of_a_hundred(self) -> None:
        PercentRun = self.models[2]
        run = PercentRun.objects.create()
        run.job_start()
        run.job_advance(40)
        run.refresh_from_db()
        self.assertEqual((run.progress, run.percent), (40, 40))
        with self.assertRaises(ValueError):
            run.job_advance(50, total=80)
