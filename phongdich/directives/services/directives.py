"""Writes of directives, tasks and indicators: ``<entity>_<action>(*, ...)``.

Each function checks the directive's state (tasks and headers change only on a draft),
raises ``DirectiveError`` with Vietnamese messages when the action is not allowed, and
records its audit entry (``by`` and ``ip``) in its own transaction.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from phongdich.core.audit import audit
from phongdich.core.text import clean_name, nfc
from phongdich.directives import attachments, parsing
from phongdich.directives.errors import DirectiveError
from phongdich.directives.inputs import DirectiveHeader, TaskInput
from phongdich.directives.models import Directive, Indicator, Task, TaskAssignment
from phongdich.directives.selectors.directives import (
    all_units_members,
    directive_issue_problems,
    directive_number_clash,
    import_suggestions,
    task_number_taken,
)

__all__ = [
    "DirectiveError",
    "DirectiveHeader",
    "TaskInput",
    "directive_attachment_set",
    "directive_close",
    "directive_create",
    "directive_delete",
    "directive_import",
    "directive_issue",
    "directive_update",
    "indicator_create",
    "indicator_delete",
    "indicator_update",
    "task_create",
    "task_delete",
    "task_update",
]


def _lines(value: str) -> str:
    return "\n".join(nfc(line) for line in nfc(value).splitlines()).strip()


def _header_write(directive: Directive, header: DirectiveHeader) -> None:
    """The header NFC-normalised: names with inner spaces folded, symbol and position in
    capitals, multi-line fields line by line."""
    directive.number = header.number
    directive.symbol = clean_name(header.symbol).replace(" ", "").upper()
    directive.issued_on = header.issued_on
    directive.place = clean_name(header.place)
    directive.issuer_authority = clean_name(header.issuer_authority)
    directive.issuer_position = clean_name(header.issuer_position).upper()
    directive.issuer_name = clean_name(header.issuer_name)
    directive.subject = clean_name(header.subject)
    directive.recipients = _lines(header.recipients)
    directive.body = _lines(header.body)
    directive.distribution = _lines(header.distribution)
    directive.source_kind = clean_name(header.source_kind)
    directive.source_reference = clean_name(header.source_reference).replace(" ", "")
    directive.source_issued_on = header.source_issued_on
    directive.source_issuer = clean_name(header.source_issuer)


def _require_draft(directive: Directive) -> None:
    if not directive.is_draft:
        raise DirectiveError(
            _("Văn bản %(ref)s đã ban hành: không sửa được nội dung và nhiệm vụ.")
            % {"ref": directive.reference or directive.subject}
        )


def _check_unique(directive: Directive) -> None:
    if clash := directive_number_clash(directive=directive):
        raise DirectiveError(clash)


# Directives ------------------------------------------------------------------


def directive_create(
    *,
    header: DirectiveHeader,
    tasks: Sequence[TaskInput],
    created_by: Any,
    ip: str | None = None,
) -> Directive:
    """A draft directive with its tasks (sub-tasks after their parent's number), as
    imported from a text (audited as ``directives.directive.import``)."""
    with transaction.atomic():
        directive = Directive(created_by=created_by)
        _header_write(directive, header)
        _check_unique(directive)
        directive.save()
        by_number: dict[str, Task] = {}
        for order, item in enumerate(tasks, start=1):
            parent = by_number.get(item.parent) if item.parent else None
            by_number[item.number] = _task_write(
                Task(directive=directive, order=order * 10, parent=parent), item
            )
        audit(
            None,
            "directives.directive.import",
            actor=created_by,
            ip=ip,
            obj=directive,
            tasks=len(tasks),
        )
    return directive


def directive_import(*, text: str, created_by: Any, ip: str | None = None) -> Directive:
    """Parse a directive's text and save it as a draft with the suggested units."""
    parsed = parsing.parse_directive(text)
    return directive_create(
        header=DirectiveHeader.from_parsed(parsed),
        tasks=import_suggestions(parsed=parsed),
        created_by=created_by,
        ip=ip,
    )


def directive_update(
    *,
    directive: Directive,
    header: DirectiveHeader,
    attachment: UploadedFile | None = None,
    by: Any = None,
    ip: str | None = None,
) -> Directive:
    """A draft's new header, and the signed letter when one is uploaded."""
    with transaction.atomic():
        _require_draft(directive)
        _header_write(directive, header)
        _check_unique(directive)
        directive.save()
        if attachment is not None:
            _attachment_write(directive, attachment)
        audit(
            None,
            "directives.directive.update",
            actor=by,
            ip=ip,
            obj=directive,
            attachment=attachment is not None,
        )
    return directive


def _attachment_write(directive: Directive, upload: Any) -> None:
    attachments.validate_upload(upload)
    old = directive.attachment.name if directive.attachment else ""
    directive.attachment_name = clean_name(upload.name)[:255]
    directive.attachment.save(upload.name, upload, save=False)
    directive.save(update_fields=["attachment", "attachment_name", "updated_at"])
    if old and old != directive.attachment.name:
        storage = directive.attachment.storage
        transaction.on_commit(lambda: storage.delete(old))


def directive_attachment_set(
    *, directive: Directive, upload: Any, by: Any = None, ip: str | None = None
) -> Directive:
    """Attach the signed letter (a scan or the .docx); replaces the previous file."""
    with transaction.atomic():
        _attachment_write(directive, upload)
        audit(
            None,
            "directives.directive.update",
            actor=by,
            ip=ip,
            obj=directive,
            attachment=True,
        )
    return directive


def directive_issue(*, directive: Directive, by: Any, ip: str | None = None) -> Directive:
    """Draft → issued; writes the units that must act on each task (TaskAssignment)."""
    with transaction.atomic():
        directive = Directive.objects.select_for_update().get(pk=directive.pk)
        _require_draft(directive)
        problems = directive_issue_problems(directive=directive)
        if problems:
            raise DirectiveError(problems)
        members = list(all_units_members())
        rows: list[TaskAssignment] = []
        for task in directive.tasks.prefetch_related("supporting_units", "subtasks"):
            if task.subtasks.all():
                continue
            units: dict[int, str] = {}
            if task.all_units:
                units.update({unit.pk: TaskAssignment.Role.MEMBER for unit in members})
            units.update(
                {unit.pk: TaskAssignment.Role.SUPPORT for unit in task.supporting_units.all()}
            )
            if task.lead_unit_id:
                units[task.lead_unit_id] = TaskAssignment.Role.LEAD
            rows.extend(
                TaskAssignment(task=task, unit_id=pk, role=role) for pk, role in units.items()
            )
        TaskAssignment.objects.filter(task__directive=directive).delete()
        TaskAssignment.objects.bulk_create(rows)
        directive.tasks.update(state=Task.State.ASSIGNED)
        directive.state = Directive.State.ISSUED
        directive.issued_at = timezone.now()
        directive.issued_by = by
        directive.save()
        audit(None, "directives.directive.issue", actor=by, ip=ip, obj=directive)
    return directive


def directive_close(*, directive: Directive, by: Any = None, ip: str | None = None) -> Directive:
    with transaction.atomic():
        if directive.state != Directive.State.ISSUED:
            raise DirectiveError(_("Chỉ kết thúc được văn bản đã ban hành."))
        directive.state = Directive.State.CLOSED
        directive.closed_at = timezone.now()
        directive.save(update_fields=["state", "closed_at", "updated_at"])
        directive.tasks.exclude(state=Task.State.CANCELLED).update(state=Task.State.CLOSED)
        audit(None, "directives.directive.close", actor=by, ip=ip, obj=directive)
    return directive


def directive_delete(*, directive: Directive, by: Any = None, ip: str | None = None) -> None:
    with transaction.atomic():
        _require_draft(directive)
        if directive.attachment:
            storage, name = directive.attachment.storage, directive.attachment.name or ""
            transaction.on_commit(lambda: storage.delete(name))
        pk = directive.pk
        directive.delete()
        audit(
            None,
            "directives.directive.delete",
            actor=by,
            ip=ip,
            object_type="directives.directive",
            object_id=str(pk),
        )


# Tasks -------------------------------------------------------------------------


def _task_write(task: Task, item: TaskInput) -> Task:
    task.number = nfc(item.number)
    task.content = nfc(item.content)
    task.title = clean_name(item.title)
    task.lead_unit = item.lead_unit
    task.all_units = item.all_units
    task.deadline = item.deadline
    task.recurrence = item.recurrence or Task.Recurrence.ONCE
    task.save()
    supporting = [u for u in item.supporting_units if u.pk != task.lead_unit_id]
    task.supporting_units.set(supporting)
    return task


def _check_number(directive: Directive, number: str, task: Task | None = None) -> None:
    if task_number_taken(directive=directive, number=nfc(number), task=task):
        raise DirectiveError(_("Đã có nhiệm vụ mục %(n)s trong văn bản này.") % {"n": number})


def task_create(
    *,
    directive: Directive,
    item: TaskInput,
    parent: Task | None = None,
    by: Any = None,
    ip: str | None = None,
) -> Task:
    with transaction.atomic():
        _require_draft(directive)
        _check_number(directive, item.number)
        last = directive.tasks.order_by("-order").values_list("order", flat=True).first() or 0
        task = _task_write(Task(directive=directive, parent=parent, order=last + 10), item)
        audit(None, "directives.task.create", actor=by, ip=ip, obj=task)
    return task


def task_update(
    *,
    task: Task,
    item: TaskInput,
    parent: Task | None = None,
    by: Any = None,
    ip: str | None = None,
) -> Task:
    """The task's new text, units, deadline and place (``parent``: None for a main item)."""
    with transaction.atomic():
        _require_draft(task.directive)
        _check_number(task.directive, item.number, task)
        task.parent = parent
        _task_write(task, item)
        audit(None, "directives.task.update", actor=by, ip=ip, obj=task)
    return task


def task_delete(*, task: Task, by: Any = None, ip: str | None = None) -> None:
    with transaction.atomic():
        _require_draft(task.directive)
        pk = task.pk
        task.delete()
        audit(
            None,
            "directives.task.delete",
            actor=by,
            ip=ip,
            object_type="directives.task",
            object_id=str(pk),
        )


# Indicators ----------------------------------------------------------------------


def _indicator_write(
    indicator: Indicator,
    *,
    name: str,
    kind: str,
    unit_of_measure: str,
    required: bool,
    order: int | None,
) -> Indicator:
    if kind not in Indicator.Kind.values:
        raise DirectiveError(_("Vui lòng chọn kiểu số liệu."))
    indicator.name = clean_name(name)
    if not indicator.name:
        raise DirectiveError(_("Vui lòng nhập tên chỉ tiêu."))
    indicator.kind = kind
    unit = clean_name(unit_of_measure)
    if indicator.kind == Indicator.Kind.PERCENTAGE and not unit:
        unit = "%"
    indicator.unit_of_measure = unit
    indicator.required = required
    if order is not None:
        indicator.order = order
    indicator.save()
    return indicator


def indicator_create(
    *,
    task: Task,
    name: str,
    kind: str,
    unit_of_measure: str = "",
    required: bool = True,
    order: int | None = None,
    by: Any = None,
    ip: str | None = None,
) -> Indicator:
    with transaction.atomic():
        _require_draft(task.directive)
        if order is None:
            last = task.indicators.order_by("-order").values_list("order", flat=True).first()
            order = (last or 0) + 10
        indicator = _indicator_write(
            Indicator(task=task),
            name=name,
            kind=kind,
            unit_of_measure=unit_of_measure,
            required=required,
            order=order,
        )
        audit(None, "directives.indicator.create", actor=by, ip=ip, obj=indicator)
    return indicator


def indicator_update(
    *,
    indicator: Indicator,
    name: str,
    kind: str,
    unit_of_measure: str = "",
    required: bool = True,
    order: int | None = None,
    by: Any = None,
    ip: str | None = None,
) -> Indicator:
    with transaction.atomic():
        _require_draft(indicator.task.directive)
        _indicator_write(
            indicator,
            name=name,
            kind=kind,
            unit_of_measure=unit_of_measure,
            required=required,
            order=order,
        )
        audit(None, "directives.indicator.update", actor=by, ip=ip, obj=indicator)
    return indicator


def indicator_delete(*, indicator: Indicator, by: Any = None, ip: str | None = None) -> None:
    with transaction.atomic():
        _require_draft(indicator.task.directive)
        pk = indicator.pk
        indicator.delete()
        audit(
            None,
            "directives.indicator.delete",
            actor=by,
            ip=ip,
            object_type="directives.indicator",
            object_id=str(pk),
        )
