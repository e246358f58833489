"""Issuing a draft: what it requires, what it writes; closing."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.urls import reverse

from phongdich.directives.inputs import DirectiveHeader
from phongdich.directives.models import Directive, Task, TaskAssignment
from phongdich.directives.selectors.directives import directive_issue_problems
from phongdich.directives.services import directives as services
from phongdich.directives.tests.helpers import DirectiveTestCase


class IssueTests(DirectiveTestCase):
    def make(self, **header: Any) -> Directive:
        values = {"subject": "V/v thiếu", **header}
        return services.directive_create(
            header=DirectiveHeader(**values),
            tasks=[
                services.TaskInput("1", "Chưa giao ai"),
                services.TaskInput("2", "Giao nhóm"),
                services.TaskInput(
                    "2.1", "Ý nhỏ", parent="2", lead_unit=self.unit_b, deadline=date(2026, 1, 1)
                ),
            ],
            created_by=self.office,
        )

    def test_it_lists_every_missing_piece_in_vietnamese(self) -> None:
        directive = self.make(issued_on=date(2026, 2, 1))
        self.login(self.office)
        response = self.client.post(reverse("directives:issue", args=[directive.pk]), follow=True)
        text = response.content.decode()
        for message in [
            "Chưa ban hành được:",
            "Chưa có số văn bản.",
            "Chưa có ký hiệu văn bản",
            "Nhiệm vụ 1 chưa có đơn vị thực hiện",
            "Nhiệm vụ 1 chưa có thời hạn.",
            "Thời hạn của nhiệm vụ 2.1 (01/01/2026) trước ngày văn bản (01/02/2026).",
        ]:
            self.assertIn(message, text)
        self.assertNotIn("Nhiệm vụ 2 chưa", text)  # a group heading needs neither
        self.assertEqual(self.fresh(directive).state, Directive.State.DRAFT)

    def test_it_asks_for_the_date(self) -> None:
        problems = directive_issue_problems(directive=self.make(number=5, symbol="X"))
        self.assertIn("Chưa có ngày văn bản.", problems)

    def test_the_confirm_page_shows_the_problems_before_posting(self) -> None:
        directive = self.make()
        self.login(self.office)
        response = self.client.get(reverse("directives:issue", args=[directive.pk]))
        self.assertContains(response, "Chưa có số văn bản.")
        self.assertNotContains(response, 'type="submit" class="primary">Ban hành')

    def test_it_issues_and_writes_the_units_of_each_task(self) -> None:
        directive = services.directive_create(
            header=DirectiveHeader(
                subject="V/v đủ",
                number=40,
                symbol="SLĐTBXH-VP",
                issued_on=date(2026, 4, 1),
            ),
            tasks=[
                services.TaskInput("1", "Tất cả", all_units=True, deadline=date(2026, 4, 30)),
                services.TaskInput(
                    "2",
                    "Đoàn thể",
                    lead_unit=self.union_cd,
                    supporting_units=[self.union_dtn],
                    deadline=date(2026, 4, 30),
                ),
                services.TaskInput("3", "Nhóm", lead_unit=self.office_unit),
                services.TaskInput(
                    "3.1", "Ý", parent="3", lead_unit=self.office_unit, deadline=date(2026, 4, 30)
                ),
            ],
            created_by=self.office,
        )
        self.login(self.office)
        response = self.client.post(reverse("directives:issue", args=[directive.pk]), follow=True)
        self.assertContains(response, "Đã ban hành văn bản")
        directive = self.fresh(directive)
        self.assertEqual(directive.state, Directive.State.ISSUED)
        self.assertEqual(directive.issued_by, self.office)
        members = TaskAssignment.objects.filter(task__number="1", task__directive=directive)
        # Every office, division, centre and school; not the unions, not the Department.
        self.assertEqual({a.unit for a in members}, {self.office_unit, self.unit_a, self.unit_b})
        roles = dict(
            TaskAssignment.objects.filter(task__number="2", task__directive=directive).values_list(
                "unit__code", "role"
            )
        )
        self.assertEqual(roles, {"CD": "lead", "DTN": "support"})
        self.assertFalse(TaskAssignment.objects.filter(task__number="3").exists())
        self.assertEqual(
            set(directive.tasks.values_list("state", flat=True)), {Task.State.ASSIGNED}
        )

    def test_an_issued_directive_cannot_be_edited_or_issued_again(self) -> None:
        self.login(self.office)
        for name in ["edit", "issue", "delete", "task_create"]:
            with self.subTest(name):
                response = self.client.post(
                    reverse(f"directives:{name}", args=[self.issued.pk]), follow=True
                )
                self.assertContains(response, "Văn bản đã ban hành: không sửa được")
        with self.assertRaises(services.DirectiveError):
            services.directive_issue(directive=self.issued, by=self.office)

    def test_it_closes_an_issued_directive(self) -> None:
        self.login(self.admin)
        response = self.client.post(reverse("directives:close", args=[self.issued.pk]), follow=True)
        self.assertContains(response, "Đã kết thúc văn bản.")
        self.assertEqual(self.fresh(self.issued).state, Directive.State.CLOSED)
        self.assertEqual(
            set(self.issued.tasks.values_list("state", flat=True)), {Task.State.CLOSED}
        )

    def test_it_does_not_close_a_draft(self) -> None:
        self.login(self.office)
        response = self.client.post(reverse("directives:close", args=[self.draft.pk]), follow=True)
        self.assertContains(response, "Chỉ kết thúc được văn bản đã ban hành.")

    def test_a_unit_head_of_a_closed_directive_still_reads_it(self) -> None:
        services.directive_close(directive=self.issued)
        self.login(self.head_a)
        response = self.client.get(reverse("directives:detail", args=[self.issued.pk]))
        self.assertContains(response, "Đã kết thúc")

    def test_the_same_number_may_return_the_next_year(self) -> None:
        services.directive_create(
            header=DirectiveHeader(
                subject="V/v năm sau",
                number=13,
                symbol="SLĐTBXH-VP",
                issued_on=date(2027, 1, 5),
            ),
            tasks=[],
            created_by=self.office,
        )
        with self.assertRaisesMessage(services.DirectiveError, "đã được dùng"):
            services.directive_create(
                header=DirectiveHeader(
                    subject="V/v trùng",
                    number=13,
                    symbol="SLĐTBXH-VP",
                    issued_on=date(2026, 12, 5),
                ),
                tasks=[],
                created_by=self.office,
            )

    def test_a_draft_can_be_deleted_by_the_office(self) -> None:
        self.login(self.office)
        response = self.client.post(reverse("directives:delete", args=[self.draft.pk]))
        self.assertRedirects(response, reverse("directives:index"))
        self.assertFalse(Directive.objects.filter(pk=self.draft.pk).exists())
