"""Pieces shared by the support services: the clock's data and notifications."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.urls import reverse

from phongdich.core.crypto import encrypt
from phongdich.support.models import Holiday, ServiceLevel, SupportRequest

# Fallback when a service level row is missing (the seed migration makes all four).
DEFAULT_LEVEL = ServiceLevel(take_minutes=240, resolve_minutes=960, remind_before_minutes=30)


def holidays() -> frozenset[dt.date]:
    return frozenset(Holiday.objects.values_list("date", flat=True))


def service_level(urgency: str) -> ServiceLevel:
    return ServiceLevel.objects.filter(urgency=urgency).first() or DEFAULT_LEVEL


def request_url(request: SupportRequest) -> str:
    return reverse("support:request_detail", args=[request.pk])


def notify_later(users: Iterable[Any], *, title: str, body: str = "", url: str = "") -> None:
    """Queue a notification once the transaction commits (a background task)."""
    ids = sorted({u.pk for u in users if u is not None and getattr(u, "is_active", True)})
    if not ids:
        return
    from phongdich.support.tasks import notify

    # The title and body quote the request's free text (who, which machine): they wait
    # in the task table, so they are stored encrypted there (the task decrypts them).
    sealed_title, sealed_body = encrypt(str(title)), encrypt(str(body))
    transaction.on_commit(lambda: notify.enqueue(ids, sealed_title, sealed_body, url))
