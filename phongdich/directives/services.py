"""Writes of directives, tasks and indicators: ``<entity>_<action>(*, ...)``.

Each function checks the directive's state (tasks and headers change only on a draft)
and raises ``DirectiveError`` with Vietnamese messages when the action is not allowed.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from phongdich.core.text import clean_name, nfc
from phongdich.directives import attachments, parsing, selectors
from phongdich.directives.models import Directive, Indicator, Task, TaskAssignment
from phongdich.org.models import Unit


class DirectiveError(Exception):
    """An action refused; ``messages`` lists every reason, in Vietnamese."""

    def __init__(self, messages: str | Sequence[str]) -> None:
        self.messages = [messages] if isinstance(messages, str) else list(messages)
        super().__init__("; ".join(self.messages))


@dataclass
class TaskInput:
    number: str
    content: str
    parent: str | None = None  # the parent's number, for a sub-task
    lead_unit: Unit | None = None
    supporting_units: Sequence[Unit] = field(default_factory=list)
    all_units: bool = False
    deadline: date | None = None
    recurrence: str = Task.Recurrence.ONCE


HEADER_FIELDS = (
    "number",
    "symbol",
    "issued_on",
    "place",
    "issuer_authority",
    "issuer_position",
    "issuer_name",
    "subject",
    "recipients",
    "body",
    "distribution",
)


def _clean_header(values: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in values.items():
        if key not in HEADER_FIELDS:
            raise TypeError(f"unknown directive field {key}")
        if key == "symbol":
            value = clean_name(value).replace(" ", "").upper()
        elif key in {"subject", "place", "issuer_name", "issuer_authority"}:
            value = clean_name(value)
        elif key == "issuer_position":
            value = clean_name(value).upper()
        elif key in {"recipients", "distribution", "body"}:
            value = "\n".join(nfc(line) for line in nfc(value).splitlines()).strip()
        out[key] = value
    return out


def _require_draft(directive: Directive) -> None:
    if not directive.is_draft:
        raise DirectiveError(
            _("Văn bản %(ref)s đã ban hành: không sửa được nội dung và nhiệm vụ.")
            % {"ref": directive.reference or directive.subject[:40]}
        )


# Directives ------------------------------------------------------------------


@transaction.atomic
def directive_create(
    *, header: dict[str, Any], tasks: Sequence[TaskInput], created_by: Any
) -> Directive:
    """A draft directive with its tasks (sub-tasks after their parent's number)."""
    directive = Directive(**_clean_header(header), created_by=created_by)
    _check_unique(directive)
    directive.save()
    by_number: dict[str, Task] = {}
    for order, item in enumerate(tasks, start=1):
        parent = by_number.get(item.parent) if item.parent else None
        by_number[item.number] = _task_write(
            Task(directive=directive, order=order * 10, parent=parent), item
        )
    return directive


def directive_import(*, text: str, created_by: Any = None) -> Directive:
    """Parse a directive's text and save it as a draft with the suggested units."""
    parsed = parsing.parse_directive(text)
    suggestions = selectors.import_suggestions(parsed)
    return directive_create(
        header=header_from_parsed(parsed),
        tasks=[
            TaskInput(
                number=s.number,
                content=s.content,
                parent=s.parent,
                lead_unit=s.lead_unit,
                supporting_units=s.supporting_units,
                all_units=s.all_units,
                deadline=s.deadline,
                recurrence=s.recurrence,
            )
            for s in suggestions
        ],
        created_by=created_by,
    )


def header_from_parsed(parsed: parsing.ParsedDirective) -> dict[str, Any]:
    return {
        "number": parsed.number,
        "symbol": parsed.symbol,
        "issued_on": parsed.issued_on,
        "place": parsed.place,
        "issuer_authority": parsed.issuer_authority,
        "issuer_position": parsed.issuer_position,
        "issuer_name": parsed.issuer_name,
        "subject": parsed.subject,
        "recipients": "\n".join(parsed.recipients),
        "body": parsed.body,
        "distribution": "\n".join(parsed.distribution),
    }


@transaction.atomic
def directive_update(*, directive: Directive, **values: Any) -> Directive:
    _require_draft(directive)
    for key, value in _clean_header(values).items():
        setattr(directive, key, value)
    _check_unique(directive)
    directive.save()
    return directive


def _check_unique(directive: Directive) -> None:
    if directive.number is None or directive.issued_on is None:
        return
    clash = Directive.objects.filter(
        number=directive.number, symbol=directive.symbol, year=directive.issued_on.year
    ).exclude(pk=directive.pk)
    if clash.exists():
        raise DirectiveError(
            _("Số %(ref)s năm %(year)s đã được dùng cho một văn bản khác.")
            % {"ref": directive.reference, "year": directive.issued_on.year}
        )


@transaction.atomic
def directive_attachment_set(*, directive: Directive, upload: Any) -> Directive:
    """Attach the signed letter (a scan or the .docx); replaces the previous file."""
    attachments.validate_upload(upload)
    old = directive.attachment.name if directive.attachment else ""
    directive.attachment_name = clean_name(upload.name)[:255]
    directive.attachment.save(upload.name, upload, save=False)
    directive.save(update_fields=["attachment", "attachment_name", "updated_at"])
    if old and old != directive.attachment.name:
        storage = directive.attachment.storage
        transaction.on_commit(lambda: storage.delete(old))
    return directive


def directive_issue_problems(directive: Directive) -> list[str]:
    """Everything that stops a draft from being issued, one message each."""
    problems: list[str] = []
    if directive.number is None:
        problems.append(_("Chưa có số văn bản."))
    if not directive.symbol:
        problems.append(_("Chưa có ký hiệu văn bản (ví dụ SLĐTBXH-VP)."))
    if directive.issued_on is None:
        problems.append(_("Chưa có ngày văn bản."))
    if not directive.subject:
        problems.append(_("Chưa có trích yếu (V/v …)."))
    tasks = list(
        directive.tasks.select_related("lead_unit")
        .prefetch_related("supporting_units", "subtasks")
        .order_by("order", "pk")
    )
    if not tasks:
        problems.append(_("Văn bản chưa có nhiệm vụ nào."))
    has_members = selectors.all_units_members().exists()
    for task in tasks:
        if task.subtasks.all():
            continue  # a group heading: its sub-tasks carry units and deadlines
        if not (task.lead_unit_id or task.all_units or task.supporting_units.all()):
            problems.append(
                _("Nhiệm vụ %(n)s chưa có đơn vị thực hiện (chủ trì, phối hợp hoặc tất cả).")
                % {"n": task.number}
            )
        elif task.all_units and not task.lead_unit_id and not has_members:
            problems.append(
                _("Nhiệm vụ %(n)s giao tất cả đơn vị nhưng chưa có phòng, đơn vị nào.")
                % {"n": task.number}
            )
        if task.deadline is None:
            problems.append(_("Nhiệm vụ %(n)s chưa có thời hạn.") % {"n": task.number})
        elif directive.issued_on and task.deadline < directive.issued_on:
            problems.append(
                _("Thời hạn của nhiệm vụ %(n)s (%(d)s) trước ngày văn bản (%(v)s).")
                % {
                    "n": task.number,
                    "d": date_format(task.deadline, "SHORT_DATE_FORMAT"),
                    "v": date_format(directive.issued_on, "SHORT_DATE_FORMAT"),
                }
            )
    try:
        _check_unique(directive)
    except DirectiveError as exc:
        problems.extend(exc.messages)
    return problems


@transaction.atomic
def directive_issue(*, directive: Directive, by: Any) -> Directive:
    """Draft → issued; writes the units that must act on each task (TaskAssignment)."""
    directive = Directive.objects.select_for_update().get(pk=directive.pk)
    _require_draft(directive)
    problems = directive_issue_problems(directive)
    if problems:
        raise DirectiveError(problems)
    members = list(selectors.all_units_members())
    rows: list[TaskAssignment] = []
    for task in directive.tasks.prefetch_related("supporting_units", "subtasks"):
        if task.subtasks.all():
            continue
        units: dict[int, str] = {}
        if task.all_units:
            units.update({unit.pk: TaskAssignment.Role.MEMBER for unit in members})
        units.update({unit.pk: TaskAssignment.Role.SUPPORT for unit in task.supporting_units.all()})
        if task.lead_unit_id:
            units[task.lead_unit_id] = TaskAssignment.Role.LEAD
        rows.extend(TaskAssignment(task=task, unit_id=pk, role=role) for pk, role in units.items())
    TaskAssignment.objects.filter(task__directive=directive).delete()
    TaskAssignment.objects.bulk_create(rows)
    directive.tasks.update(state=Task.State.ASSIGNED)
    directive.state = Directive.State.ISSUED
    directive.issued_at = timezone.now()
    directive.issued_by = by
    directive.save()
    return directive


@transaction.atomic
def directive_close(*, directive: Directive, by: Any = None) -> Directive:
    if directive.state != Directive.State.ISSUED:
        raise DirectiveError(_("Chỉ kết thúc được văn bản đã ban hành."))
    directive.state = Directive.State.CLOSED
    directive.closed_at = timezone.now()
    directive.save(update_fields=["state", "closed_at", "updated_at"])
    directive.tasks.exclude(state=Task.State.CANCELLED).update(state=Task.State.CLOSED)
    return directive


@transaction.atomic
def directive_delete(*, directive: Directive) -> None:
    _require_draft(directive)
    if directive.attachment:
        storage, name = directive.attachment.storage, directive.attachment.name or ""
        transaction.on_commit(lambda: storage.delete(name))
    directive.delete()


# Tasks -------------------------------------------------------------------------


def _task_write(task: Task, item: TaskInput) -> Task:
    task.number = nfc(item.number)
    task.content = nfc(item.content)
    task.lead_unit = item.lead_unit
    task.all_units = item.all_units
    task.deadline = item.deadline
    task.recurrence = item.recurrence or Task.Recurrence.ONCE
    task.save()
    supporting = [u for u in item.supporting_units if u.pk != task.lead_unit_id]
    task.supporting_units.set(supporting)
    return task


def _check_number(directive: Directive, number: str, task: Task | None = None) -> None:
    clash = directive.tasks.filter(number=nfc(number))
    if task is not None:
        clash = clash.exclude(pk=task.pk)
    if clash.exists():
        raise DirectiveError(_("Đã có nhiệm vụ mục %(n)s trong văn bản này.") % {"n": number})


@transaction.atomic
def task_create(*, directive: Directive, item: TaskInput, parent: Task | None = None) -> Task:
    _require_draft(directive)
    _check_number(directive, item.number)
    last = directive.tasks.order_by("-order").values_list("order", flat=True).first() or 0
    return _task_write(Task(directive=directive, parent=parent, order=last + 10), item)


@transaction.atomic
def task_update(*, task: Task, item: TaskInput) -> Task:
    _require_draft(task.directive)
    _check_number(task.directive, item.number, task)
    return _task_write(task, item)


@transaction.atomic
def task_delete(*, task: Task) -> None:
    _require_draft(task.directive)
    task.delete()


# Indicators ----------------------------------------------------------------------


def _indicator_write(indicator: Indicator, values: dict[str, Any]) -> Indicator:
    indicator.name = clean_name(values["name"])
    indicator.kind = values["kind"]
    unit = clean_name(values.get("unit_of_measure", ""))
    if indicator.kind == Indicator.Kind.PERCENTAGE and not unit:
        unit = "%"
    indicator.unit_of_measure = unit
    indicator.required = bool(values.get("required", True))
    if values.get("order") is not None:
        indicator.order = values["order"]
    indicator.save()
    return indicator


@transaction.atomic
def indicator_create(*, task: Task, **values: Any) -> Indicator:
    _require_draft(task.directive)
    if values.get("order") is None:
        last = task.indicators.order_by("-order").values_list("order", flat=True).first() or 0
        values["order"] = last + 10
    return _indicator_write(Indicator(task=task), values)


@transaction.atomic
def indicator_update(*, indicator: Indicator, **values: Any) -> Indicator:
    _require_draft(indicator.task.directive)
    return _indicator_write(indicator, values)


@transaction.atomic
def indicator_delete(*, indicator: Indicator) -> None:
    _require_draft(indicator.task.directive)
    indicator.delete()
