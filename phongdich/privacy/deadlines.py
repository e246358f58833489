"""Deadlines counted in working days (Monday to Friday, local time) and in hours."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time, timedelta

from django.utils import timezone
from django.utils.translation import gettext as _


def add_working_days(start: datetime, days: int) -> datetime:
    """The end of the ``days``-th working day after ``start`` (local 23:59:59): a
    request received on Friday with two working days is due at the end of Tuesday."""
    day = timezone.localtime(start).date()
    left = days
    while left > 0:
        day += timedelta(days=1)
        if day.weekday() < 5:
            left -= 1
    return timezone.make_aware(datetime.combine(day, time(23, 59, 59)))


def add_days(start: datetime, days: int) -> datetime:
    """The end of the ``days``-th calendar day after ``start`` (local 23:59:59): the
    decree counts the time to carry out a request in days ("ngày"), the time to
    acknowledge it in working days ("ngày làm việc")."""
    day = timezone.localtime(start).date() + timedelta(days=days)
    return timezone.make_aware(datetime.combine(day, time(23, 59, 59)))


@dataclass(frozen=True)
class Countdown:
    """Where a deadline stands at ``now``: the time left (negative once overdue)."""

    due: datetime
    now: datetime

    @property
    def left(self) -> timedelta:
        return self.due - self.now

    @property
    def overdue(self) -> bool:
        return self.left.total_seconds() < 0

    @property
    def text(self) -> str:
        """ "Còn 1 ngày 4 giờ" / "Còn 35 phút" / "Quá hạn 5 giờ 10 phút"."""
        seconds = abs(int(self.left.total_seconds()))
        days, rest = divmod(seconds, 86400)
        hours, rest = divmod(rest, 3600)
        minutes = rest // 60
        parts = []
        if days:
            parts.append(_("%(n)d ngày") % {"n": days})
        if hours:
            parts.append(_("%(n)d giờ") % {"n": hours})
        if minutes and not days:
            parts.append(_("%(n)d phút") % {"n": minutes})
        span = " ".join(parts) or _("dưới 1 phút")
        if self.overdue:
            return _("Quá hạn %(span)s") % {"span": span}
        return _("Còn %(span)s") % {"span": span}
