"""Daily background tasks without a scheduler process.

django-tasks-db has no periodic scheduler, so a daily task re-queues itself for
its next local run time (``reschedule``), and ``ensure_scheduled`` — called after
``migrate`` — queues the first run unless one is already waiting.
"""

from __future__ import annotations

import logging
from datetime import datetime, time, timedelta
from typing import Any

from django.db import DEFAULT_DB_ALIAS, connections
from django.tasks import TaskResultStatus, default_task_backend
from django.utils import timezone

logger = logging.getLogger(__name__)


def next_local_time(at: time, now: datetime | None = None) -> datetime:
    """The next ``at`` (local time, Asia/Ho_Chi_Minh) strictly after ``now``."""
    moment = now or timezone.now()
    day = timezone.localtime(moment).date()
    candidate = timezone.make_aware(datetime.combine(day, at))
    if candidate <= moment:
        candidate = timezone.make_aware(datetime.combine(day + timedelta(days=1), at))
    return candidate


def reschedule(task: Any, at: time) -> str | None:
    """Queue ``task`` for its next run at ``at``; the run time (ISO), or None when the
    backend cannot defer (the immediate backend of tests)."""
    if not default_task_backend.supports_defer:
        return None
    run_after = next_local_time(at)
    task.using(run_after=run_after).enqueue()
    return run_after.isoformat()


def ensure_scheduled(task: Any, at: time, using: str = DEFAULT_DB_ALIAS) -> bool:
    """Queue ``task`` for the next ``at`` unless a READY run of it is already queued.
    True when a run was queued."""
    if not default_task_backend.supports_defer:
        return False
    from django_tasks_db.models import DBTaskResult

    if DBTaskResult._meta.db_table not in connections[using].introspection.table_names():
        return False  # migrating only part of the project: no task table yet
    queued = DBTaskResult.objects.using(using).filter(
        status=TaskResultStatus.READY, task_path=task.module_path
    )
    if queued.exists():
        return False
    task.using(run_after=next_local_time(at)).enqueue()
    return True


def ensure_scheduled_after_migrate(
    sender: Any, *, app_label: str, task: Any, at: time, using: str = DEFAULT_DB_ALIAS
) -> None:
    """For a post_migrate receiver: act once (for ``app_label``), never break migrate."""
    if getattr(sender, "label", None) != app_label:
        return  # post_migrate is sent once per app
    try:
        ensure_scheduled(task, at, using)
    except Exception:
        logger.exception("could not schedule %s", task.module_path)
