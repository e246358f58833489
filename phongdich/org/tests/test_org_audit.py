"""The writes of the org app leave an audit trail, from the web, the worker or a command.

The entries hold counts and line numbers, never a name or a phone number.
"""

from __future__ import annotations

import io
import tempfile
from pathlib import Path
from typing import Any
from unittest import mock

from django.core.management import call_command
from django.urls import reverse

from phongdich.core.models import AuditEvent
from phongdich.core.roles import Role
from phongdich.core.tests.base import BaseTestCase
from phongdich.org.models import RoleAssignment, StaffImport
from phongdich.org.services import role_assign, staff_import
from phongdich.org.tests.helpers import ImportTestCase, person, upload, xlsx_bytes


class StaffImportAuditTestCase(ImportTestCase):
    def imports(self) -> list[AuditEvent]:
        return list(AuditEvent.objects.filter(action="org.staff.import").order_by("pk"))

    def test_the_upload_is_recorded_with_who_and_from_where(self) -> None:
        self.login(self.office)
        with self.captureOnCommitCallbacks(execute=True):
            self.client.post(
                reverse("org:staff_import"), {"file": upload(xlsx_bytes([person(1)]), "a.xlsx")}
            )
        job = StaffImport.objects.get()
        event = AuditEvent.objects.get(action="org.staff_import.create")
        self.assertEqual((event.actor, event.ip_address), (self.office, "127.0.0.1"))
        self.assertEqual((event.object_type, event.object_id), ("org.staffimport", str(job.pk)))
        self.assertFalse(event.detail["skip_invalid"])

    def test_each_chunk_that_changes_staff_is_recorded_for_the_job(self) -> None:
        rows = [person(n) for n in range(1, 8)]
        real = staff_import.staff_rows_apply

        def small_chunks(**kwargs: Any) -> staff_import.ApplyResult:
            return real(**{**kwargs, "chunk_size": 3})

        with self.subTest("first import"):
            with mock.patch.object(staff_import, "staff_rows_apply", small_chunks):
                job = self.run_import(xlsx_bytes(rows))
            events = self.imports()
            self.assertEqual(
                [(e.detail["created"], e.detail["updated"], e.detail["lines"]) for e in events],
                [(3, 0, [2, 4]), (3, 0, [5, 7]), (1, 0, [8, 8])],
            )
            for event in events:
                self.assertEqual(event.actor, self.office)
                self.assertEqual(
                    (event.object_type, event.object_id), ("org.staffimport", str(job.pk))
                )
                self.assertNotIn("Nguyễn", str(event.detail))
        with self.subTest("the same file again changes nothing and records nothing"):
            AuditEvent.objects.all().delete()
            self.run_import(xlsx_bytes(rows))
            self.assertEqual(self.imports(), [])

    def test_a_rejected_file_writes_nothing_and_records_no_import(self) -> None:
        job = self.run_import(xlsx_bytes([person(1), person(2, code="")]))
        self.assertEqual(job.status, StaffImport.Status.REJECTED)
        self.assertEqual(self.imports(), [])

    def test_the_command_records_its_import_without_an_actor(self) -> None:
        folder = Path(self.enterContext(tempfile.TemporaryDirectory()))
        path = folder / "a.xlsx"
        path.write_bytes(xlsx_bytes([person(1), person(2)]))
        call_command("import_staff", str(path), stdout=io.StringIO(), stderr=io.StringIO())
        (event,) = self.imports()
        self.assertIsNone(event.actor)
        self.assertEqual(event.object_type, "org.staff")
        self.assertEqual((event.detail["created"], event.detail["updated"]), (2, 0))


class RoleAssignAuditTestCase(BaseTestCase):
    def test_a_new_assignment_is_recorded_once(self) -> None:
        for _ in range(2):
            role_assign(user=self.staff_user, role=Role.TRACER, actor=self.admin, ip="10.0.0.9")
        assignment = RoleAssignment.objects.get(user=self.staff_user, role=Role.TRACER)
        event = AuditEvent.objects.get(action="org.role.assign")
        self.assertEqual((event.actor, event.ip_address), (self.admin, "10.0.0.9"))
        self.assertEqual(event.object_id, str(assignment.pk))
        self.assertEqual(event.detail, {"user": self.staff_user.pk, "role": "tracer", "unit": None})
