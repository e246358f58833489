"""What load_demo adds for the meetings module: the weekly online giao ban of the Sở
(three occurrences already held, each with attendance, minutes and conclusions turned
into tasks), a training session next week, and the plan for working online issued.

Call after the organisation demo: ``meetings_demo.load()``. Idempotent (keyed by the
giao ban's title); every write goes through the services, so the audit trail is there.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from phongdich.directives.services.reports import ReportInput, report_submit
from phongdich.meetings.models import Invitation, Meeting, OnlinePlan
from phongdich.meetings.printing import SYMBOL_KH
from phongdich.meetings.selectors.minutes import next_directive_number
from phongdich.meetings.services.attendance import attendance_confirm
from phongdich.meetings.services.meetings import MeetingInput, RepeatInput, meeting_create
from phongdich.meetings.services.minutes import (
    ConclusionInput,
    MinutesInput,
    conclusions_to_tasks,
    minutes_save,
)
from phongdich.meetings.services.participants import invitation_reply, invitations_add
from phongdich.meetings.services.plans import (
    PlanInput,
    PlanItemInput,
    plan_draft,
    plan_issue,
    plan_update,
)
from phongdich.org.models import Unit

GIAO_BAN = "Giao ban trực tuyến hằng tuần của Sở"
TRAINING = "Tập huấn sử dụng phòng họp trực tuyến"
LINK = "https://meet.jit.si/PhongDichSo-GiaoBanHangTuan"
WEEKS = [
    (
        "Văn phòng báo cáo tình hình thực hiện nhiệm vụ tuần; các phòng báo cáo công tác phòng, "
        "chống dịch tại đơn vị.",
        [
            ("Hoàn thành rà soát thiết bị họp trực tuyến tại các phòng, đơn vị", "P-GDNN", 7),
            ("Báo cáo số cán bộ làm việc từ xa của Trung tâm", "TT-DVVL", 10),
        ],
    ),
    (
        "Đánh giá việc quét mã QR tại các cổng; kết quả khai báo y tế của cán bộ, "
        "khách đến làm việc.",
        [("Bố trí thêm một điểm quét mã QR tại cổng phụ", "VP", 14)],
    ),
    (
        "Rà soát tiến độ triển khai Kế hoạch làm việc trực tuyến; "
        "tỷ lệ dự giao ban của các đơn vị.",
        [("Hướng dẫn cán bộ mới cài đặt, sử dụng phòng họp trực tuyến", "TT-DVVL", 21)],
    ),
]


def _user(username: str) -> Any:
    return get_user_model().objects.filter(username=username).select_related("staff").first()


def _monday(day: dt.date) -> dt.date:
    return day - dt.timedelta(days=day.weekday())


@transaction.atomic
def load(*, today: dt.date | None = None) -> dict[str, Any]:
    """Counts for the command's summary (all zero when already loaded)."""
    today = today or timezone.localdate()
    counts = {"occurrences": 0, "minutes": 0, "tasks": 0, "training": 0, "plan": ""}
    if Meeting.objects.filter(title=GIAO_BAN).exists():
        return counts
    director, office = _user("giamdoc"), _user("vanphong")
    units = {u.code: u for u in Unit.objects.all()}
    if director is None or office is None or "VP" not in units:
        return counts  # the organisation demo is not loaded
    # Three occurrences held: the last three Mondays whose giao ban (08:00–09:30) is over.
    this_week = timezone.make_aware(dt.datetime.combine(_monday(today), dt.time(9, 30)))
    weeks_back = 2 if timezone.now() >= this_week else 3
    first_day = _monday(today) - dt.timedelta(weeks=weeks_back)
    start = timezone.make_aware(dt.datetime.combine(first_day, dt.time(8, 0)))
    first = meeting_create(
        data=MeetingInput(
            title=GIAO_BAN,
            kind="giao_ban",
            chair=director,
            secretary=office,
            host_unit=units["VP"],
            start=start,
            end=start + dt.timedelta(minutes=90),
            platform="link",
            online_url=LINK,
            room="Phòng họp tầng 2",
            agenda="1. Văn phòng báo cáo tình hình tuần.\n2. Các phòng, đơn vị báo cáo.\n"
            "3. Giám đốc Sở kết luận.",
        ),
        repeat=RepeatInput(until=today + dt.timedelta(weeks=8)),
        by=office,
    )
    occurrences = list(Meeting.objects.filter(series=first.series_id).order_by("start"))
    counts["occurrences"] = len(occurrences)
    invited_units = [units[c] for c in ("P-GDNN", "TT-DVVL") if c in units]
    canbo = _user("canbo")
    invitations_add(meeting=first, units=invited_units, people=[canbo] if canbo else [], by=office)
    for meeting, (contents, conclusions) in zip(occurrences[:3], WEEKS, strict=False):
        _hold(meeting, contents, conclusions, units=units, office=office, counts=counts)
    _training(today=today, units=units, office=office, counts=counts)
    _plan(today=today, office=office, director=director, counts=counts)
    return counts


def _hold(
    meeting: Meeting,
    contents: str,
    conclusions: list[tuple[str, str, int]],
    *,
    units: dict[str, Unit],
    office: Any,
    counts: dict[str, Any],
) -> None:
    """A past occurrence: who joined (a few minutes after the start), attendance, minutes,
    the conclusions as tasks, and one of them reported done."""
    invitations = list(meeting.invitations.select_related("unit"))
    for index, invitation in enumerate(invitations):
        Invitation.objects.filter(pk=invitation.pk).update(
            reply=Invitation.Reply.ATTEND,
            joined_at=meeting.start + dt.timedelta(minutes=index),
        )
    present = [i.pk for n, i in enumerate(invitations) if n % 4 != 3]  # one in four absent
    attendance_confirm(meeting=meeting, present=present, by=office)
    day = timezone.localtime(meeting.start).date()
    minutes = minutes_save(
        meeting=meeting,
        data=MinutesInput(
            started_at=meeting.start,
            ended_at=meeting.end,
            place="Phòng họp tầng 2, Sở Lao động - Thương binh và Xã hội (kết hợp trực tuyến)",
            contents=contents + "\nGiám đốc Sở kết luận, giao nhiệm vụ cho các đơn vị.",
        ),
        conclusions=[
            ConclusionInput(text, units.get(code), day + dt.timedelta(days=days))
            for text, code, days in conclusions
        ],
        by=office,
    )
    counts["minutes"] += 1
    directive = conclusions_to_tasks(minutes=minutes, by=office, today=day)
    counts["tasks"] += directive.tasks.count()
    task = directive.tasks.order_by("order").first()
    if (
        task is not None
        and task.lead_unit is not None
        and task.deadline
        and task.deadline < timezone.localdate()
    ):
        head = (
            get_user_model()
            .objects.filter(role_assignments__role="unit_head", staff__unit=task.lead_unit)
            .first()
        )
        if head is not None:
            report_submit(
                task=task,
                unit=task.lead_unit,
                period_start=day,
                data=ReportInput(
                    progress="done", completed_on=task.deadline, narrative="Đã hoàn thành."
                ),
                by=head,
                today=task.deadline,
            )


def _training(
    *, today: dt.date, units: dict[str, Unit], office: Any, counts: dict[str, Any]
) -> None:
    day = _monday(today) + dt.timedelta(weeks=1, days=2)  # Wednesday next week
    start = timezone.make_aware(dt.datetime.combine(day, dt.time(14, 0)))
    jitsi = bool(settings.JITSI_BASE_URL)
    training = meeting_create(
        data=MeetingInput(
            title=TRAINING,
            kind="tap_huan",
            chair=office,
            host_unit=units["VP"],
            start=start,
            end=start + dt.timedelta(hours=2, minutes=30),
            platform="jitsi" if jitsi else "link",
            online_url="" if jitsi else "https://meet.jit.si/PhongDichSo-TapHuan",
            agenda="Cài đặt, vào phòng họp; chia sẻ màn hình; biểu quyết; ghi biên bản.",
        ),
        by=office,
    )
    targets = [u for code, u in units.items() if code in {"P-GDNN", "TT-DVVL"}]
    invitations_add(meeting=training, units=targets, by=office)
    canbo = _user("canbo")
    if canbo is not None:
        invitations_add(meeting=training, people=[canbo], by=office)
        invitation = Invitation.objects.get(meeting=training, user=canbo)
        invitation_reply(invitation=invitation, reply="attend", by=canbo)
    counts["training"] = 1


def _plan(*, today: dt.date, office: Any, director: Any, counts: dict[str, Any]) -> None:
    if OnlinePlan.objects.filter(state=OnlinePlan.State.ISSUED).exists():
        return
    plan = plan_draft(by=office, today=today)
    items = [
        PlanItemInput(i.content, i.lead_unit, i.deadline)
        for i in plan.items.select_related("lead_unit").order_by("order")
    ]
    plan_update(
        plan=plan,
        data=PlanInput(
            subject=plan.subject,
            purpose=plan.purpose,
            situation=plan.situation,
            organisation=plan.organisation,
            signer_title="GIÁM ĐỐC",
            signer_name=director.staff.full_name if hasattr(director, "staff") else "Vũ Thị Hương",
            number=next_directive_number(symbol=SYMBOL_KH, year=today.year),
            issued_on=today,
        ),
        items=items,
        by=office,
    )
    plan = plan_issue(plan=plan, by=office)
    counts["plan"] = plan.directive.reference if plan.directive else ""
