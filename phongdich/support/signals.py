"""Signal receivers of the support app (connected by SupportConfig.ready())."""

from __future__ import annotations

from typing import Any

from django.db import DEFAULT_DB_ALIAS, connections
from django.db.models.signals import post_migrate
from django.dispatch import receiver
from django.tasks import TaskResultStatus, default_task_backend
from django.utils import timezone

from phongdich.core import scheduling


def ensure_periodic_queued(using: str = DEFAULT_DB_ALIAS) -> bool:
    """Queue the 15-minute SLA sweep unless a READY run of it is waiting."""
    from phongdich.support.tasks import SWEEP_EVERY, sla_sweep_periodic

    if not default_task_backend.supports_defer:
        return False
    from django_tasks_db.models import DBTaskResult

    if DBTaskResult._meta.db_table not in connections[using].introspection.table_names():
        return False
    waiting = DBTaskResult.objects.using(using).filter(
        status=TaskResultStatus.READY, task_path=sla_sweep_periodic.module_path
    )
    if waiting.exists():
        return False
    sla_sweep_periodic.using(run_after=timezone.now() + SWEEP_EVERY).enqueue()
    return True


@receiver(post_migrate, dispatch_uid="support.ensure_sweep_scheduled")
def schedule_sweep(sender: Any, using: str = DEFAULT_DB_ALIAS, **kwargs: Any) -> None:
    from phongdich.support.tasks import SWEEP_AT, sla_sweep_daily

    if getattr(sender, "label", None) != "support":
        return
    scheduling.ensure_scheduled_after_migrate(
        sender, app_label="support", task=sla_sweep_daily, at=SWEEP_AT, using=using
    )
    try:
        ensure_periodic_queued(using)
    except Exception:  # never break migrate
        import logging

        logging.getLogger(__name__).exception("could not queue the SLA sweep")
