"""Signal receivers of the check-in app. Connected by importing this module in
CheckinConfig.ready()."""

from __future__ import annotations

from typing import Any

from django.db import DEFAULT_DB_ALIAS
from django.db.models.signals import post_migrate
from django.dispatch import receiver

from phongdich.core import scheduling


def ensure_daily_purge_scheduled(using: str = DEFAULT_DB_ALIAS) -> bool:
    """Queue the daily purge for the next 02:00 unless a READY one is already queued."""
    from phongdich.checkin.tasks import PURGE_AT, purge_expired_daily

    return scheduling.ensure_scheduled(purge_expired_daily, PURGE_AT, using)


@receiver(post_migrate, dispatch_uid="checkin.ensure_daily_purge_scheduled")
def schedule_daily_purge(sender: Any, using: str = DEFAULT_DB_ALIAS, **kwargs: Any) -> None:
    from phongdich.checkin.tasks import PURGE_AT, purge_expired_daily

    scheduling.ensure_scheduled_after_migrate(
        sender, app_label="checkin", task=purge_expired_daily, at=PURGE_AT, using=using
    )
