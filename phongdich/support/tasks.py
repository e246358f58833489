"""Background tasks of the support app: notifications, the SLA sweep (every 15 minutes,
re-queued in ``finally``) and its daily run recorded on the jobs page."""

from __future__ import annotations

import datetime as dt
import logging
from typing import Any

from django.tasks import default_task_backend, task
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from phongdich.core import scheduling

logger = logging.getLogger(__name__)

SWEEP_AT = dt.time(7, 15)  # the daily run, before the working day starts
SWEEP_EVERY = dt.timedelta(minutes=15)


@task()
def notify(user_ids: list[int], sealed_title: str, sealed_body: str, url: str) -> int:
    """In-app notification and e-mail to ``user_ids`` (never sent inline by a service).
    ``sealed_title`` and ``sealed_body`` are encrypted (``core.crypto.encrypt``): the
    task table keeps its arguments in clear while the task waits."""
    from django.contrib.auth import get_user_model

    from phongdich.core.crypto import decrypt
    from phongdich.notifications.services import notification_send

    title, body = decrypt(sealed_title), decrypt(sealed_body)
    users = list(get_user_model().objects.filter(pk__in=user_ids, is_active=True))
    return len(notification_send(users=users, title=title, body=body, url=url))


@task()
def sla_sweep_periodic(reschedule: bool = True) -> dict[str, Any]:
    """Reminders, re-routing to the backup and escalation; queues itself again in
    ``finally`` (SWEEP_EVERY later), whatever happens."""
    from phongdich.support.services.sla import sla_sweep

    try:
        return dict(sla_sweep())
    finally:
        if reschedule and default_task_backend.supports_defer:
            try:
                sla_sweep_periodic.using(run_after=timezone.now() + SWEEP_EVERY).enqueue()
            except Exception:
                logger.exception("the SLA sweep could not queue its next run")


@task()
@scheduling.daily(
    at=SWEEP_AT,
    title=_("Nhắc hạn và chuyển cấp yêu cầu hỗ trợ CNTT"),
    count_labels={
        "reminded": _("nhắc hạn"),
        "rerouted": _("chuyển dự phòng"),
        "escalated": _("báo tổ trưởng"),
        "closed": _("tự đóng"),
    },
)
def sla_sweep_daily() -> dict[str, Any]:
    """The daily run (recorded on the jobs page); it also makes sure the 15-minute
    sweep is queued."""
    from phongdich.support.services.sla import sla_sweep
    from phongdich.support.signals import ensure_periodic_queued

    counts = dict(sla_sweep())
    ensure_periodic_queued()
    return counts
