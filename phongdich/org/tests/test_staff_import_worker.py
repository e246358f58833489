"""The import through the real database task backend and its worker."""

from __future__ import annotations

import io
import tempfile

from django.core.management import call_command
from django.test import TransactionTestCase, override_settings
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from phongdich.core.tests.base import make_cast
from phongdich.org.models import Staff, StaffImport
from phongdich.org.tests.helpers import person, upload, xlsx_bytes

DB_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}


@override_settings(TASKS=DB_TASKS)
class StaffImportWorkerTestCase(TransactionTestCase):
    def setUp(self) -> None:
        make_cast(self)
        media = self.enterContext(tempfile.TemporaryDirectory())
        self.enterContext(override_settings(MEDIA_ROOT=media))

    def test_an_uploaded_list_waits_for_the_worker_which_imports_it(self) -> None:
        self.client.force_login(self.office)
        response = self.client.post(
            reverse("org:staff_import"),
            {"file": upload(xlsx_bytes([person(1), person(2, unit="TT-B")]), "ds.xlsx")},
        )
        job = StaffImport.objects.get()
        status_url = reverse("org:staff_import_status", args=[job.pk])
        self.assertRedirects(response, status_url)
        self.assertEqual(job.status, StaffImport.Status.QUEUED)
        task = DBTaskResult.objects.get()
        self.assertEqual((task.status, task.args_kwargs["args"]), ("READY", [str(job.pk)]))
        pending = self.client.get(status_url, headers={"HX-Request": "true"})
        self.assertContains(pending, "Đang chờ xử lý")
        self.assertContains(pending, 'hx-trigger="every 1s"')

        call_command(
            "db_worker",
            "--batch",
            "--no-startup-delay",
            "--no-reload",
            "--interval=0",
            verbosity=0,
            stdout=io.StringIO(),
            stderr=io.StringIO(),
        )

        task.refresh_from_db()
        job.refresh_from_db()
        self.assertEqual(task.status, "SUCCESSFUL")
        self.assertEqual(task.return_value, "done")
        self.assertEqual((job.status, job.created_count), (StaffImport.Status.DONE, 2))
        self.assertEqual(Staff.objects.get(staff_code="NV00002").unit, self.unit_b)
        done = self.client.get(status_url, headers={"HX-Request": "true"})
        self.assertContains(done, "Thêm mới 2, cập nhật 0, không đổi 0, bỏ qua 0 dòng lỗi.")
        self.assertNotContains(done, "hx-get")
