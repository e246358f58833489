"""What every tracing service shares: its errors and two small checks."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _


class TracingServiceError(ValueError):
    """Something the user can fix; the message is Vietnamese, ready to show."""


class FollowUpDayError(TracingServiceError):
    """A follow-up day outside the contact's follow-up period, or in the future."""


def aware(value: datetime | None, label: str) -> datetime | None:
    """``value`` unchanged, or an error when it has no time zone."""
    if value is not None and timezone.is_naive(value):
        raise TracingServiceError(_("%(label)s phải có múi giờ.") % {"label": label})
    return value


def author(user: Any) -> Any:
    """``user`` for a ``created_by``-like field, or None (a command runs as nobody)."""
    return user if getattr(user, "pk", None) else None
