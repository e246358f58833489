"""Signal receivers of the adoption app. Connected by importing this module in
AdoptionConfig.ready()."""

from __future__ import annotations

from typing import Any

from django.db import DEFAULT_DB_ALIAS
from django.db.models.signals import post_migrate
from django.dispatch import receiver

from phongdich.core import scheduling


@receiver(post_migrate, dispatch_uid="adoption.ensure_reminders_scheduled")
def schedule_reminders(sender: Any, using: str = DEFAULT_DB_ALIAS, **kwargs: Any) -> None:
    from phongdich.adoption.tasks import REMIND_AT, campaign_reminders_daily

    scheduling.ensure_scheduled_after_migrate(
        sender, app_label="adoption", task=campaign_reminders_daily, at=REMIND_AT, using=using
    )
