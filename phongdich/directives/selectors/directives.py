"""Reads of directives and tasks, always scoped to what the user may see.

* Office and Admin manage every directive; the Director reads every directive, drafts too.
* A unit head reads issued (and closed) directives that assign a task to a unit in their
  scope, and only those tasks (with their group heading for context).
* Nobody else reads any: a directive out of scope is simply not in the queryset (404).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import IO, Any

from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from phongdich.core.audit import audit
from phongdich.core.permissions import has_role, visible_units
from phongdich.core.roles import Role
from phongdich.directives import parsing
from phongdich.directives.inputs import TaskInput
from phongdich.directives.models import (
    ALL_UNITS_KINDS,
    Directive,
    Indicator,
    Task,
    TaskAssignment,
)
from phongdich.org.models import RoleAssignment, Unit

MANAGE_ROLES = frozenset({Role.OFFICE, Role.ADMIN})
READ_ALL_ROLES = frozenset({Role.OFFICE, Role.ADMIN, Role.DIRECTOR})
VIEW_ROLES = READ_ALL_ROLES | {Role.UNIT_HEAD}


def can_manage(user: Any) -> bool:
    return has_role(user, *MANAGE_ROLES)


def reads_all(user: Any) -> bool:
    return has_role(user, *READ_ALL_ROLES)


def head_units(user: Any) -> QuerySet[Unit]:
    """The units a unit head answers for (their unit and the units below it)."""
    return visible_units(user, roles={Role.UNIT_HEAD})


def directives_visible(*, user: Any) -> QuerySet[Directive]:
    if reads_all(user):
        return Directive.objects.all()
    if not has_role(user, Role.UNIT_HEAD):
        return Directive.objects.none()
    assigned = TaskAssignment.objects.filter(
        task__directive=OuterRef("pk"), unit__in=head_units(user)
    )
    return Directive.objects.filter(
        Exists(assigned), state__in=[Directive.State.ISSUED, Directive.State.CLOSED]
    )


def directive_get(*, user: Any, pk: int) -> Directive | None:
    return (
        directives_visible(user=user)
        .select_related("created_by", "issued_by")
        .filter(pk=pk)
        .first()
    )


def directive_list(*, user: Any, state: str = "", year: int | None = None) -> QuerySet[Directive]:
    directives = directives_visible(user=user)
    if state:
        directives = directives.filter(state=state)
    if year:
        directives = directives.filter(year=year)
    return directives.order_by("-year", "-issued_on", "-number", "-pk")


def directive_years(*, user: Any) -> list[int]:
    years = directives_visible(user=user).exclude(year=None).values_list("year", flat=True)
    return sorted({year for year in years if year is not None}, reverse=True)


def tasks_visible(*, user: Any, directive: Directive) -> QuerySet[Task]:
    tasks = Task.objects.filter(directive=directive)
    if reads_all(user):
        return tasks
    units = head_units(user)
    mine = Q(assignments__unit__in=units)
    parent_of_mine = Q(subtasks__assignments__unit__in=units)
    ids = tasks.filter(mine | parent_of_mine).values("pk")
    return tasks.filter(pk__in=ids)


def task_get(*, user: Any, directive: Directive, pk: int) -> Task | None:
    return tasks_visible(user=user, directive=directive).filter(pk=pk).first()


def indicator_get(*, task: Task, pk: int) -> Indicator | None:
    """An indicator of ``task`` (reached through ``task_get``, so already in scope)."""
    return task.indicators.filter(pk=pk).first()


def tasks_for_detail(*, user: Any, directive: Directive) -> list[Task]:
    """The tasks of the detail page, units and indicators fetched in a fixed few queries."""
    return list(
        tasks_visible(user=user, directive=directive)
        .select_related("lead_unit", "parent")
        .prefetch_related(
            Prefetch("supporting_units", queryset=Unit.objects.order_by("path")),
            Prefetch("indicators", queryset=Indicator.objects.order_by("order", "pk")),
            Prefetch(
                "assignments",
                queryset=TaskAssignment.objects.select_related("unit").order_by(
                    "role", "unit__path"
                ),
            ),
            "subtasks",
        )
        .order_by("order", "pk")
    )


def task_parents(*, directive: Directive, task: Task | None = None) -> QuerySet[Task]:
    """The tasks ``task`` may be placed under: top-level items of the directive but itself;
    none for a group (a group stays a top-level item)."""
    parents = directive.tasks.filter(parent=None)
    if task is not None:
        parents = parents.exclude(pk=task.pk)
        if task.subtasks.exists():
            parents = parents.none()
    return parents.order_by("order")


def assignable_units() -> QuerySet[Unit]:
    """Units a task can be given to: every active unit below the Department."""
    return Unit.objects.filter(is_active=True).exclude(kind=Unit.Kind.DEPARTMENT).order_by("path")


def all_units_members() -> QuerySet[Unit]:
    """The units of "tất cả các phòng nghiệp vụ và đơn vị trực thuộc"."""
    return Unit.objects.filter(is_active=True, kind__in=ALL_UNITS_KINDS).order_by("path")


def unit_heads(*, unit_ids: set[int]) -> dict[int, list[Any]]:
    """The active heads of each unit (role given for the unit, or for their own unit)."""
    assignments = (
        RoleAssignment.objects.filter(role=Role.UNIT_HEAD, user__is_active=True)
        .filter(
            Q(unit_id__in=unit_ids)
            | Q(unit__isnull=True, user__staff__unit_id__in=unit_ids, user__staff__is_active=True)
        )
        .select_related("user", "user__staff")
        .order_by("user__username")
    )
    heads: dict[int, list[Any]] = defaultdict(list)
    for ra in assignments:
        unit_id = ra.unit_id or ra.user.staff.unit_id
        if ra.user not in heads[unit_id]:
            heads[unit_id].append(ra.user)
    return heads


# Issuing ----------------------------------------------------------------------------


def directive_number_clash(*, directive: Directive) -> str | None:
    """The message when the directive's number and symbol are already used that year."""
    if directive.number is None or directive.issued_on is None:
        return None
    clash = Directive.objects.filter(
        number=directive.number, symbol=directive.symbol, year=directive.issued_on.year
    ).exclude(pk=directive.pk)
    if not clash.exists():
        return None
    return _("Số %(ref)s năm %(year)s đã được dùng cho một văn bản khác.") % {
        "ref": directive.reference,
        "year": directive.issued_on.year,
    }


def task_number_taken(*, directive: Directive, number: str, task: Task | None = None) -> bool:
    """Another task of ``directive`` already has item number ``number``."""
    clash = directive.tasks.filter(number=number)
    if task is not None:
        clash = clash.exclude(pk=task.pk)
    return clash.exists()


def directive_issue_problems(*, directive: Directive) -> list[str]:
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
    has_members = all_units_members().exists()
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
    if clash := directive_number_clash(directive=directive):
        problems.append(clash)
    return problems


# The signed letter ---------------------------------------------------------------------


def directive_attachment_open(
    *, user: Any, directive: Directive, ip: str | None = None
) -> tuple[IO[bytes], str] | None:
    """The signed letter opened for reading and its name (None: no file, or the file is
    gone); the download is audited."""
    if not directive.attachment:
        return None
    try:
        handle = directive.attachment.open("rb")
    except FileNotFoundError:
        return None
    name = directive.attachment_name or (directive.attachment.name or "").rsplit("/", 1)[-1]
    audit(None, "directives.attachment.download", actor=user, ip=ip, obj=directive)
    return handle, name


# Import suggestions --------------------------------------------------------


@dataclass
class TaskSuggestion(TaskInput):
    """One task of an imported text with the units and deadline suggested for it: a
    ``TaskInput`` as it stands (``dataclasses.replace`` to change a field)."""

    is_group: bool = False


def import_suggestions(*, parsed: parsing.ParsedDirective) -> list[TaskSuggestion]:
    """Lead and supporting units from the names in each item ("Giao Phòng Giáo dục nghề
    nghiệp…" → that division); items addressed to nobody in particular go to every
    division and subordinate unit when the letter is sent to all of them."""
    units = {unit.pk: unit for unit in assignable_units()}
    names = [parsing.UnitName(u.pk, u.name, u.short_name) for u in units.values()]
    to_everyone = parsed.addressed_to_all_units
    suggestions: list[TaskSuggestion] = []
    for task in parsed.all_tasks:
        suggestion = TaskSuggestion(
            number=task.number,
            content=task.content,
            parent=task.parent,
            deadline=task.deadline,
            recurrence=task.recurrence,
            is_group=task.is_group,
        )
        matched = parsing.match_units(task.addressees, names) if task.addressees else []
        if matched:
            suggestion.lead_unit = units[matched[0]]
            suggestion.supporting_units = [units[key] for key in matched[1:]]
        elif task.addressees is None and to_everyone:
            suggestion.all_units = True
        suggestions.append(suggestion)
    return suggestions
