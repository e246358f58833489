"""Background tasks of the directives app (django.tasks; django-tasks-db in production)."""

from __future__ import annotations

from datetime import datetime, time
from typing import Any

from django.tasks import task
from django.utils.translation import gettext_lazy as _

from phongdich.core import scheduling

REMIND_AT = time(7, 0)  # local time (Asia/Ho_Chi_Minh) of the daily reminders


def next_reminders_at(now: datetime | None = None) -> datetime:
    """The next REMIND_AT local time strictly after ``now``."""
    return scheduling.next_local_time(REMIND_AT, now)


@task()
@scheduling.daily(
    at=REMIND_AT,
    title=_("Nhắc hạn báo cáo"),
    count_labels={
        "day": _("ngày"),
        "units": _("đơn vị được nhắc"),
        "items": _("báo cáo sắp đến hạn hoặc quá hạn"),
        "already_sent": _("đã nhắc trước đó"),
    },
)
def send_reminders_daily() -> dict[str, Any]:
    """Remind unit heads of reports due soon or overdue. Each run is recorded and the
    next 07:00 is queued whatever happens (``core.scheduling.daily``)."""
    from phongdich.directives.services.reminders import reminders_send

    run = reminders_send()
    return {
        "day": run.day.isoformat(),
        "units": len(run.sent),
        "items": sum(len(r.items) for r in run.sent),
        "already_sent": run.already_sent,
    }
