"""The demo directive: the seed letter issued as 2987/SLĐTBXH-VP, idempotent."""

from __future__ import annotations

from datetime import date

from django.test import TestCase

from phongdich.directives.demo import load_directive
from phongdich.directives.models import Directive, TaskAssignment
from phongdich.org import demo as org_demo


class DemoTests(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        org_demo.load()
        cls.directive = load_directive()

    def test_it_issues_the_seed_letter_with_its_header(self) -> None:
        d = self.directive
        self.assertEqual(d.reference, "2987/SLĐTBXH-VP")
        self.assertEqual(d.issued_on, date(2021, 8, 31))
        self.assertEqual((d.issuer_position, d.issuer_name), ("GIÁM ĐỐC", "Vũ Thị Hương"))
        self.assertEqual(d.state, Directive.State.ISSUED)
        self.assertEqual(d.created_by.username, "vanphong")

    def test_it_assigns_the_tasks_as_an_office_clerk_would(self) -> None:
        tasks = {t.number: t for t in self.directive.tasks.all()}
        self.assertEqual(tasks["4"].lead_unit.code, "P-GDNN")
        self.assertEqual(tasks["7"].lead_unit.code, "CD")
        self.assertEqual({u.code for u in tasks["7"].supporting_units.all()}, {"DTN", "HCCB"})
        self.assertEqual(tasks["8.1"].lead_unit.code, "VP")
        self.assertTrue(tasks["1"].all_units)
        members = TaskAssignment.objects.filter(task=tasks["1"]).values_list(
            "unit__code", flat=True
        )
        self.assertIn("TR-CDN", members)
        self.assertNotIn("CD", members)
        self.assertTrue(all(t.deadline for t in tasks.values() if t.number != "8"))

    def test_it_has_the_indicators_of_the_brief(self) -> None:
        names = set(self.directive.tasks.values_list("indicators__name", flat=True))
        for name in [
            "Số cổng có mã QR",
            "Tỷ lệ cán bộ quét mã QR",
            "Số máy tính sẵn sàng làm việc trực tuyến",
            "Số đoàn viên cài đặt PC-Covid",
        ]:
            self.assertIn(name, names)

    def test_it_is_idempotent(self) -> None:
        again = load_directive()
        self.assertEqual(again.pk, self.directive.pk)
        self.assertEqual(Directive.objects.count(), 1)
        self.assertEqual(self.directive.tasks.count(), 13)
