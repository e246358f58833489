"""A directive issued ten days ago, due in ten days, for the report tests: task 1 for unit
A (lead) and unit B (support) with one indicator of each kind; task 2 for unit B only."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.urls import reverse

from phongdich.core.tests.base import BaseTestCase
from phongdich.directives.inputs import DirectiveHeader, ReportInput
from phongdich.directives.models import Directive, Indicator, Report, Task
from phongdich.directives.selectors.status import today_local
from phongdich.directives.services import directives as services
from phongdich.directives.services import reports


def issue_directive(
    cast: Any, *, number: int = 41, days_ago: int = 10, due_in: int = 10
) -> Directive:
    today = today_local()
    directive = services.directive_create(
        header=DirectiveHeader(
            subject="V/v báo cáo kết quả phòng, chống dịch",
            number=number,
            symbol="SLĐTBXH-VP",
            issued_on=today - timedelta(days=days_ago),
        ),
        tasks=[
            services.TaskInput(
                "1",
                "Lắp mã QR tại các cổng ra vào",
                lead_unit=cast.unit_a,
                supporting_units=[cast.unit_b],
                deadline=today + timedelta(days=due_in),
            ),
            services.TaskInput(
                "2",
                "Tập huấn phòng dịch",
                lead_unit=cast.unit_b,
                deadline=today + timedelta(days=due_in),
            ),
        ],
        created_by=cast.office,
    )
    task = directive.tasks.get(number="1")
    for order, (name, kind, required) in enumerate(
        [
            ("Số cổng có mã QR", Indicator.Kind.INTEGER, True),
            ("Tỷ lệ cán bộ khai báo", Indicator.Kind.PERCENTAGE, True),
            ("Đã có phương án", Indicator.Kind.BOOLEAN, False),
            ("Ghi chú", Indicator.Kind.TEXT, False),
        ]
    ):
        services.indicator_create(
            task=task, name=name, kind=kind, unit_of_measure="", required=required, order=order
        )
    services.directive_issue(directive=directive, by=cast.office)
    directive.refresh_from_db()
    return directive


class ReportTestCase(BaseTestCase):
    directive: Directive
    task1: Task
    task2: Task

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.directive = issue_directive(cls)
        cls.task1 = cls.directive.tasks.get(number="1")
        cls.task2 = cls.directive.tasks.get(number="2")
        cls.ind = {i.kind: i for i in cls.task1.indicators.all()}

    @property
    def period_start(self) -> date:
        assert self.directive.issued_on is not None
        return self.directive.issued_on

    def good_input(self, task: Task | None = None, **changes: Any) -> ReportInput:
        ind = {i.kind: i for i in (task or self.task1).indicators.all()}
        values = {
            ind["integer"].pk: 12,
            ind["percentage"].pk: Decimal("87.50"),
            ind["boolean"].pk: True,
            ind["text"].pk: "Đủ",
        }
        data = ReportInput(
            progress="done",
            completed_on=today_local() - timedelta(days=1),
            narrative="Đã lắp 12 cổng.",
            difficulties="Thiếu máy quét.",
            proposals="Cấp thêm 2 máy.",
            values=values,
        )
        for key, value in changes.items():
            setattr(data, key, value)
        return data

    def submit(self, unit: Any = None, **changes: Any) -> Report:
        return reports.report_submit(
            task=self.task1,
            unit=unit or self.unit_a,
            period_start=self.period_start,
            data=self.good_input(**changes),
            by=self.head_a,
        )

    def edit_url(self, task: Task | None = None, unit: Any = None) -> str:
        task = task or self.task1
        unit = unit or self.unit_a
        return reverse("directives:report_edit", args=[task.pk, unit.pk])

    def form_data(self, action: str = "submit", **changes: str) -> dict[str, str]:
        data = {
            f"ind_{self.ind['integer'].pk}": "12",
            f"ind_{self.ind['percentage'].pk}": "87,5",
            f"ind_{self.ind['boolean'].pk}": "yes",
            f"ind_{self.ind['text'].pk}": "Đủ",
            "progress": "done",
            "completed_on": (today_local() - timedelta(days=1)).strftime("%d/%m/%Y"),
            "narrative": "Đã lắp 12 cổng.",
            "difficulties": "Thiếu máy quét.",
            "proposals": "Cấp thêm 2 máy.",
            "action": action,
        }
        for key, value in changes.items():
            if key.startswith("ind_"):
                key = f"ind_{self.ind[key[4:]].pk}"
            data[key] = value
        return data
