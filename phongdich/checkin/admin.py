"""The Django admin (Admin role only) for the check-in data.

Disease profiles are edited here: a new disease needs no code — its tracing
parameters, retention and health-declaration questions are data.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.db import transaction
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from phongdich.checkin.models import DiseaseProfile, Location, Visit
from phongdich.checkin.profiles import QuestionError, validate_questions
from phongdich.checkin.services.profiles import profile_activate
from phongdich.core.audit import client_ip

# The same ranges as tracing_engine.Params.
LIMITS = {
    "days_before_onset": (0, 30),
    "min_overlap_minutes": (0, 1440),
    "open_visit_hours": (1, 24),
    "default_depth": (1, 5),
    "retention_days": (1, 3650),
    "quarantine_days": (0, 365),
    "follow_up_days": (1, 365),
    "declaration_valid_hours": (0, 24 * 14),
}


class DiseaseProfileForm(forms.ModelForm[DiseaseProfile]):
    class Meta:
        model = DiseaseProfile
        fields = [
            "name",
            "days_before_onset",
            "min_overlap_minutes",
            "open_visit_hours",
            "default_depth",
            "retention_days",
            "quarantine_days",
            "follow_up_days",
            "declaration_valid_hours",
            "questions",
        ]

    def clean_questions(self) -> Any:
        questions = self.cleaned_data["questions"]
        try:
            validate_questions(questions)
        except QuestionError as exc:
            raise forms.ValidationError(str(exc)) from None
        return questions

    def clean(self) -> dict[str, Any]:
        super().clean()
        for name, (low, high) in LIMITS.items():
            value = self.cleaned_data.get(name)
            if value is not None and not low <= value <= high:
                self.add_error(
                    name,
                    _("Giá trị phải từ %(low)s đến %(high)s.") % {"low": low, "high": high},
                )
        return self.cleaned_data


@admin.register(DiseaseProfile)
class DiseaseProfileAdmin(admin.ModelAdmin[DiseaseProfile]):
    form = DiseaseProfileForm
    list_display = [
        "name",
        "is_active",
        "days_before_onset",
        "min_overlap_minutes",
        "open_visit_hours",
        "default_depth",
        "retention_days",
    ]
    readonly_fields = ["is_active"]  # switched with the action below, never two at once
    actions = ["make_active"]

    @admin.action(description=_("Áp dụng hồ sơ này cho các lượt check-in mới"))
    def make_active(self, request: HttpRequest, queryset: Any) -> None:
        chosen = queryset.first()
        if chosen is None:
            return
        profile_activate(profile=chosen, user=request.user, ip=client_ip(request))
        self.message_user(request, _("Đã áp dụng hồ sơ “%(name)s”.") % {"name": chosen.name})

    def save_model(
        self, request: HttpRequest, obj: DiseaseProfile, form: Any, change: bool
    ) -> None:
        with transaction.atomic():
            if obj.is_active:  # one active profile: switching is one step
                DiseaseProfile.objects.filter(is_active=True).exclude(pk=obj.pk).update(
                    is_active=False
                )
            super().save_model(request, obj, form, change)


@admin.register(Location)
class LocationAdmin(admin.ModelAdmin[Location]):
    list_display = ["code", "name", "unit", "is_active", "token_revoked", "require_cccd"]
    list_filter = ["is_active", "token_revoked", "unit"]
    search_fields = ["code", "name"]
    readonly_fields = ["poster_token", "manual_code", "token_issued_at"]


@admin.register(Visit)
class VisitAdmin(admin.ModelAdmin[Visit]):
    """Read-only: visits are written by check-ins and imports, never by hand (an edited
    check-out would break the stored effective end that tracing relies on)."""

    list_display = ["id", "location", "check_in", "check_out", "effective_end", "status", "source"]
    list_filter = ["status", "source", "location"]
    date_hierarchy = "check_in"

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
