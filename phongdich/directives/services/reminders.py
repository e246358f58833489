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
from datetime import date
from typing import Any

from django.db import IntegrityError, transaction
from django.urls import reverse

from phongdich.directives.models import ReminderLog
from phongdich.directives.selectors.directives import unit_heads
from phongdich.directives.selectors.reminders import ReminderItem, candidates
from phongdich.directives.selectors.status import today_local
from phongdich.notifications.services import notification_send

__all__ = ["ReminderRun", "UnitReminder", "reminders_send"]


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


def reminders_send(*, today: date | None = None, dry_run: bool = False) -> ReminderRun:
    """Remind the heads of every unit with a task due soon or overdue, once a day."""
    today = today or today_local()
    run = ReminderRun(day=today, dry_run=dry_run)
    items = candidates(today=today)
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
    heads = unit_heads(unit_ids=set(by_unit))
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
