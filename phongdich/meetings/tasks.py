"""Background tasks of the meetings app (django.tasks; django-tasks-db in production).

``send_due_reminders`` runs every ``REMINDER_EVERY`` and queues its next run whatever
happens (``finally``); ``ensure_reminders_scheduled`` (after ``migrate``) starts it. The
command ``manage.py meetings_remind`` does one pass, for a cron where no worker runs.
"""

from __future__ import annotations

import datetime as dt
import logging
from typing import Any

from django.db import DEFAULT_DB_ALIAS, connections
from django.tasks import TaskResultStatus, default_task_backend, task
from django.utils import timezone

logger = logging.getLogger(__name__)

REMINDER_EVERY = dt.timedelta(minutes=5)


@task()
def send_invitations(invitation_ids: list[int]) -> int:
    from phongdich.meetings.services.notify import invitations_send

    return invitations_send(invitation_ids=invitation_ids)


@task()
def send_meeting_change(meeting_id: int, method: str) -> int:
    from phongdich.meetings.services.notify import meeting_change_send

    return meeting_change_send(meeting_id=meeting_id, method=method)


@task()
def send_due_reminders(reschedule: bool = True) -> dict[str, Any]:
    from phongdich.meetings.services.notify import reminders_send_due

    try:
        return reminders_send_due()
    finally:
        if reschedule and default_task_backend.supports_defer:
            try:
                send_due_reminders.using(run_after=timezone.now() + REMINDER_EVERY).enqueue()
            except Exception:
                logger.exception("meeting reminders could not queue their next run")


def ensure_reminders_scheduled(
    sender: Any, *, using: str = DEFAULT_DB_ALIAS, **kwargs: Any
) -> None:
    """post_migrate receiver: queue the reminder sweep unless a run is already waiting."""
    if getattr(sender, "label", None) != "meetings" or not default_task_backend.supports_defer:
        return
    try:
        from django_tasks_db.models import DBTaskResult

        if DBTaskResult._meta.db_table not in connections[using].introspection.table_names():
            return
        waiting = DBTaskResult.objects.using(using).filter(
            status=TaskResultStatus.READY, task_path=send_due_reminders.module_path
        )
        if not waiting.exists():
            send_due_reminders.using(run_after=timezone.now() + REMINDER_EVERY).enqueue()
    except Exception:
        logger.exception("could not schedule the meeting reminders")
