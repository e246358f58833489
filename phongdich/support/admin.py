from django.contrib import admin

from phongdich.support.models import (
    Article,
    Holiday,
    Partner,
    ServiceLevel,
    SupportRequest,
    TeamMember,
    UnitAssignment,
)


@admin.register(TeamMember)
class TeamMemberAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ["staff", "team_role", "speciality", "is_leader", "absent_until", "is_active"]
    list_select_related = ["staff"]
    raw_id_fields = ["staff"]


@admin.register(UnitAssignment)
class UnitAssignmentAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ["unit", "primary", "backup"]
    list_select_related = ["unit", "primary__staff", "backup__staff"]


@admin.register(Partner)
class PartnerAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ["name", "kind", "purpose", "is_active"]
    exclude = [
        "phone",
        "email",
        "note",
    ]  # personal data: edited in the app, where reads are audited


@admin.register(ServiceLevel)
class ServiceLevelAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ["urgency", "take_minutes", "resolve_minutes", "remind_before_minutes"]


@admin.register(Holiday)
class HolidayAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ["date", "name"]


@admin.register(SupportRequest)
class SupportRequestAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ["pk", "title", "unit", "state", "urgency", "assignee", "created_at"]
    list_filter = ["state", "urgency"]
    list_select_related = ["unit", "assignee__staff"]
    exclude = ["description", "rating_comment", "image_path"]
    readonly_fields = [f for f in ("requester", "opened_by", "unit", "equipment")]


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ["title", "status", "published_at"]
