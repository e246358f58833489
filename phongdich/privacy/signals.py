"""Signal receivers of the privacy app. Connected by importing this module in
PrivacyConfig.ready()."""

from __future__ import annotations

from typing import Any

from django.db import DEFAULT_DB_ALIAS
from django.db.models.signals import post_migrate
from django.dispatch import receiver

from phongdich.core import scheduling


@receiver(post_migrate, dispatch_uid="privacy.ensure_requests_daily_scheduled")
def schedule_requests_daily(sender: Any, using: str = DEFAULT_DB_ALIAS, **kwargs: Any) -> None:
    from phongdich.privacy.tasks import DAILY_AT, privacy_requests_daily

    scheduling.ensure_scheduled_after_migrate(
        sender, app_label="privacy", task=privacy_requests_daily, at=DAILY_AT, using=using
    )
