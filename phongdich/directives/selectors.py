"""Reads of directives and tasks, always scoped to what the user may see.

* Office and Admin manage every directive; the Director reads every directive, drafts too.
* A unit head reads issued (and closed) directives that assign a task to a unit in their
  scope, and only those tasks (with their group heading for context).
* Nobody else reads any: a directive out of scope is simply not in the queryset (404).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet

from phongdich.core.permissions import has_role, visible_units
from phongdich.core.roles import Role
from phongdich.directives import parsing
from phongdich.directives.models import (
    ALL_UNITS_KINDS,
    Directive,
    Indicator,
    Task,
    TaskAssignment,
)
from phongdich.org.models import Unit

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


def directives_visible(user: Any) -> QuerySet[Directive]:
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


def directive_get(user: Any, pk: int) -> Directive | None:
    return directives_visible(user).select_related("created_by", "issued_by").filter(pk=pk).first()


def directive_list(user: Any, *, state: str = "", year: int | None = None) -> QuerySet[Directive]:
    directives = directives_visible(user)
    if state:
        directives = directives.filter(state=state)
    if year:
        directives = directives.filter(year=year)
    return directives.order_by("-year", "-issued_on", "-number", "-pk")


def directive_years(user: Any) -> list[int]:
    years = directives_visible(user).exclude(year=None).values_list("year", flat=True)
    return sorted({year for year in years if year is not None}, reverse=True)


def tasks_visible(user: Any, directive: Directive) -> QuerySet[Task]:
    tasks = Task.objects.filter(directive=directive)
    if reads_all(user):
        return tasks
    units = head_units(user)
    mine = Q(assignments__unit__in=units)
    parent_of_mine = Q(subtasks__assignments__unit__in=units)
    ids = tasks.filter(mine | parent_of_mine).values("pk")
    return tasks.filter(pk__in=ids)


def task_get(user: Any, directive: Directive, pk: int) -> Task | None:
    return tasks_visible(user, directive).filter(pk=pk).first()


def tasks_for_detail(user: Any, directive: Directive) -> list[Task]:
    """The tasks of the detail page, units and indicators fetched in a fixed few queries."""
    return list(
        tasks_visible(user, directive)
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


def assignable_units() -> QuerySet[Unit]:
    """Units a task can be given to: every active unit below the Department."""
    return Unit.objects.filter(is_active=True).exclude(kind=Unit.Kind.DEPARTMENT).order_by("path")


def all_units_members() -> QuerySet[Unit]:
    """The units of "tất cả các phòng nghiệp vụ và đơn vị trực thuộc"."""
    return Unit.objects.filter(is_active=True, kind__in=ALL_UNITS_KINDS).order_by("path")


# Import suggestions --------------------------------------------------------


@dataclass
class TaskSuggestion:
    """One task of an imported text with the units and deadline suggested for it."""

    number: str
    content: str
    parent: str | None = None
    lead_unit: Unit | None = None
    supporting_units: list[Unit] = field(default_factory=list)
    all_units: bool = False
    deadline: date | None = None
    recurrence: str = Task.Recurrence.ONCE
    is_group: bool = False


def import_suggestions(parsed: parsing.ParsedDirective) -> list[TaskSuggestion]:
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
