"""Reads of false-news reports: the reporter sees their own, the board sees all; warnings
(decided reports) for staff, and those the board chose for the public page."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Count, QuerySet

from phongdich.news.models import FalseNewsReport
from phongdich.news.selectors.stats import period_bounds
from phongdich.news.workflow import is_board


def report_list(*, user: Any) -> QuerySet[FalseNewsReport]:
    qs = FalseNewsReport.objects.select_related("reporter")
    return qs if is_board(user) else qs.filter(reporter=user)


def report_get(*, user: Any, pk: int) -> FalseNewsReport:
    return report_list(user=user).get(pk=pk)


def staff_warnings() -> QuerySet[FalseNewsReport]:
    return FalseNewsReport.objects.exclude(verdict="").order_by("-decided_at", "-pk")


def public_warnings() -> QuerySet[FalseNewsReport]:
    return staff_warnings().filter(public=True)


def report_counts(*, start: dt.date, end: dt.date) -> dict[str, Any]:
    """Reports received in the period, and verdicts given in it by kind."""
    begin, finish = period_bounds(start, end)
    received = FalseNewsReport.objects.filter(created_at__gte=begin, created_at__lt=finish)
    decided = (
        FalseNewsReport.objects.filter(decided_at__gte=begin, decided_at__lt=finish)
        .values("verdict")
        .annotate(n=Count("id"))
        .order_by()
    )
    by_verdict = {row["verdict"]: row["n"] for row in decided}
    return {
        "received": received.count(),
        "verdicts": [
            (label, by_verdict.get(value, 0)) for value, label in FalseNewsReport.Verdict.choices
        ],
    }
