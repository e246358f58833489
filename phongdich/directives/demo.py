"""Demo directive: the letter in fixtures/cong-van-2987.txt (public, from shared/seed),
issued as 2987/SLĐTBXH-VP of 31/08/2021, its tasks assigned as an Office clerk would and
a few indicators. Needs the demo organisation (phongdich.org.demo.load) first.
Idempotent: a second run finds the directive and changes nothing."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from pathlib import Path

from django.contrib.auth import get_user_model
from django.db import transaction

from phongdich.directives import parsing
from phongdich.directives.inputs import DirectiveHeader
from phongdich.directives.models import Directive, Indicator, Task
from phongdich.directives.selectors.directives import import_suggestions
from phongdich.directives.services import directives as services

FIXTURE = Path(__file__).resolve().parent / "fixtures" / "cong-van-2987.txt"
NUMBER, SYMBOL, ISSUED_ON = 2987, "SLĐTBXH-VP", date(2021, 8, 31)

DEADLINES = {
    "1": date(2021, 9, 30),
    "2": date(2021, 9, 30),
    "3": date(2021, 9, 10),
    "4": date(2021, 9, 20),
    "5": date(2021, 9, 30),
    "6": date(2021, 9, 30),
    "7": date(2021, 9, 20),
    "8.1": date(2021, 9, 10),
    "8.2": date(2021, 9, 15),
    "8.3": date(2021, 9, 15),
    "8.4": date(2021, 9, 30),
    "8.5": date(2021, 9, 30),
}
RECURRENCE = {"1": Task.Recurrence.WEEKLY, "8.5": Task.Recurrence.MONTHLY}
K = Indicator.Kind
INDICATORS = {
    "1": [("Số cổng có mã QR", K.INTEGER, "cổng"), ("Tỷ lệ cán bộ quét mã QR", K.PERCENTAGE, "%")],
    "3": [
        ("Số máy tính sẵn sàng làm việc trực tuyến", K.INTEGER, "máy"),
        ("Số chữ ký số đang sử dụng", K.INTEGER, "chữ ký"),
    ],
    "4": [("Số cơ sở GDNN tổ chức đào tạo trực tuyến", K.INTEGER, "cơ sở")],
    "7": [
        ("Số đoàn viên cài đặt PC-Covid", K.INTEGER, "người"),
        ("Số tin, bài gửi Ban biên tập", K.INTEGER, "bài"),
    ],
    "8.1": [("Đã có quyết định kiện toàn Tổ CNTT", K.BOOLEAN, "")],
}


@transaction.atomic
def load_directive() -> Directive:
    existing = Directive.objects.filter(number=NUMBER, symbol=SYMBOL, year=ISSUED_ON.year).first()
    if existing is not None:
        return existing
    parsed = parsing.parse_directive(FIXTURE.read_text(encoding="utf-8"))
    header = replace(
        DirectiveHeader.from_parsed(parsed),
        number=NUMBER,
        symbol=SYMBOL,
        issued_on=ISSUED_ON,
        place="Thanh Hóa",
    )
    office = get_user_model().objects.filter(username="vanphong").first()
    items = [
        replace(
            s,
            deadline=DEADLINES.get(s.number),
            recurrence=RECURRENCE.get(s.number, s.recurrence),
        )
        for s in import_suggestions(parsed=parsed)
    ]
    directive = services.directive_create(header=header, tasks=items, created_by=office)
    tasks = {task.number: task for task in directive.tasks.all()}
    for number, indicators in INDICATORS.items():
        for name, kind, unit in indicators:
            services.indicator_create(
                task=tasks[number], name=name, kind=kind, unit_of_measure=unit, required=True
            )
    services.directive_issue(directive=directive, by=office)
    directive.refresh_from_db()
    return directive
