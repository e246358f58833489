"""Writes: notify users (in-app and by e-mail), mark notifications read."""

from __future__ import annotations

import logging
from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.utils import timezone

from phongdich.core.text import nfc
from phongdich.notifications.models import Notification

logger = logging.getLogger(__name__)


def absolute_url(url: str) -> str:
    """A link for an e-mail: site paths get PUBLIC_BASE_URL in front."""
    if url.startswith("/"):
        return f"{settings.PUBLIC_BASE_URL}{url}"
    return url


def notification_send(
    *,
    users: Iterable[Any],
    title: str,
    body: str = "",
    url: str = "",
    email: bool = True,
) -> list[Notification]:
    """One in-app notification per user (each user once), and an e-mail to those with an
    address. The e-mails leave after the transaction commits; a mail server that fails
    is logged and loses no notification."""
    unique = {user.pk: user for user in users if user is not None}
    title, body = nfc(title)[:200], nfc(body)
    created = Notification.objects.bulk_create(
        [Notification(user=user, title=title, body=body, url=url) for user in unique.values()]
    )
    if email:
        addresses = [u.email for u in unique.values() if getattr(u, "email", "")]
        if addresses:
            text = body
            if url:
                text = f"{body}\n\n{absolute_url(url)}" if body else absolute_url(url)

            def send() -> None:
                for address in addresses:
                    try:
                        EmailMessage(title, text, None, [address]).send()
                    except Exception:  # an unreachable mail server loses no notification
                        logger.exception("could not e-mail a notification to %s", address)

            transaction.on_commit(send)
    return created


def notification_mark_read(*, user: Any, ids: Iterable[int] | None = None) -> int:
    """Mark ``user``'s unread notifications read (only ``ids`` when given)."""
    unread = Notification.objects.filter(user=user, read_at__isnull=True)
    if ids is not None:
        unread = unread.filter(pk__in=list(ids))
    return unread.update(read_at=timezone.now())
