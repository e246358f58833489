"""Shared by the reminder, urging and compiled-report tests: reports written straight
into the models (what the Office would have accepted), independent of the report UI."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from phongdich.directives.models import IndicatorValue, Report, ReportVersion, Task
from phongdich.directives.selectors.status import TZ


def at(day: date, hour: int = 10) -> datetime:
    return datetime(day.year, day.month, day.day, hour, tzinfo=TZ)


def put_report(
    task: Task,
    unit: Any,
    *,
    state: str = Report.State.ACCEPTED,
    progress: str = ReportVersion.Progress.DONE,
    completed_on: date | None = None,
    sent: date | None = None,
    narrative: str = "",
    difficulties: str = "",
    values: dict[Any, Any] | None = None,
    period_start: date | None = None,
    due_on: date | None = None,
) -> Report:
    """A report of ``unit`` on ``task`` (its only period unless ``period_start``)."""
    start = period_start or task.directive.issued_on
    due = due_on or task.deadline
    assert start is not None and due is not None
    sent = sent or completed_on or due
    report = Report.objects.create(
        task=task,
        unit=unit,
        period_start=start,
        period_end=due,
        due_on=due,
        state=state,
        submitted_at=at(sent),
        first_submitted_at=at(sent),
    )
    version = ReportVersion.objects.create(
        report=report,
        version=1,
        progress=progress,
        completed_on=completed_on,
        narrative=narrative,
        difficulties=difficulties,
    )
    for indicator, value in (values or {}).items():
        field = {
            "integer": "value_int",
            "percentage": "value_decimal",
            "boolean": "value_bool",
            "text": "value_text",
        }[indicator.kind]
        IndicatorValue.objects.create(version=version, indicator=indicator, **{field: value})
    report.current_version = version
    report.save(update_fields=["current_version"])
    return report
