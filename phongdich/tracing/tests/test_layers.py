"""The write path of the tracing, org, accounts and notifications apps: views never audit
(their services do, inside their transaction, with the client address the view read)."""

from __future__ import annotations

import ast
from pathlib import Path

from django.test import SimpleTestCase
from django.urls import reverse

from phongdich.core.models import AuditEvent
from phongdich.core.tests.base import BaseTestCase
from phongdich.tracing import services
from phongdich.tracing.tests.outbreak import make_outbreak, yesterday

APPS = Path(__file__).resolve().parents[2]
MINE = ("tracing", "org", "accounts", "notifications")


def view_modules() -> list[Path]:
    found: list[Path] = []
    for app in MINE:
        root = APPS / app
        found += [p for p in [root / "views.py"] if p.exists()]
        found += sorted((root / "views").glob("*.py")) if (root / "views").is_dir() else []
    return found


def audit_calls(path: Path) -> list[int]:
    """Line numbers of every call of a name or attribute ``audit`` in ``path``."""
    lines = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Call):
            func = node.func
            name = func.id if isinstance(func, ast.Name) else getattr(func, "attr", "")
            if name == "audit":
                lines.append(node.lineno)
    return lines


class ViewsNeverAuditTests(SimpleTestCase):
    def test_no_view_module_calls_audit(self) -> None:
        modules = view_modules()
        self.assertGreaterEqual(len(modules), 5)
        for path in modules:
            with self.subTest(str(path.relative_to(APPS))):
                self.assertEqual(audit_calls(path), [])


class ServicesRecordTheClientAddressTests(BaseTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        make_outbreak(cls)

    def test_a_write_through_a_page_records_who_and_from_where(self) -> None:
        case = services.case_create(person=self.f0_person, onset=yesterday(), user=self.tracer)
        self.login(self.tracer)
        self.client.post(reverse("tracing:case_close", args=[case.pk]), REMOTE_ADDR="10.1.2.3")
        event = AuditEvent.objects.get(action="tracing.case.close")
        self.assertEqual((event.actor, event.ip_address), (self.tracer, "10.1.2.3"))

    def test_a_page_of_contacts_records_the_address_too(self) -> None:
        case = services.case_create(person=self.f0_person, onset=yesterday(), user=self.tracer)
        self.login(self.tracer)
        AuditEvent.objects.all().delete()
        self.client.get(reverse("tracing:followup_list", args=[case.pk]), REMOTE_ADDR="10.1.2.4")
        event = AuditEvent.objects.get(action="tracing.contacts.view")
        self.assertEqual((event.actor, event.ip_address), (self.tracer, "10.1.2.4"))
        self.assertEqual(event.detail, {"contacts": 0, "page": "followup"})
