"""Demo directive: the letter in fixtures/cong-van-2987.txt (public, from shared/seed),
issued as 2987/SLĐTBXH-VP of 31/08/2021 to implement Công văn 13341/UBND-CNTT of the
Chủ tịch UBND tỉnh Thanh Hóa, its tasks assigned (with short titles) as an Office clerk
would, a few indicators, and the units' reports of September 2021 as they came in: most
accepted on time, some late, a few sent and not yet reviewed, one returned, some never
sent (so the follow-up page, the urging notice and the compiled report have something
to show). Needs the demo organisation (phongdich.org.demo.load) first.
Idempotent: a second run finds the directive and changes nothing (it only adds what an
older demo lacked: the source document, the short titles, the reports)."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction

from phongdich.directives import parsing
from phongdich.directives.inputs import DirectiveHeader, ReportInput
from phongdich.directives.models import Directive, Indicator, Report, ReportVersion, Task
from phongdich.directives.selectors.directives import import_suggestions, unit_heads
from phongdich.directives.selectors.status import TZ, periods_for
from phongdich.directives.services import directives as services
from phongdich.directives.services import reports as report_services

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
TITLES = {
    "1": "Quét mã QR kiểm soát người ra vào",
    "2": "Xử lý văn bản, dịch vụ công trực tuyến",
    "3": "Rà soát trang thiết bị CNTT",
    "4": "Hướng dẫn đào tạo nghề trực tuyến",
    "5": "Thông tin đúng trên mạng xã hội",
    "6": "Tuyên truyền phòng, chống dịch",
    "7": "Vận động cài đặt ứng dụng phòng dịch",
    "8": "Nhiệm vụ giao Văn phòng Sở",
    "8.1": "Kiện toàn Tổ CNTT Sở",
    "8.2": "Đề xuất nhu cầu trang thiết bị CNTT",
    "8.3": "Kế hoạch làm việc trực tuyến",
    "8.4": "Phối hợp triển khai giải pháp công nghệ",
    "8.5": "Theo dõi, đôn đốc, tổng hợp kết quả",
}
SOURCE: dict[str, Any] = {
    "source_kind": "Công văn",
    "source_reference": "13341/UBND-CNTT",
    "source_issued_on": date(2021, 8, 30),
    "source_issuer": "Chủ tịch UBND tỉnh Thanh Hóa",
}
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
        _complete(existing)
        return existing
    parsed = parsing.parse_directive(FIXTURE.read_text(encoding="utf-8"))
    header = replace(
        DirectiveHeader.from_parsed(parsed),
        number=NUMBER,
        symbol=SYMBOL,
        issued_on=ISSUED_ON,
        place="Thanh Hóa",
        **SOURCE,
    )
    office = get_user_model().objects.filter(username="vanphong").first()
    items = [
        replace(
            s,
            deadline=DEADLINES.get(s.number),
            recurrence=RECURRENCE.get(s.number, s.recurrence),
            title=TITLES.get(s.number, ""),
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
    load_reports(directive)
    return directive


def _complete(directive: Directive) -> None:
    """What a demo loaded by an older version lacks: the source, the titles, the reports."""
    if not directive.source_reference:
        for name, value in SOURCE.items():
            setattr(directive, name, value)
        directive.save(update_fields=[*SOURCE, "updated_at"])
    for task in directive.tasks.filter(title=""):
        if task.number in TITLES:
            task.title = TITLES[task.number]
            task.save(update_fields=["title", "updated_at"])
    load_reports(directive)


# The units' reports ---------------------------------------------------------------------

DONE = ReportVersion.Progress.DONE


@dataclass(frozen=True)
class Plan:
    """How one unit's report on one task (one period) went: sent ``sent`` days relative to
    the due date (negative: early; None: never sent), then accepted, left waiting,
    returned, or accepted as still in progress."""

    sent: int | None = -1
    outcome: str = Report.State.ACCEPTED
    progress: str = DONE
    completed: int | None = None  # days relative to the due date (default: the sent day)


NEVER = Plan(sent=None)
WAITING = Plan(sent=-1, outcome=Report.State.SUBMITTED)
RETURNED = Plan(sent=-2, outcome=Report.State.RETURNED)
LATE = Plan(sent=4, completed=4)
IN_PROGRESS = Plan(sent=-1, progress=ReportVersion.Progress.IN_PROGRESS)

# Exceptions to "sent the day before the due date and accepted", by task, unit code and
# (for task 1, weekly) period index.
EXCEPTIONS: dict[tuple[str, str, int], Plan] = {
    ("1", "P-NCC", 3): NEVER,
    ("1", "P-NCC", 4): NEVER,
    ("1", "CS-CNMT", 4): NEVER,
    ("1", "TT-BTXH", 4): WAITING,
    ("1", "TR-TCN", 2): LATE,
    ("2", "TTRA", 0): LATE,
    ("2", "TT-DDNCC", 0): WAITING,
    ("2", "CS-CNMT", 0): NEVER,
    ("3", "P-BTXH", 0): Plan(sent=5, completed=5),
    ("3", "P-NCC", 0): NEVER,
    ("3", "TR-TCN", 0): RETURNED,
    ("5", "TR-CDN", 0): NEVER,
    ("6", "P-TEBDG", 0): NEVER,
    ("6", "TT-BTXH", 0): IN_PROGRESS,
    ("6", "VP", 0): NEVER,
    ("7", "DTN", 0): Plan(sent=5, completed=5),
    ("7", "HCCB", 0): WAITING,
    ("8.3", "VP", 0): Plan(sent=5, completed=5),
}

NARRATIVES = {
    "1": "Đã dán mã QR tại cổng ra vào và phòng tiếp dân; cán bộ, người lao động và khách "
    "đến làm việc quét mã QR, khai báo y tế khi vào cơ quan.",
    "2": "Đã xử lý văn bản đi, đến trên phần mềm quản lý văn bản và điều hành; tổ chức họp "
    "giao ban trực tuyến hằng tuần.",
    "3": "Đã rà soát toàn bộ máy tính, chữ ký số và thiết bị kết nối mạng của đơn vị.",
    "4": "Đã ban hành văn bản hướng dẫn các cơ sở giáo dục nghề nghiệp tổ chức tuyển sinh, "
    "đào tạo trực tuyến; 18/25 cơ sở đã triển khai đào tạo trực tuyến.",
    "5": "Đã quán triệt đến toàn thể công chức, viên chức, người lao động; không có trường "
    "hợp đăng tải, chia sẻ tin sai sự thật.",
    "6": "Đã đăng tin, bài tuyên truyền về phòng, chống dịch trên trang thông tin điện tử "
    "và nhóm Zalo của đơn vị.",
    "7": "Đã vận động đoàn viên, hội viên cài đặt ứng dụng PC-Covid và Smart Thanh Hóa.",
    "8.1": "Đã tham mưu Quyết định kiện toàn Tổ CNTT Sở gồm 07 thành viên, phân công nhiệm "
    "vụ cụ thể cho từng thành viên.",
    "8.2": "Đã tổng hợp nhu cầu 25 máy tính xách tay, 10 chữ ký số của các đơn vị, gửi Sở "
    "Thông tin và Truyền thông.",
    "8.3": "Đã xây dựng Kế hoạch làm việc trực tuyến tại Cơ quan Sở, trình Giám đốc Sở ban hành.",
    "8.4": "Đã phối hợp với Viễn thông Thanh Hóa triển khai phần mềm họp trực tuyến tại Cơ quan Sở",
    "8.5": "Đã tổng hợp tình hình thực hiện của các đơn vị, báo cáo Giám đốc Sở.",
}
DIFFICULTIES = {
    ("3", "TT-DVVL"): "Một số máy tính đã cũ, cấu hình thấp, không đáp ứng họp trực tuyến.",
    ("3", "TR-CDN"): "Một số máy tính đã cũ, cấu hình thấp, không đáp ứng họp trực tuyến",
    ("1", "TT-DDNCC"): "Người cao tuổi đến làm việc chưa có điện thoại thông minh để quét mã.",
}
PROPOSALS = {
    ("3", "TT-DVVL"): "Đề nghị Sở bố trí kinh phí mua sắm bổ sung máy tính xách tay phục vụ "
    "làm việc trực tuyến.",
    ("3", "TR-CDN"): "Đề nghị Sở bố trí kinh phí mua sắm bổ sung máy tính xách tay phục vụ "
    "làm việc trực tuyến",
    ("4", "P-GDNN"): "Đề nghị Sở Thông tin và Truyền thông hỗ trợ đường truyền Internet cho "
    "các cơ sở giáo dục nghề nghiệp ở huyện miền núi.",
    ("1", "TT-DDNCC"): "Đề nghị trang bị máy quét mã QR đặt tại cổng để bảo vệ check-in hộ "
    "người không có điện thoại thông minh.",
}


def _values(task: Task, unit_pk: int, index: int) -> dict[int, Any]:
    """Figures a unit plausibly reports (stable: derived from the unit and period)."""
    values: dict[int, Any] = {}
    for indicator in task.indicators.all():
        seed = unit_pk * 7 + index * 3 + indicator.pk
        if indicator.kind == Indicator.Kind.INTEGER:
            base = {"cổng": 1 + seed % 3, "máy": 8 + seed % 17, "chữ ký": 2 + seed % 4}
            fixed = {"cơ sở": 18}  # task 4: "18/25 cơ sở đã triển khai", as its text says
            values[indicator.pk] = fixed.get(
                indicator.unit_of_measure,
                base.get(indicator.unit_of_measure, 18 + seed % 30),
            )
        elif indicator.kind == Indicator.Kind.PERCENTAGE:
            values[indicator.pk] = Decimal(86 + seed % 15)
        elif indicator.kind == Indicator.Kind.BOOLEAN:
            values[indicator.pk] = True
    return values


def _at(day: date, hour: int) -> datetime:
    return datetime.combine(day, time(hour, 0), tzinfo=TZ)


def load_reports(directive: Directive) -> int:
    """The units' reports of September 2021 (see ``EXCEPTIONS``), through the report
    services with the dates they would have had; nothing when the directive has some."""
    if Report.objects.filter(task__directive=directive).exists():
        return 0
    office = get_user_model().objects.filter(username="vanphong").first()
    leaves = [
        t
        for t in directive.tasks.prefetch_related("assignments__unit", "indicators")
        if t.assignments.exists()
    ]
    heads = unit_heads(unit_ids={a.unit_id for t in leaves for a in t.assignments.all()})
    made = 0
    for task in leaves:
        periods = periods_for(task)
        for assignment in task.assignments.all():
            unit = assignment.unit
            for index, period in enumerate(periods):
                plan = EXCEPTIONS.get((task.number, unit.code, index), Plan())
                if plan.sent is None:
                    continue
                due = period.due_on or period.end
                sent = max(due + timedelta(days=plan.sent), period.start, ISSUED_ON)
                done_day = due + timedelta(days=plan.completed if plan.completed else plan.sent)
                done_day = max(min(done_day, sent), period.start, ISSUED_ON)
                data = ReportInput(
                    progress=plan.progress,
                    completed_on=done_day if plan.progress == DONE else None,
                    narrative=NARRATIVES.get(task.number, "Đã triển khai thực hiện."),
                    difficulties=DIFFICULTIES.get((task.number, unit.code), "")
                    if index == len(periods) - 1
                    else "",
                    proposals=PROPOSALS.get((task.number, unit.code), "")
                    if index == len(periods) - 1
                    else "",
                    values=_values(task, unit.pk, index),
                )
                author = (heads.get(unit.pk) or [None])[0]
                report = report_services.report_submit(
                    task=task,
                    unit=unit,
                    period_start=period.start,
                    data=data,
                    by=author,
                    today=sent,
                    now=_at(sent, 16),
                )
                review = _at(sent + timedelta(days=1), 9)
                if plan.outcome == Report.State.ACCEPTED:
                    report_services.report_accept(report=report, by=office, now=review)
                elif plan.outcome == Report.State.RETURNED:
                    report_services.report_return(
                        report=report,
                        by=office,
                        note="Đề nghị bổ sung số chữ ký số đang sử dụng của đơn vị.",
                        now=review,
                    )
                made += 1
    return made
