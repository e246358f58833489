"""Background tasks of the privacy app (django.tasks; django-tasks-db in production)."""

from __future__ import annotations

from datetime import time
from typing import Any

from django.tasks import task
from django.utils.translation import gettext_lazy as _

from phongdich.core import scheduling

DAILY_AT = time(7, 30)  # local time of the daily requests job


@task()
def notify_new_request(request_id: int) -> int:
    from phongdich.privacy.services.subject_requests import new_request_notify

    return new_request_notify(request_id=request_id)


@task()
@scheduling.daily(
    at=DAILY_AT,
    title=_("Yêu cầu về dữ liệu cá nhân: nhắc hạn, xoá khi ca bệnh kết thúc"),
    count_labels={"reminded": _("yêu cầu được nhắc"), "finished": _("yêu cầu đã xoá xong")},
)
def privacy_requests_daily() -> dict[str, Any]:
    """Finish the erasures that waited for a case now closed, then remind the Office of
    the requests due soon or overdue."""
    from phongdich.privacy.services.subject_requests import (
        requests_finish_waiting,
        requests_remind,
    )

    finished = requests_finish_waiting()
    reminded = requests_remind()
    return {"reminded": reminded, "finished": finished}
