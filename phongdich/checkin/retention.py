"""Retention of check-in data (security.md #11): visits and declarations older than the
active profile's ``retention_days`` are deleted, and then the people left with nothing,
except data tied to persons other apps protect.

Other apps register providers in their ``AppConfig.ready()``:

- ``register_protected_persons(fn)``: ``fn()`` returns a queryset of person ids
  (``values("pk")``-like) whose visits, declarations and Person row are never
  purged (e.g. everyone tied to an open case);
- ``register_kept_persons(fn)``: the same for persons whose Person row must
  survive (it is referenced elsewhere) while their old visits may go.

Persons referenced through an ``on_delete=PROTECT`` foreign key are kept anyway.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.db import models, transaction
from django.db.models import Q, QuerySet
from django.utils import timezone

from phongdich.checkin.models import Declaration, DiseaseProfile, Person, Visit

Provider = Callable[[], QuerySet[Any, Any]]
_protected: list[Provider] = []
_kept: list[Provider] = []


def register_protected_persons(provider: Provider) -> Provider:
    if provider not in _protected:
        _protected.append(provider)
    return provider


def register_kept_persons(provider: Provider) -> Provider:
    if provider not in _kept:
        _kept.append(provider)
    return provider


def _without(queryset: QuerySet[Any, Any], field: str, providers: list[Provider]) -> Any:
    for provider in providers:
        queryset = queryset.exclude(**{f"{field}__in": provider()})
    return queryset


@dataclass
class PurgeResult:
    visits: int = 0
    declarations: int = 0
    persons: int = 0


def purge_expired(*, now: datetime | None = None) -> PurgeResult:
    """Delete what the retention period allows (see the module doc)."""
    moment = now or timezone.now()
    cutoff = moment - timedelta(days=DiseaseProfile.active().retention_days)
    result = PurgeResult()
    with transaction.atomic():
        visits = _without(Visit.objects.filter(check_in__lt=cutoff), "person_id", _protected)
        result.visits, _ = visits.delete()
        declarations = _without(
            Declaration.objects.filter(declared_at__lt=cutoff), "person_id", _protected
        )
        result.declarations, _ = declarations.delete()
        persons = Person.objects.filter(
            Q(last_seen_at__lt=cutoff) | Q(last_seen_at__isnull=True, created_at__lt=cutoff),
            visits__isnull=True,
            declarations__isnull=True,
        )
        persons = _without(persons, "pk", _protected + _kept)
        for relation in Person._meta.related_objects:
            if relation.on_delete is models.PROTECT:
                persons = persons.exclude(
                    pk__in=relation.related_model._default_manager.values(relation.field.name)
                )
        result.persons, _ = persons.delete()
    return result
