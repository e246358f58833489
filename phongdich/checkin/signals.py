"""Signal receivers of the check-in app. Connected by importing this module in
CheckinConfig.ready()."""

from __future__ import annotations

import logging
from typing import Any

from django.db import DEFAULT_DB_ALIAS, connections
from django.db.models.signals import post_migrate
from django.dispatch import receiver
from django.tasks import TaskResultStatus, default_task_backend

logger = logging.getLogger(__name__)


def ensure_daily_purge_scheduled(using: str = DEFAULT_DB_ALIAS) -> bool:
    """Queue the daily purge for the next 02:00 unless a READY one is already queued.

    Only for the database task backend (the immediate backend of tests cannot defer).
    True when a task was queued."""
    if not default_task_backend.supports_defer:
        return False
    from django_tasks_db.models import DBTaskResult

    from phongdich.checkin.tasks import next_purge_at, purge_expired_daily

    if DBTaskResult._meta.db_table not in connections[using].introspection.table_names():
        return False  # migrating only part of the project: no task table yet
    queued = DBTaskResult.objects.using(using).filter(
        status=TaskResultStatus.READY, task_path=purge_expired_daily.module_path
    )
    if queued.exists():
        return False
    purge_expired_daily.using(run_after=next_purge_at()).enqueue()
    return True


@receiver(post_migrate, dispatch_uid="checkin.ensure_daily_purge_scheduled")
def schedule_daily_purge(sender: Any, using: str = DEFAULT_DB_ALIAS, **kwargs: Any) -> None:
    if getattr(sender, "label", None) != "checkin":
        return  # post_migrate is sent once per app: act once
    try:
        ensure_daily_purge_scheduled(using)
    except Exception:  # never break a migration for a schedule
        logger.exception("could not schedule the daily purge")
