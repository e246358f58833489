"""Every write of the directives app records its audit entry inside its service (so a
command or the admin leaves the same trail), and no view module calls ``audit()``."""

from __future__ import annotations

import ast
from datetime import date
from pathlib import Path
from unittest import mock

from django.test import SimpleTestCase
from django.urls import reverse

from phongdich.core.models import AuditEvent
from phongdich.directives.models import CompiledReport, Directive, TaskAssignment, UrgingNotice
from phongdich.directives.services import compiled, urging
from phongdich.directives.services import directives as services
from phongdich.directives.tests.helpers import DirectiveTestCase

VIEWS = Path(__file__).resolve().parents[1] / "views"
CLIENT_IP = "127.0.0.1"  # the test client's REMOTE_ADDR


class ViewModulesTests(SimpleTestCase):
    def test_no_view_module_calls_or_imports_audit(self) -> None:
        modules = sorted(VIEWS.glob("*.py"))
        self.assertGreater(len(modules), 2)
        for module in modules:
            tree = ast.parse(module.read_text(encoding="utf-8"))
            for node in ast.walk(tree):
                if isinstance(node, ast.ImportFrom) and node.module == "phongdich.core.audit":
                    names = {alias.name for alias in node.names}
                    self.assertNotIn("audit", names, module.name)
                if isinstance(node, ast.Call):
                    func = node.func
                    name = func.id if isinstance(func, ast.Name) else getattr(func, "attr", "")
                    self.assertNotEqual(name, "audit", f"{module.name}:{node.lineno}")


class ServiceAuditTests(DirectiveTestCase):
    def events(self, prefix: str = "directives.") -> list[tuple[str, str | None]]:
        return list(
            AuditEvent.objects.filter(action__startswith=prefix)
            .order_by("pk")
            .values_list("action", "ip_address")
        )

    def test_an_audit_that_fails_undoes_the_issue(self) -> None:
        with (
            mock.patch.object(services, "audit", side_effect=RuntimeError("audit down")),
            self.assertRaises(RuntimeError),
        ):
            services.directive_issue(directive=self.draft, by=self.office, ip="198.51.100.4")
        self.assertEqual(self.fresh(self.draft).state, Directive.State.DRAFT)
        self.assertFalse(TaskAssignment.objects.filter(task__directive=self.draft).exists())

    def test_issuing_records_who_and_from_where(self) -> None:
        services.directive_issue(directive=self.draft, by=self.office, ip="198.51.100.4")
        event = AuditEvent.objects.get(action="directives.directive.issue", object_id=self.draft.pk)
        self.assertEqual((event.actor, event.ip_address), (self.office, "198.51.100.4"))

    def test_the_office_pages_audit_each_edit_of_a_draft(self) -> None:
        self.login(self.office)
        AuditEvent.objects.all().delete()
        draft = self.draft
        task = draft.tasks.get(number="2")
        self.client.post(
            reverse("directives:edit", args=[draft.pk]),
            {"subject": "V/v dự thảo đã sửa", "number": "12", "symbol": "SLĐTBXH-VP"},
        )
        self.client.post(
            reverse("directives:task_create", args=[draft.pk]),
            {"number": "3", "content": "Việc mới", "recurrence": "once"},
        )
        self.client.post(
            reverse("directives:task_edit", args=[draft.pk, task.pk]),
            {"number": "2", "content": "Đã sửa", "all_units": "on", "recurrence": "once"},
        )
        self.client.post(
            reverse("directives:indicator_create", args=[draft.pk, task.pk]),
            {"name": "Số máy", "kind": "integer", "required": "on"},
        )
        indicator = task.indicators.get()
        self.client.post(
            reverse("directives:indicator_edit", args=[draft.pk, task.pk, indicator.pk]),
            {"name": "Số máy tính", "kind": "integer"},
        )
        self.client.post(
            reverse("directives:indicator_delete", args=[draft.pk, task.pk, indicator.pk])
        )
        self.client.post(reverse("directives:task_delete", args=[draft.pk, task.pk]))
        self.client.post(reverse("directives:delete", args=[draft.pk]))
        self.assertEqual(
            [action for action, _ip in self.events()],
            [
                "directives.directive.update",
                "directives.task.create",
                "directives.task.update",
                "directives.indicator.create",
                "directives.indicator.update",
                "directives.indicator.delete",
                "directives.task.delete",
                "directives.directive.delete",
            ],
        )
        self.assertEqual({ip for _action, ip in self.events()}, {CLIENT_IP})
        self.assertEqual(set(AuditEvent.objects.values_list("actor", flat=True)), {self.office.pk})

    def test_a_refused_write_records_nothing(self) -> None:
        with self.assertRaises(services.DirectiveError):
            services.task_create(
                directive=self.issued, item=services.TaskInput("9", "Muộn"), by=self.office
            )
        self.assertEqual(self.events("directives.task."), [])

    def test_urging_and_compiled_reports_are_audited_by_their_services(self) -> None:
        late = date(2026, 4, 3)
        with self.captureOnCommitCallbacks(execute=True):
            notice = urging.urging_create(
                directive=self.issued, by=self.office, ip="198.51.100.4", today=late
            )
        report = compiled.compiled_report_create(
            directive=self.issued,
            period_start=date(2026, 3, 3),
            period_end=late,
            by=self.office,
            ip="198.51.100.4",
            today=late,
        )
        compiled.compiled_report_update(
            report=report,
            number=4,
            issued_on=late,
            period_start=report.period_start,
            period_end=report.period_end,
            sections={"intro": "Mở đầu"},
            by=self.office,
            ip="198.51.100.4",
        )
        self.assertEqual(
            self.events("directives.urging.") + self.events("directives.compiled."),
            [
                ("directives.urging.create", "198.51.100.4"),
                ("directives.compiled.create", "198.51.100.4"),
                ("directives.compiled.update", "198.51.100.4"),
            ],
        )
        self.assertTrue(UrgingNotice.objects.filter(pk=notice.pk).exists())
        self.assertEqual(CompiledReport.objects.get().number, 4)
