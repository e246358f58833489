"""Tasks and indicators of a draft: add, edit, remove; refused once issued."""

from __future__ import annotations

from django.urls import reverse

from phongdich.directives.models import Indicator, Task
from phongdich.directives.tests.helpers import DirectiveTestCase


class TaskTests(DirectiveTestCase):
    def test_the_office_adds_a_subtask_under_an_item(self) -> None:
        self.login(self.office)
        parent = self.draft.tasks.get(number="1")
        response = self.client.post(
            reverse("directives:task_create", args=[self.draft.pk]),
            {
                "number": "1.1",
                "parent": parent.pk,
                "content": "  Ý nhỏ  ",
                "lead_unit": self.unit_a.pk,
                "supporting_units": [self.unit_b.pk, self.unit_a.pk],
                "deadline": "15/03/2026",
                "recurrence": "weekly",
            },
        )
        self.assertRedirects(response, reverse("directives:detail", args=[self.draft.pk]))
        task = self.draft.tasks.get(number="1.1")
        self.assertEqual(task.parent, parent)
        self.assertEqual(task.content, "Ý nhỏ")
        self.assertEqual(list(task.supporting_units.all()), [self.unit_b])  # not the lead
        self.assertEqual(task.deadline.isoformat(), "2026-03-15")
        self.assertEqual(task.recurrence, Task.Recurrence.WEEKLY)

    def test_it_refuses_a_duplicate_number_and_a_bad_date(self) -> None:
        self.login(self.office)
        response = self.client.post(
            reverse("directives:task_create", args=[self.draft.pk]),
            {"number": "1", "content": "Trùng", "deadline": "2026-13-45", "recurrence": "once"},
        )
        self.assertContains(response, "Ngày không hợp lệ")
        response = self.client.post(
            reverse("directives:task_create", args=[self.draft.pk]),
            {"number": "1", "content": "Trùng", "recurrence": "once"},
        )
        self.assertContains(response, "Đã có nhiệm vụ mục 1 trong văn bản này.")

    def test_the_office_edits_and_deletes_a_task(self) -> None:
        self.login(self.office)
        task = self.draft.tasks.get(number="2")
        url = reverse("directives:task_edit", args=[self.draft.pk, task.pk])
        response = self.client.get(url)
        self.assertContains(response, "Việc của trung tâm B")
        self.client.post(
            url,
            {
                "number": "2",
                "content": "Đã sửa",
                "all_units": "on",
                "deadline": "31/03/2026",
                "recurrence": "monthly",
            },
        )
        task.refresh_from_db()
        self.assertEqual((task.content, task.all_units, task.lead_unit), ("Đã sửa", True, None))
        self.client.post(reverse("directives:task_delete", args=[self.draft.pk, task.pk]))
        self.assertFalse(Task.objects.filter(pk=task.pk).exists())

    def test_a_task_of_an_issued_directive_cannot_be_changed(self) -> None:
        self.login(self.office)
        task = self.issued.tasks.get(number="1")
        response = self.client.post(
            reverse("directives:task_delete", args=[self.issued.pk, task.pk]), follow=True
        )
        self.assertContains(response, "Văn bản đã ban hành")
        self.assertTrue(Task.objects.filter(pk=task.pk).exists())


class IndicatorTests(DirectiveTestCase):
    def url(self, name: str, *extra: int) -> str:
        task = self.draft.tasks.get(number="1")
        return reverse(f"directives:{name}", args=[self.draft.pk, task.pk, *extra])

    def test_the_office_adds_edits_and_removes_an_indicator(self) -> None:
        self.login(self.office)
        self.client.post(
            self.url("indicator_create"),
            {"name": "Tỷ lệ cán bộ quét mã QR", "kind": "percentage", "required": "on"},
        )
        indicator = Indicator.objects.get(name="Tỷ lệ cán bộ quét mã QR")
        self.assertEqual(indicator.unit_of_measure, "%")
        self.client.post(
            self.url("indicator_edit", indicator.pk),
            {"name": "Số cổng có mã QR", "kind": "integer", "unit_of_measure": "cổng"},
        )
        indicator.refresh_from_db()
        self.assertEqual(
            (indicator.kind, indicator.unit_of_measure, indicator.required),
            ("integer", "cổng", False),
        )
        response = self.client.get(reverse("directives:detail", args=[self.draft.pk]))
        self.assertContains(response, "Số cổng có mã QR (cổng)")
        self.client.post(self.url("indicator_delete", indicator.pk))
        self.assertFalse(Indicator.objects.filter(pk=indicator.pk).exists())

    def test_it_asks_for_a_name_and_a_kind(self) -> None:
        self.login(self.office)
        response = self.client.post(self.url("indicator_create"), {"name": " "})
        self.assertContains(response, "Vui lòng nhập tên chỉ tiêu.")
        self.assertContains(response, "Vui lòng chọn kiểu số liệu.")

    def test_an_indicator_of_another_task_is_404(self) -> None:
        self.login(self.office)
        other = self.issued.tasks.get(number="1").indicators.get()
        self.assertEqual(self.client.get(self.url("indicator_edit", other.pk)).status_code, 404)

    def test_a_unit_head_cannot_add_an_indicator(self) -> None:
        self.login(self.head_a)
        task = self.issued.tasks.get(number="1")
        url = reverse("directives:indicator_create", args=[self.issued.pk, task.pk])
        self.assertEqual(self.client.post(url, {"name": "x", "kind": "text"}).status_code, 403)
