"""The staff import is a ``core.models.Job``: one lifecycle, and its old rows migrated."""

from __future__ import annotations

from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.test import TransactionTestCase
from django.utils import timezone

from phongdich.core.models import Job
from phongdich.org.models import StaffImport
from phongdich.org.tests.helpers import ImportTestCase, person, xlsx_bytes

BEFORE = [("org", "0001_initial")]
AFTER = [("org", "0002_staffimport_job_columns")]


class StaffImportJobTestCase(ImportTestCase):
    def test_it_is_a_job_with_the_job_columns(self) -> None:
        self.assertTrue(issubclass(StaffImport, Job))
        names = {f.name for f in StaffImport._meta.get_fields()}
        self.assertLessEqual(
            {"status", "progress_done", "progress_total", "error", "started_by", "started_at"},
            names,
        )
        self.assertFalse({"created_by", "processed_rows", "total_rows", "file_error"} & names)

    def test_a_run_records_who_started_it_when_and_its_rows(self) -> None:
        before = timezone.now()
        job = self.run_import(xlsx_bytes([person(1), person(2)]))
        self.assertEqual(job.status, StaffImport.Status.DONE)
        self.assertEqual(job.started_by, self.office)
        self.assertIsNotNone(job.started_at)
        self.assertIsNotNone(job.finished_at)
        assert job.started_at is not None and job.finished_at is not None
        self.assertLessEqual(before, job.started_at)
        self.assertLessEqual(job.started_at, job.finished_at)
        self.assertEqual((job.progress_done, job.progress_total, job.percent), (2, 2, 100))
        self.assertEqual(job.error, "")

    def test_a_rejected_file_is_a_finished_job_with_its_error(self) -> None:
        job = self.run_import(b"not a spreadsheet", "ds.xlsx")
        self.assertEqual(job.status, StaffImport.Status.REJECTED)
        self.assertTrue(job.is_finished)
        self.assertIn("Không mở được tệp .xlsx", job.error)
        self.assertEqual(job.percent, 100)

    def test_a_new_import_waits_as_queued(self) -> None:
        job = StaffImport.objects.create(started_by=self.office, original_name="a.csv")
        self.assertEqual((job.status, job.is_finished, job.percent), ("queued", False, 0))


class StaffImportMigrationTestCase(TransactionTestCase):
    """0002 renames the columns to the Job's and keeps every value of earlier imports."""

    def tearDown(self) -> None:
        executor = MigrationExecutor(connection)
        executor.migrate(executor.loader.graph.leaf_nodes())
        super().tearDown()

    def test_existing_imports_keep_their_values_under_the_job_names(self) -> None:
        executor = MigrationExecutor(connection)
        executor.migrate(BEFORE)
        old = executor.loader.project_state(BEFORE).apps
        user = old.get_model("accounts", "User").objects.create(username="vp", password="!")
        OldImport = old.get_model("org", "StaffImport")
        waiting = OldImport.objects.create(
            created_by=user, original_name="cho.xlsx", stored_path="/x/cho.xlsx"
        )
        finished = OldImport.objects.create(
            created_by=user,
            original_name="xong.xlsx",
            stored_path="/x/xong.xlsx",
            status="rejected",
            total_rows=700,
            processed_rows=650,
            file_error="Thiếu cột bắt buộc: Đơn vị",
            row_errors=[{"line": 3, "reasons": ["Sai số điện thoại"]}],
            finished_at=timezone.now(),
        )

        executor = MigrationExecutor(connection)
        executor.migrate(AFTER)
        new = executor.loader.project_state(AFTER).apps.get_model("org", "StaffImport")
        row = new.objects.get(pk=finished.pk)
        self.assertEqual(row.started_by_id, user.pk)
        self.assertEqual(
            (row.status, row.progress_total, row.progress_done), ("rejected", 700, 650)
        )
        self.assertEqual(row.error, "Thiếu cột bắt buộc: Đơn vị")
        self.assertEqual(row.row_errors, [{"line": 3, "reasons": ["Sai số điện thoại"]}])
        self.assertIsNone(row.started_at)
        self.assertIsNotNone(row.finished_at)
        self.assertEqual(new.objects.get(pk=waiting.pk).status, "queued")

        # And back: the waiting import is "pending" again under the old names.
        executor = MigrationExecutor(connection)
        executor.migrate(BEFORE)
        back = executor.loader.project_state(BEFORE).apps.get_model("org", "StaffImport")
        self.assertEqual(back.objects.get(pk=waiting.pk).status, "pending")
        self.assertEqual(back.objects.get(pk=finished.pk).file_error, "Thiếu cột bắt buộc: Đơn vị")
