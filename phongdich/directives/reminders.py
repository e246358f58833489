"""Daily reminders to unit heads: a report due in N days, or overdue.

* **Who is reminded**: the heads of the unit the task is assigned to (a ``UnitHead`` role
  given for that unit, or given without a unit to someone whose staff record is in it).
  Heads of a parent unit are not: each unit answers for its own assignments.
* **When**: ``DIRECTIVE_REMINDER_DAYS_BEFORE`` days before the due date ("3,1": three days
  and one day before), and every ``REMINDER_OVERDUE_EVERY_DAYS`` days once overdue (the
  first day after the due date included). Only for issued (not closed) directives.
* **Not reminded**: a unit whose report counts as done (accepted, done), and a unit whose
  report waits for the Office's review (submitted): it has done its part.
* **Once**: a ``ReminderLog`` row per (assignment, period, kind, day) with a unique
  constraint; a second run the same day sends nothing again.
* **How**: one in-app notification and one e-mail per unit and run, listing its tasks.

The status of each unit comes from ``status.status_rows`` (no status logic here).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.urls import reverse

from phongdich.core.roles import Role
from phongdich.directives.models import Directive, Report
from phongdich.directives.office_models import ReminderLog
from phongdich.directives.status import StatusRow, TaskStatus, status_rows, today_local
from phongdich.notifications.services import notification_send
from phongdich.org.models import RoleAssignment

CONTENT_CHARS = 160


def days_before() -> list[int]:
    """DIRECTIVE_REMINDER_DAYS_BEFORE ("3,1") as whole days ≥ 0, largest first."""
    raw = str(getattr(settings, "DIRECTIVE_REMINDER_DAYS_BEFORE", "3,1"))
    days: set[int] = set()
    for part in raw.split(","):
        part = part.strip()
        if not part:
            continue
        if not part.isdigit():
            raise ImproperlyConfigured(
                f"DIRECTIVE_REMINDER_DAYS_BEFORE must be whole days separated by commas "
                f"(e.g. 3,1), got {raw!r}"
            )
        days.add(int(part))
    return sorted(days, reverse=True)


def overdue_every() -> int:
    every = int(getattr(settings, "REMINDER_OVERDUE_EVERY_DAYS", 1))
    if every < 1:
        raise ImproperlyConfigured("REMINDER_OVERDUE_EVERY_DAYS must be at least 1")
    return every


@dataclass(frozen=True)
class ReminderItem:
    row: StatusRow
    kind: str  # ReminderLog.Kind
    days: int  # days left before the due date; negative: days overdue

    @property
    def key(self) -> tuple[int, date, str]:
        return (self.row.assignment.pk, self.row.period.start, self.kind)

    def line(self) -> str:
        task = self.row.task
        content = " ".join(task.content.split())
        if len(content) > CONTENT_CHARS:
            content = content[: CONTENT_CHARS - 1].rstrip() + "…"
        due = f"{self.row.due_on:%d/%m/%Y}" if self.row.due_on else ""
        if self.kind == ReminderLog.Kind.OVERDUE:
            when = f"hạn {due}, quá hạn {-self.days} ngày"
        elif self.days == 0:
            when = f"hạn {due}, hôm nay là hạn cuối"
        else:
            when = f"hạn {due}, còn {self.days} ngày"
        reference = task.directive.reference or "dự thảo"
        return f"- Công văn số {reference}, nhiệm vụ {task.number}: {content} ({when})."


@dataclass
class UnitReminder:
    unit: Any
    heads: list[Any]
    items: list[ReminderItem]

    @property
    def title(self) -> str:
        soon = sum(1 for i in self.items if i.kind == ReminderLog.Kind.DUE_SOON)
        late = len(self.items) - soon
        parts = []
        if late:
            parts.append(f"{late} nhiệm vụ quá hạn")
        if soon:
            parts.append(f"{soon} nhiệm vụ sắp đến hạn")
        return f"Nhắc báo cáo kết quả: {', '.join(parts)} ({self.unit.name})"

    @property
    def body(self) -> str:
        lines = [
            f"Kính gửi Trưởng {self.unit.name},",
            "Đề nghị đơn vị hoàn thành và báo cáo kết quả thực hiện các nhiệm vụ sau:",
            *(item.line() for item in self.items),
        ]
        return "\n".join(lines)

    @property
    def url(self) -> str:
        return reverse("directives:detail", kwargs={"pk": self.items[0].row.task.directive_id})


@dataclass
class ReminderRun:
    day: date
    dry_run: bool
    sent: list[UnitReminder] = field(default_factory=list)
    already_sent: int = 0
    without_head: list[Any] = field(default_factory=list)

    def lines(self) -> list[str]:
        verb = "Sẽ nhắc" if self.dry_run else "Đã nhắc"
        out = [f"Nhắc hạn ngày {self.day:%d/%m/%Y}{' (chạy thử)' if self.dry_run else ''}:"]
        for reminder in self.sent:
            names = ", ".join(
                f"{h.get_full_name() or h.username} <{h.email or 'không có email'}>"
                for h in reminder.heads
            )
            out.append(f"{verb} {reminder.unit.name} ({len(reminder.items)} nhiệm vụ): {names}")
            out.extend(f"  {item.line()}" for item in reminder.items)
        if self.without_head:
            out.append(
                "Không có trưởng đơn vị để nhắc: "
                + ", ".join(unit.name for unit in self.without_head)
            )
        if self.already_sent:
            out.append(f"Bỏ qua {self.already_sent} lời nhắc đã gửi trong ngày.")
        if not self.sent:
            out.append("Không có nhiệm vụ nào cần nhắc.")
        return out


def unit_heads(unit_ids: set[int]) -> dict[int, list[Any]]:
    """The active heads of each unit (role given for the unit, or for their own unit)."""
    assignments = (
        RoleAssignment.objects.filter(role=Role.UNIT_HEAD, user__is_active=True)
        .filter(
            Q(unit_id__in=unit_ids)
            | Q(unit__isnull=True, user__staff__unit_id__in=unit_ids, user__staff__is_active=True)
        )
        .select_related("user", "user__staff")
        .order_by("user__username")
    )
    heads: dict[int, list[Any]] = defaultdict(list)
    for ra in assignments:
        unit_id = ra.unit_id or ra.user.staff.unit_id
        if ra.user not in heads[unit_id]:
            heads[unit_id].append(ra.user)
    return heads


def candidates(today: date) -> list[ReminderItem]:
    """What is due soon or overdue today, before deduplication."""
    soon_days = days_before()
    every = overdue_every()
    horizon = today + timedelta(days=max(soon_days, default=0))
    items: list[ReminderItem] = []
    for row in status_rows(period_end=horizon, today=today):
        if row.task.directive.state != Directive.State.ISSUED or row.due_on is None:
            continue
        if row.report is not None and row.report.state == Report.State.SUBMITTED:
            continue  # waiting for the Office, not for the unit
        left = (row.due_on - today).days
        if row.status == TaskStatus.IN_PROGRESS and left in soon_days:
            items.append(ReminderItem(row, ReminderLog.Kind.DUE_SOON, left))
        elif row.status == TaskStatus.OVERDUE and (row.days_overdue - 1) % every == 0:
            items.append(ReminderItem(row, ReminderLog.Kind.OVERDUE, -row.days_overdue))
    return items


def reminders_send(*, today: date | None = None, dry_run: bool = False) -> ReminderRun:
    """Remind the heads of every unit with a task due soon or overdue, once a day."""
    today = today or today_local()
    run = ReminderRun(day=today, dry_run=dry_run)
    items = candidates(today)
    done = set(
        ReminderLog.objects.filter(sent_on=today).values_list(
            "assignment_id", "period_start", "kind"
        )
    )
    fresh = [item for item in items if item.key not in done]
    run.already_sent = len(items) - len(fresh)
    by_unit: dict[int, list[ReminderItem]] = defaultdict(list)
    units: dict[int, Any] = {}
    for item in fresh:
        by_unit[item.row.unit.pk].append(item)
        units[item.row.unit.pk] = item.row.unit
    heads = unit_heads(set(by_unit))
    for unit_id, unit_items in by_unit.items():
        unit = units[unit_id]
        if not heads.get(unit_id):
            run.without_head.append(unit)
            continue
        reminder = UnitReminder(unit=unit, heads=heads[unit_id], items=unit_items)
        if not dry_run:
            with transaction.atomic():
                reminder.items = _log(reminder, today)
                if not reminder.items:
                    run.already_sent += len(unit_items)
                    continue
                notification_send(
                    users=reminder.heads, title=reminder.title, body=reminder.body, url=reminder.url
                )
        run.sent.append(reminder)
    return run


def _log(reminder: UnitReminder, today: date) -> list[ReminderItem]:
    """Write a ReminderLog per item; an item another run logged meanwhile is dropped."""
    kept = []
    for item in reminder.items:
        try:
            with transaction.atomic():
                ReminderLog.objects.create(
                    assignment=item.row.assignment,
                    period_start=item.row.period.start,
                    kind=item.kind,
                    days=item.days,
                    sent_on=today,
                    recipients=len(reminder.heads),
                )
        except IntegrityError:
            continue
        kept.append(item)
    return kept
