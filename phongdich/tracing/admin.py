"""The Django admin (Admin role only) for tracing data: read-mostly; tracers work in
the tracing pages, which audit every view."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from phongdich.core.forms import NFCModelForm
from phongdich.tracing.models import Case, Contact, FollowUp, TraceRun


class ReadOnly:
    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Case)
class CaseAdmin(admin.ModelAdmin[Case]):
    form = NFCModelForm
    list_display = ["id", "unit", "onset", "isolated_at", "status", "created_at"]
    list_filter = ["status", "unit"]
    readonly_fields = ["person", "staff", "source_contact", "created_by", "created_at"]
    exclude = ["notes"]


@admin.register(TraceRun)
class TraceRunAdmin(ReadOnly, admin.ModelAdmin[TraceRun]):
    form = NFCModelForm
    list_display = ["id", "case", "status", "depth", "contact_count", "duration_ms", "created_at"]
    list_filter = ["status"]
    exclude = ["result_json"]


@admin.register(Contact)
class ContactAdmin(ReadOnly, admin.ModelAdmin[Contact]):
    form = NFCModelForm
    list_display = ["id", "case", "level", "exposed_at", "location", "status"]
    list_filter = ["level", "status"]


@admin.register(FollowUp)
class FollowUpAdmin(ReadOnly, admin.ModelAdmin[FollowUp]):
    form = NFCModelForm
    list_display = ["id", "contact", "day", "status", "has_symptoms", "recorded_by"]
    exclude = ["note"]
