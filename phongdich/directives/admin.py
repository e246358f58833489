"""The Django admin (Admin role only) for directives: a view for support staff; the
Office works in the directive pages, where the rules (draft only edits, issuing
freezes the assignments) are enforced."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from phongdich.directives.models import (
    CompiledReport,
    Directive,
    ReminderLog,
    Report,
    Task,
    UrgingNotice,
)


class ReadOnly:
    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class TaskInline(ReadOnly, admin.TabularInline[Task, Directive]):
    model = Task
    fields = ["number", "content", "lead_unit", "deadline", "recurrence", "state"]
    extra = 0


@admin.register(Directive)
class DirectiveAdmin(ReadOnly, admin.ModelAdmin[Directive]):
    list_display = ["__str__", "issued_on", "state", "created_by"]
    list_filter = ["state", "year"]
    search_fields = ["subject", "symbol"]
    inlines = [TaskInline]


@admin.register(Report)
class ReportAdmin(ReadOnly, admin.ModelAdmin[Report]):
    list_display = ["id", "task", "unit", "period_start", "due_on", "state"]
    list_filter = ["state"]


@admin.register(UrgingNotice)
class UrgingNoticeAdmin(ReadOnly, admin.ModelAdmin[UrgingNotice]):
    list_display = ["id", "directive", "created_at", "created_by"]


@admin.register(CompiledReport)
class CompiledReportAdmin(ReadOnly, admin.ModelAdmin[CompiledReport]):
    list_display = ["id", "directive", "period_start", "period_end", "created_by"]


@admin.register(ReminderLog)
class ReminderLogAdmin(ReadOnly, admin.ModelAdmin[ReminderLog]):
    list_display = ["id", "sent_on", "kind", "days"]
