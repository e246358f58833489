"""Signal receivers of the directives app. Connected by importing this module in
DirectivesConfig.ready()."""

from __future__ import annotations

import logging
from typing import Any

from django.db import DEFAULT_DB_ALIAS, connections
from django.db.models.signals import post_migrate
from django.dispatch import receiver
from django.tasks import TaskResultStatus, default_task_backend

logger = logging.getLogger(__name__)


def ensure_reminders_scheduled(using: str = DEFAULT_DB_ALIAS) -> bool:
    """Queue the daily reminders for the next 07:00 unless a READY one is already queued.

    Only for the database task backend (the immediate backend of tests cannot defer).
    True when a task was queued."""
    if not default_task_backend.supports_defer:
        return False
    from django_tasks_db.models import DBTaskResult

    from phongdich.directives.tasks import next_reminders_at, send_reminders_daily

    if DBTaskResult._meta.db_table not in connections[using].introspection.table_names():
        return False  # migrating only part of the project: no task table yet
    queued = DBTaskResult.objects.using(using).filter(
        status=TaskResultStatus.READY, task_path=send_reminders_daily.module_path
    )
    if queued.exists():
        return False
    send_reminders_daily.using(run_after=next_reminders_at()).enqueue()
    return True


@receiver(post_migrate, dispatch_uid="directives.ensure_reminders_scheduled")
def schedule_reminders(sender: Any, using: str = DEFAULT_DB_ALIAS, **kwargs: Any) -> None:
    if getattr(sender, "label", None) != "directives":
        return  # post_migrate is sent once per app: act once
    try:
        ensure_reminders_scheduled(using)
    except Exception:  # never break a migration for a schedule
        logger.exception("could not schedule the daily reminders")
