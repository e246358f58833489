"""Signal receivers of the check-in app. Connected by importing this module in
CheckinConfig.ready()."""

from __future__ import annotations

from typing import Any

from django.db import DEFAULT_DB_ALIAS
from django.db.models.signals import post_delete, post_migrate, post_save
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


@receiver(post_migrate, dispatch_uid="checkin.distribute_on_citus")
def distribute_on_citus(sender: Any, using: str = DEFAULT_DB_ALIAS, **kwargs: Any) -> None:
    """Where the ``citus`` extension exists, distribute the check-in tables once every
    migration has run (checkin.citus; a no-op when already done or without Citus)."""
    if getattr(sender, "label", None) != "checkin" or using != DEFAULT_DB_ALIAS:
        return
    from phongdich.checkin import citus

    citus.distribute()


def _person_saved(sender: Any, instance: Any, **kwargs: Any) -> None:
    """Citus: a person saved through the ORM (admin, demo data, erasure) keeps its row
    in the identity table, which the check-in's upsert reads (checkin.citus)."""
    from phongdich.checkin import sql
    from phongdich.checkin.models import PersonIdentity

    if not sql.citus_installed():
        return
    PersonIdentity.objects.filter(person_id=instance.pk).exclude(
        identity_index=instance.identity_index
    ).delete()
    PersonIdentity.objects.update_or_create(
        identity_index=instance.identity_index, defaults={"person_id": instance.pk}
    )


def _person_deleted(sender: Any, instance: Any, **kwargs: Any) -> None:
    from phongdich.checkin import sql
    from phongdich.checkin.models import PersonIdentity

    if sql.citus_installed():
        # By the distribution column as well: one shard's statement, not one per shard
        # (the purge deletes tens of thousands of people, each sends this signal).
        gone, _ = PersonIdentity.objects.filter(
            identity_index=instance.identity_index, person_id=instance.pk
        ).delete()
        if not gone:  # an identity changed outside the ORM: found by person, every shard
            PersonIdentity.objects.filter(person_id=instance.pk).delete()


post_save.connect(_person_saved, sender="checkin.Person", dispatch_uid="checkin.person_identity")
post_delete.connect(
    _person_deleted, sender="checkin.Person", dispatch_uid="checkin.person_identity_gone"
)
