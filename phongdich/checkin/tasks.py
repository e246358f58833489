"""Background tasks of the check-in app (django.tasks; django-tasks-db in production)."""

from __future__ import annotations

from datetime import datetime, time
from typing import Any

from django.tasks import task
from django.utils.translation import gettext_lazy as _

from phongdich.core import scheduling

PURGE_AT = time(2, 0)  # local time of the daily purge


def next_purge_at(now: datetime | None = None) -> datetime:
    """The next PURGE_AT local time strictly after ``now``."""
    return scheduling.next_local_time(PURGE_AT, now)


@task()
@scheduling.daily(
    at=PURGE_AT,
    title=_("Xoá dữ liệu cá nhân quá hạn lưu giữ"),
    count_labels={
        "visits": _("lượt ra vào"),
        "declarations": _("tờ khai"),
        "persons": _("người"),
        "rate_counters": _("bộ đếm giới hạn truy cập"),
        "partitions": _("phân vùng theo ngày được tạo trước"),
    },
)
def purge_expired_daily() -> dict[str, Any]:
    """Make the day partitions ahead (PostgreSQL), delete expired personal data and old
    rate counters. Each run is recorded and the next 02:00 is queued whatever happens
    (``core.scheduling.daily``)."""
    from phongdich.checkin.partitions import ensure_partitions
    from phongdich.checkin.services.retention import purge_expired
    from phongdich.core.ratelimit import prune

    made = ensure_partitions()
    report = purge_expired()
    counters = prune()
    return {
        "visits": report.visits,
        "declarations": report.declarations,
        "persons": report.persons,
        "rate_counters": counters,
        "partitions": made,
    }
