"""Shared by the directives tests: the seed letter, the unions, a draft and an issued
directive on the standing cast's units."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from phongdich.core.tests.base import BaseTestCase
from phongdich.directives.inputs import DirectiveHeader
from phongdich.directives.models import Directive, Indicator
from phongdich.directives.services import directives as services
from phongdich.org.models import Unit

SEED = Path(__file__).resolve().parents[1] / "fixtures" / "cong-van-2987.txt"
SEED_TEXT = SEED.read_text(encoding="utf-8")

MANAGERS = ["office", "admin"]
READ_ONLY = ["director"]
DENIED = ["guard", "tracer", "staff_user", "editor", "it"]


def make_unions(obj: Any) -> None:
    obj.union_cd = Unit.objects.create(
        code="CD",
        name="Công đoàn Sở",
        short_name="Công đoàn",
        kind=Unit.Kind.UNION,
        parent=obj.dept,
    )
    obj.union_dtn = Unit.objects.create(
        code="DTN",
        name="Đoàn TNCS Hồ Chí Minh Sở",
        short_name="Đoàn Thanh niên",
        kind=Unit.Kind.UNION,
        parent=obj.dept,
    )
    obj.union_hccb = Unit.objects.create(
        code="HCCB",
        name="Hội Cựu chiến binh Sở",
        short_name="Hội CCB",
        kind=Unit.Kind.UNION,
        parent=obj.dept,
    )


class DirectiveTestCase(BaseTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        make_unions(cls)
        # A draft: task 1 for unit A, task 2 for unit B.
        cls.draft = services.directive_create(
            header=DirectiveHeader(
                subject="V/v dự thảo thử",
                number=12,
                symbol="SLĐTBXH-VP",
                issued_on=date(2026, 3, 2),
            ),
            tasks=[
                services.TaskInput(
                    "1", "Việc của phòng A", lead_unit=cls.unit_a, deadline=date(2026, 3, 30)
                ),
                services.TaskInput(
                    "2", "Việc của trung tâm B", lead_unit=cls.unit_b, deadline=date(2026, 3, 30)
                ),
            ],
            created_by=cls.office,
        )
        # An issued directive: task 1 for unit A only, task 2 for unit B only.
        cls.issued = services.directive_create(
            header=DirectiveHeader(
                subject="V/v đã ban hành",
                number=13,
                symbol="SLĐTBXH-VP",
                issued_on=date(2026, 3, 3),
            ),
            tasks=[
                services.TaskInput(
                    "1", "Báo cáo của phòng A", lead_unit=cls.unit_a, deadline=date(2026, 3, 31)
                ),
                services.TaskInput(
                    "2", "Báo cáo của trung tâm B", lead_unit=cls.unit_b, deadline=date(2026, 3, 31)
                ),
            ],
            created_by=cls.office,
        )
        services.indicator_create(
            task=cls.issued.tasks.get(number="1"),
            name="Số máy tính",
            kind=Indicator.Kind.INTEGER,
            unit_of_measure="máy",
        )
        services.directive_issue(directive=cls.issued, by=cls.office)
        cls.issued.refresh_from_db()
        # Issued, but only for unit B.
        cls.issued_b = services.directive_create(
            header=DirectiveHeader(
                subject="V/v chỉ cho B",
                number=14,
                symbol="SLĐTBXH-VP",
                issued_on=date(2026, 3, 4),
            ),
            tasks=[
                services.TaskInput("1", "Chỉ B", lead_unit=cls.unit_b, deadline=date(2026, 3, 31))
            ],
            created_by=cls.office,
        )
        services.directive_issue(directive=cls.issued_b, by=cls.office)
        cls.issued_b.refresh_from_db()

    def fresh(self, directive: Directive) -> Directive:
        return Directive.objects.get(pk=directive.pk)
