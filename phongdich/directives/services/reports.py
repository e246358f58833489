"""Writes of unit reports: save a draft, submit, accept, return (``report_<action>``).

* A report is one unit's report on one task for one period (``status.periods_for``);
  it is created by the first draft or submission.
* A **version** is one text of the report. The unit edits a draft version in place
  until it submits it; a submitted version is never edited again. After the Office
  returns a report, the next save starts a new version (v2, v3 …), so every version
  stays readable with who wrote, sent and reviewed it, and when.
* States: ``draft`` → ``submitted`` → ``accepted`` (final) or ``returned`` → (new version)
  → ``submitted`` … A submitted report waits for the Office: it can be neither edited
  nor submitted again. An accepted report is final: it cannot be returned.
* Late submissions are allowed; ``status`` marks them late from ``first_submitted_at``.

Every refusal raises ``ReportError`` (a ``DirectiveError``) with Vietnamese messages;
``field_errors`` maps form fields ("ind_<indicator pk>", "completed_on", …) to messages.
``report_save`` is what the report form calls: it submits, or saves a draft, and when a
submission lacks something it keeps the valid part as a draft and returns the errors.
Every text is NFC-normalised and stripped.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from phongdich.core.audit import audit
from phongdich.core.text import clean_name, nfc
from phongdich.directives import attachments
from phongdich.directives.errors import ReportError
from phongdich.directives.inputs import ReportInput
from phongdich.directives.models import (
    Directive,
    Indicator,
    IndicatorValue,
    Report,
    ReportAttachment,
    ReportVersion,
    Task,
    TaskAssignment,
)
from phongdich.directives.selectors.status import Period, period_containing, today_local

__all__ = [
    "ReportError",
    "ReportInput",
    "ReportSaved",
    "report_accept",
    "report_return",
    "report_save",
    "report_save_draft",
    "report_submit",
]


def _fmt(day: date) -> str:
    return date_format(day, "d/m/Y")


def _period(task: Task, period_start: date, today: date) -> Period:
    period = period_containing(task, period_start)
    if period.start != period_start or (
        task.deadline is not None
        and task.recurrence != Task.Recurrence.ONCE
        and period.start > task.deadline
    ):
        raise ReportError(_("Kỳ báo cáo không hợp lệ cho nhiệm vụ này."))
    if period.start > today:
        raise ReportError(
            _("Kỳ báo cáo bắt đầu từ %(day)s: chưa đến kỳ.") % {"day": _fmt(period.start)}
        )
    return period


def _check_assignment(task: Task, unit: Any) -> None:
    if task.directive.state != Directive.State.ISSUED or task.state != Task.State.ASSIGNED:
        raise ReportError(
            _("Nhiệm vụ không còn nhận báo cáo (văn bản chưa ban hành hoặc đã kết thúc).")
        )
    if not TaskAssignment.objects.filter(task=task, unit=unit, must_report=True).exists():
        raise ReportError(
            _("%(unit)s không có trách nhiệm báo cáo nhiệm vụ %(task)s.")
            % {"unit": unit.name, "task": task.number}
        )


def _check_values(indicators: list[Indicator], data: ReportInput) -> dict[str, list[str]]:
    """Type checks (for drafts and submissions alike)."""
    errors: dict[str, list[str]] = {}
    for indicator in indicators:
        value = data.values.get(indicator.pk)
        if value is None or value == "":
            continue
        key = f"ind_{indicator.pk}"
        if indicator.kind == Indicator.Kind.INTEGER:
            if isinstance(value, bool) or not isinstance(value, int) or value < 0:
                errors[key] = [_("“%(name)s” phải là số nguyên không âm.") % {"name": indicator}]
        elif indicator.kind == Indicator.Kind.PERCENTAGE:
            if not isinstance(value, Decimal) or not Decimal(0) <= value <= Decimal(100):
                errors[key] = [_("“%(name)s” phải là tỷ lệ từ 0 đến 100.") % {"name": indicator}]
            elif value != value.quantize(Decimal("0.01")):
                errors[key] = [_("“%(name)s”: tối đa 2 chữ số thập phân.") % {"name": indicator}]
        elif indicator.kind == Indicator.Kind.BOOLEAN:
            if not isinstance(value, bool):
                errors[key] = [_("“%(name)s”: chọn Có hoặc Không.") % {"name": indicator}]
        elif not isinstance(value, str):
            errors[key] = [_("“%(name)s” phải là văn bản.") % {"name": indicator}]
    return errors


def _check_dates(data: ReportInput, today: date, *, submitting: bool) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    if data.progress not in ReportVersion.Progress.values:
        errors["progress"] = [_("Vui lòng chọn tiến độ thực hiện.")]
    if data.completed_on is not None and data.completed_on > today:
        errors["completed_on"] = [
            _("Ngày hoàn thành (%(day)s) không được sau hôm nay.")
            % {"day": _fmt(data.completed_on)}
        ]
    elif submitting and data.progress == ReportVersion.Progress.DONE and not data.completed_on:
        errors["completed_on"] = [_("Đã hoàn thành: vui lòng nhập ngày hoàn thành.")]
    return errors


def _check_required(indicators: list[Indicator], data: ReportInput) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    for indicator in indicators:
        value = data.values.get(indicator.pk)
        if indicator.required and (value is None or (isinstance(value, str) and not value.strip())):
            errors[f"ind_{indicator.pk}"] = [
                _("Chưa nhập chỉ tiêu bắt buộc “%(name)s”.") % {"name": indicator}
            ]
    return errors


def _check_uploads(data: ReportInput) -> dict[str, list[str]]:
    messages: list[str] = []
    for upload in data.uploads:
        try:
            attachments.validate_upload(upload)
        except ValidationError as exc:
            messages.extend(exc.messages)
    return {"attachments": messages} if messages else {}


def _raise(errors: dict[str, list[str]], lead: str | None = None) -> None:
    if errors:
        flat = [message for messages in errors.values() for message in messages]
        raise ReportError([lead, *flat] if lead else flat, errors)


def _locked_report(task: Task, unit: Any, period: Period) -> Report:
    report, _created = Report.objects.select_for_update().get_or_create(
        task=task,
        unit=unit,
        period_start=period.start,
        defaults={"period_end": period.end, "due_on": period.due_on or period.end},
    )
    return report


def _editable_version(report: Report, by: Any) -> ReportVersion:
    """The draft version to write into: the current one if still a draft, else a new one
    (carrying the previous version's attachments)."""
    if report.state == Report.State.ACCEPTED:
        raise ReportError(_("Báo cáo đã được Văn phòng tiếp nhận: không sửa hoặc gửi lại được."))
    if report.state == Report.State.SUBMITTED:
        raise ReportError(
            _("Báo cáo đã gửi và đang chờ Văn phòng xem xét: không sửa hoặc gửi lại được.")
        )
    current = report.current_version
    if current is not None and current.submitted_at is None:
        return current
    number = (current.version if current else 0) + 1
    version = ReportVersion.objects.create(
        report=report,
        version=number,
        progress=ReportVersion.Progress.IN_PROGRESS,
        created_by=by,
    )
    if current is not None:
        ReportAttachment.objects.bulk_create(
            ReportAttachment(
                version=version, file=a.file.name, original_name=a.original_name, size=a.size
            )
            for a in current.attachments.all()
        )
    report.current_version = version
    report.save(update_fields=["current_version", "updated_at"])
    return version


def _write(version: ReportVersion, indicators: list[Indicator], data: ReportInput) -> None:
    version.progress = data.progress
    version.completed_on = (
        data.completed_on if data.progress == ReportVersion.Progress.DONE else None
    )
    version.narrative = nfc(data.narrative)
    version.difficulties = nfc(data.difficulties)
    version.proposals = nfc(data.proposals)
    version.save()
    version.values.all().delete()
    rows = []
    for indicator in indicators:
        value = data.values.get(indicator.pk)
        if value is None or (isinstance(value, str) and not nfc(value)):
            continue
        row = IndicatorValue(version=version, indicator=indicator)
        if indicator.kind == Indicator.Kind.INTEGER:
            row.value_int = value
        elif indicator.kind == Indicator.Kind.PERCENTAGE:
            row.value_decimal = value
        elif indicator.kind == Indicator.Kind.BOOLEAN:
            row.value_bool = value
        else:
            row.value_text = nfc(value)
        rows.append(row)
    IndicatorValue.objects.bulk_create(rows)
    if data.remove_attachments:
        # Only the rows: a file may belong to an earlier version, which is kept as it was.
        version.attachments.filter(pk__in=data.remove_attachments).delete()
    for upload in data.uploads:
        name = clean_name(upload.name)[:255]
        attachment = ReportAttachment(version=version, original_name=name, size=upload.size)
        attachment.file.save(upload.name, upload, save=False)
        attachment.save()


def _prepare(
    task: Task, unit: Any, period_start: date, data: ReportInput, today: date, *, submitting: bool
) -> tuple[Period, list[Indicator]]:
    _check_assignment(task, unit)
    period = _period(task, period_start, today)
    indicators = list(task.indicators.order_by("order", "pk"))
    errors = {
        **_check_values(indicators, data),
        **_check_dates(data, today, submitting=submitting),
        **_check_uploads(data),
    }
    if submitting:
        for key, messages in _check_required(indicators, data).items():
            errors.setdefault(key, messages)
    _raise(errors)
    return period, indicators


def report_save_draft(
    *,
    task: Task,
    unit: Any,
    period_start: date,
    data: ReportInput,
    by: Any,
    ip: str | None = None,
    today: date | None = None,
) -> Report:
    """Save what the unit has written so far (required indicators may be empty)."""
    today = today or today_local()
    with transaction.atomic():
        period, indicators = _prepare(task, unit, period_start, data, today, submitting=False)
        report = _locked_report(task, unit, period)
        version = _editable_version(report, by)
        _write(version, indicators, data)
        audit(None, "directives.report.draft", actor=by, ip=ip, obj=report)
    return report


def report_submit(
    *,
    task: Task,
    unit: Any,
    period_start: date,
    data: ReportInput,
    by: Any,
    ip: str | None = None,
    today: date | None = None,
    now: datetime | None = None,
) -> Report:
    """Send the report to the Office: every required indicator filled, the completion date
    when done. Allowed after the due date (the report is then counted late)."""
    today = today or today_local()
    now = now or timezone.now()
    with transaction.atomic():
        period, indicators = _prepare(task, unit, period_start, data, today, submitting=True)
        report = _locked_report(task, unit, period)
        version = _editable_version(report, by)
        _write(version, indicators, data)
        version.submitted_at = now
        version.submitted_by = by
        version.save(update_fields=["submitted_at", "submitted_by", "updated_at"])
        report.state = Report.State.SUBMITTED
        report.submitted_at = now
        report.first_submitted_at = report.first_submitted_at or now
        report.save(
            update_fields=[
                "state",
                "submitted_at",
                "first_submitted_at",
                "current_version",
                "updated_at",
            ]
        )
        audit(None, "directives.report.submit", actor=by, ip=ip, obj=report)
    return report


@dataclass(frozen=True)
class ReportSaved:
    """What ``report_save`` did: the ``report`` it stored (None: nothing was saved),
    whether it was ``submitted``, whether it was kept as a ``draft``, and the ``error``
    that stopped the submission or the draft (None when all went through)."""

    report: Report | None
    submitted: bool = False
    draft: bool = False
    error: ReportError | None = None


def report_save(
    *,
    task: Task,
    unit: Any,
    period_start: date,
    data: ReportInput,
    submit: bool,
    by: Any,
    ip: str | None = None,
    today: date | None = None,
    now: datetime | None = None,
) -> ReportSaved:
    """Submit the report (``submit``) or save it as a draft. A submission refused for what
    the unit wrote (``field_errors``: a required indicator empty, no completion date…)
    keeps the valid part: it is saved as a draft and the errors come back with it, so the
    unit loses nothing. A refusal of the whole report (not the unit's to write, already
    sent, a value of the wrong type) saves nothing."""
    args: dict[str, Any] = {
        "task": task,
        "unit": unit,
        "period_start": period_start,
        "data": data,
        "by": by,
        "ip": ip,
        "today": today,
    }
    with transaction.atomic():
        try:
            if submit:
                return ReportSaved(report_submit(now=now, **args), submitted=True)
            return ReportSaved(report_save_draft(**args), draft=True)
        except ReportError as exc:
            if not (submit and exc.field_errors):
                return ReportSaved(None, error=exc)
            error = exc
        try:
            return ReportSaved(report_save_draft(**args), draft=True, error=error)
        except ReportError:
            return ReportSaved(None, error=error)


def _lock(report: Report) -> Report:
    return (
        Report.objects.select_for_update(of=("self",))
        .select_related("current_version")
        .get(pk=report.pk)
    )


def _review(report: Report, *, by: Any, outcome: str, note: str, now: datetime) -> Report:
    version = report.current_version
    assert version is not None
    version.outcome = outcome
    version.reviewed_at = now
    version.reviewed_by = by
    version.review_note = note
    version.save(
        update_fields=["outcome", "reviewed_at", "reviewed_by", "review_note", "updated_at"]
    )
    report.state = outcome
    report.reviewed_at = now
    report.reviewed_by = by
    report.review_note = note
    report.save(update_fields=["state", "reviewed_at", "reviewed_by", "review_note", "updated_at"])
    return report


def _check_reviewable(report: Report, *, returning: bool) -> None:
    if report.state == Report.State.ACCEPTED:
        if returning:
            raise ReportError(
                _(
                    "Báo cáo đã được tiếp nhận: không trả lại được. Một báo cáo đã tiếp nhận là "
                    "kết quả chính thức của đơn vị."
                )
            )
        raise ReportError(_("Báo cáo đã được tiếp nhận trước đó."))
    if report.state == Report.State.RETURNED:
        raise ReportError(_("Báo cáo đã được trả lại; đang chờ đơn vị gửi lại."))
    if report.state != Report.State.SUBMITTED or report.current_version is None:
        raise ReportError(_("Đơn vị chưa gửi báo cáo này."))


def report_accept(
    *,
    report: Report,
    by: Any,
    note: str = "",
    ip: str | None = None,
    now: datetime | None = None,
) -> Report:
    """The Office accepts the submitted version: it becomes the one that counts."""
    with transaction.atomic():
        report = _lock(report)
        _check_reviewable(report, returning=False)
        _review(
            report,
            by=by,
            outcome=Report.State.ACCEPTED,
            note=nfc(note),
            now=now or timezone.now(),
        )
        audit(None, "directives.report.accept", actor=by, ip=ip, obj=report)
    return report


def report_return(
    *,
    report: Report,
    by: Any,
    note: str,
    ip: str | None = None,
    now: datetime | None = None,
) -> Report:
    """The Office sends the report back with what to correct (required)."""
    note = nfc(note)
    if not note:
        raise ReportError(
            _("Vui lòng ghi rõ nội dung cần bổ sung, chỉnh sửa khi trả lại báo cáo."),
            {"note": [_("Vui lòng ghi rõ nội dung cần bổ sung, chỉnh sửa.")]},
        )
    with transaction.atomic():
        report = _lock(report)
        _check_reviewable(report, returning=True)
        _review(report, by=by, outcome=Report.State.RETURNED, note=note, now=now or timezone.now())
        audit(None, "directives.report.return", actor=by, ip=ip, obj=report)
    return report
