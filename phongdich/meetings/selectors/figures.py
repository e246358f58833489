"""Figures of the meetings module: online vs in person per unit and month, attendance
rates, conclusions done on time. ``online_meetings_count`` is what the adoption module's
digital-work indicators call."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Q, QuerySet
from django.utils import timezone

from phongdich.core.permissions import visible_units
from phongdich.directives.models import Report, ReportVersion
from phongdich.meetings.models import Conclusion, Invitation, Meeting
from phongdich.meetings.roles import READERS
from phongdich.org.models import Unit


def _month_bounds(month: dt.date) -> tuple[dt.datetime, dt.datetime]:
    first = month.replace(day=1)
    following = (first + dt.timedelta(days=32)).replace(day=1)
    zone = timezone.get_current_timezone()
    return (
        timezone.make_aware(dt.datetime.combine(first, dt.time.min), zone),
        timezone.make_aware(dt.datetime.combine(following, dt.time.min), zone),
    )


def _held(unit: Unit) -> QuerySet[Meeting]:
    """Meetings held (not cancelled) that the unit hosted or was invited to."""
    invited = Invitation.objects.filter(unit=unit).values("meeting_id")
    return Meeting.objects.filter(status=Meeting.Status.SCHEDULED).filter(
        Q(host_unit=unit) | Q(pk__in=invited)
    )


def online_meetings_count(*, unit: Unit, month: dt.date) -> int:
    """Meetings held online (wholly or partly) in ``month`` (any day of it, local time)
    that ``unit`` hosted or was invited to."""
    start, end = _month_bounds(month)
    qs = _held(unit).filter(start__gte=start, start__lt=end).exclude(online_url="")
    return qs.count()


def in_person_meetings_count(*, unit: Unit, month: dt.date) -> int:
    start, end = _month_bounds(month)
    return _held(unit).filter(start__gte=start, start__lt=end, online_url="").count()


@dataclass
class UnitMonth:
    unit: Unit
    online: list[int] = field(default_factory=list)
    in_person: list[int] = field(default_factory=list)
    expected: int = 0
    attended: int = 0

    @property
    def rate(self) -> int | None:
        return round(100 * self.attended / self.expected) if self.expected else None

    @property
    def pairs(self) -> list[tuple[int, int]]:
        return list(zip(self.online, self.in_person, strict=True))


@dataclass
class Figures:
    months: list[dt.date]
    units: list[UnitMonth]
    conclusions_total: int
    conclusions_done_on_time: int
    conclusions_done_late: int
    conclusions_overdue: int

    @property
    def on_time_rate(self) -> int | None:
        total = self.conclusions_total
        return round(100 * self.conclusions_done_on_time / total) if total else None


def figures_units(*, user: Any) -> QuerySet[Unit]:
    return visible_units(user, roles=READERS).filter(is_active=True).order_by("path")


def _last_months(today: dt.date, count: int) -> list[dt.date]:
    months = []
    month = today.replace(day=1)
    for _ in range(count):
        months.append(month)
        month = (month - dt.timedelta(days=1)).replace(day=1)
    return list(reversed(months))


def meeting_figures(*, user: Any, months: int = 6, today: dt.date | None = None) -> Figures:
    """Per visible unit and month, in a fixed number of queries."""
    today = today or timezone.localdate()
    month_list = _last_months(today, months)
    start, _ = _month_bounds(month_list[0])
    _, end = _month_bounds(month_list[-1])
    units = list(figures_units(user=user))
    rows = {u.pk: UnitMonth(unit=u, online=[0] * months, in_person=[0] * months) for u in units}
    index = {m: i for i, m in enumerate(month_list)}
    meetings = list(
        Meeting.objects.filter(
            status=Meeting.Status.SCHEDULED, start__gte=start, start__lt=end
        ).values("pk", "host_unit_id", "start", "online_url")
    )
    per_meeting_units: dict[int, set[int]] = defaultdict(set)
    for meeting in meetings:
        per_meeting_units[meeting["pk"]].add(meeting["host_unit_id"])
    invitations = list(
        Invitation.objects.filter(meeting_id__in=[m["pk"] for m in meetings]).values(
            "meeting_id", "unit_id", "reply", "attended", "meeting__attendance_confirmed_at"
        )
    )
    for invitation in invitations:
        per_meeting_units[invitation["meeting_id"]].add(invitation["unit_id"])
        row = rows.get(invitation["unit_id"])
        confirmed = invitation["meeting__attendance_confirmed_at"] is not None
        if row and confirmed and invitation["reply"] != Invitation.Reply.DELEGATED:
            row.expected += 1
            row.attended += 1 if invitation["attended"] else 0
    for meeting in meetings:
        month = timezone.localtime(meeting["start"]).date().replace(day=1)
        slot = index[month]
        for unit_id in per_meeting_units[meeting["pk"]]:
            if unit_id in rows:
                target = rows[unit_id].online if meeting["online_url"] else rows[unit_id].in_person
                target[slot] += 1
    on_time, late, overdue, total = _conclusion_outcomes(units=units, today=today)
    return Figures(
        months=month_list,
        units=list(rows.values()),
        conclusions_total=total,
        conclusions_done_on_time=on_time,
        conclusions_done_late=late,
        conclusions_overdue=overdue,
    )


def _conclusion_outcomes(*, units: list[Unit], today: dt.date) -> tuple[int, int, int, int]:
    """Conclusions turned into tasks, by the lead unit's latest accepted or submitted
    report: done by the deadline, done late, past the deadline and not done."""
    conclusions = list(
        Conclusion.objects.filter(task__isnull=False, lead_unit__in=units).values(
            "task_id", "lead_unit_id", "deadline"
        )
    )
    done: dict[tuple[int, int], dt.date | None] = {}
    reports = Report.objects.filter(
        task_id__in=[c["task_id"] for c in conclusions],
        state__in=[Report.State.SUBMITTED, Report.State.ACCEPTED],
        current_version__progress=ReportVersion.Progress.DONE,
    ).values("task_id", "unit_id", "current_version__completed_on", "submitted_at")
    for report in reports:
        finished = report["current_version__completed_on"] or (
            timezone.localtime(report["submitted_at"]).date() if report["submitted_at"] else None
        )
        done[(report["task_id"], report["unit_id"])] = finished
    on_time = late = overdue = 0
    for item in conclusions:
        key = (item["task_id"], item["lead_unit_id"])
        deadline = item["deadline"]
        if key in done:
            finished = done[key]
            if finished is not None and deadline is not None and finished > deadline:
                late += 1
            else:
                on_time += 1
        elif deadline is not None and deadline < today:
            overdue += 1
    return on_time, late, overdue, len(conclusions)


def attendance_by_unit(*, meeting: Meeting) -> list[dict[str, Any]]:
    """The attendance of one meeting, per invited unit: expected, present, rate."""
    rows: dict[int, dict[str, Any]] = {}
    for invitation in meeting.invitations.select_related("unit").order_by("unit__path"):
        if invitation.reply == Invitation.Reply.DELEGATED:
            continue
        row = rows.setdefault(
            invitation.unit_id, {"unit": invitation.unit, "expected": 0, "present": 0, "joined": 0}
        )
        row["expected"] += 1
        row["present"] += 1 if invitation.attended else 0
        row["joined"] += 1 if invitation.joined_at else 0
    for row in rows.values():
        row["rate"] = round(100 * row["present"] / row["expected"]) if row["expected"] else None
    return list(rows.values())


@dataclass(frozen=True)
class OnlineMonth:
    month: dt.date
    held: int
    online: int

    @property
    def percent(self) -> float | None:
        return 100 * self.online / self.held if self.held else None


def online_by_month(
    *, months: int = 6, today: dt.date | None = None, recent_days: int = 30
) -> tuple[list[OnlineMonth], OnlineMonth]:
    """Meetings held (not cancelled, begun by now) in each of the last ``months`` months,
    and how many of them online; and the same for the last ``recent_days`` days (its
    ``month`` is the first of those days). For the Director's home (``meetings/tiles.py``);
    the whole Sở. One query."""
    today = today or timezone.localdate()
    month_list = _last_months(today, months)
    since = today - dt.timedelta(days=recent_days - 1)
    start, _ = _month_bounds(min(month_list[0], since.replace(day=1)))
    counts = {m: [0, 0] for m in month_list}
    recent = [0, 0]
    for when, url in Meeting.objects.filter(
        status=Meeting.Status.SCHEDULED, start__gte=start, start__lt=timezone.now()
    ).values_list("start", "online_url"):
        day = timezone.localtime(when).date()
        for slot in (counts.get(day.replace(day=1)), recent if since <= day <= today else None):
            if slot is not None:
                slot[0] += 1
                slot[1] += 1 if url else 0
    return (
        [OnlineMonth(month=m, held=h, online=o) for m, (h, o) in counts.items()],
        OnlineMonth(month=since, held=recent[0], online=recent[1]),
    )
