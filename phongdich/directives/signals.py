"""Signal receivers of the directives app. Connected by importing this module in
DirectivesConfig.ready()."""

from __future__ import annotations

from typing import Any

from django.db import DEFAULT_DB_ALIAS
from django.db.models.signals import post_migrate
from django.dispatch import receiver

from phongdich.core import scheduling


def ensure_reminders_scheduled(using: str = DEFAULT_DB_ALIAS) -> bool:
    """Queue the daily reminders for the next 07:00 unless a READY one is already queued."""
    from phongdich.directives.tasks import REMIND_AT, send_reminders_daily

    return scheduling.ensure_scheduled(send_reminders_daily, REMIND_AT, using)


@receiver(post_migrate, dispatch_uid="directives.ensure_reminders_scheduled")
def schedule_reminders(sender: Any, using: str = DEFAULT_DB_ALIAS, **kwargs: Any) -> None:
    from phongdich.directives.tasks import REMIND_AT, send_reminders_daily

    scheduling.ensure_scheduled_after_migrate(
        sender, app_label="directives", task=send_reminders_daily, at=REMIND_AT, using=using
    )
