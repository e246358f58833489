"""Reads of the service levels and the holidays."""

from __future__ import annotations

import datetime as dt

from django.db.models import QuerySet
from django.utils import timezone

from phongdich.support.models import Holiday, ServiceLevel


def levels() -> QuerySet[ServiceLevel]:
    return ServiceLevel.objects.order_by("take_minutes")


def holidays_upcoming(*, today: dt.date | None = None) -> QuerySet[Holiday]:
    today = today or timezone.localdate()
    return Holiday.objects.filter(date__gte=today.replace(month=1, day=1)).order_by("date")


def holiday_get(*, pk: int) -> Holiday:
    return Holiday.objects.get(pk=pk)
