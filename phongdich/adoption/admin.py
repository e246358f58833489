from django.contrib import admin

from phongdich.adoption.models import (
    Campaign,
    DigitalIndicator,
    RequiredApp,
    Union,
    UnionMembership,
)


@admin.register(RequiredApp)
class RequiredAppAdmin(admin.ModelAdmin):
    list_display = ("name", "code", "audience", "required_since", "is_active", "sort_order")
    list_editable = ("is_active", "sort_order")
    search_fields = ("name", "code", "aliases")


class MembershipInline(admin.TabularInline):
    model = UnionMembership
    autocomplete_fields = ("staff",)
    extra = 0


@admin.register(Union)
class UnionAdmin(admin.ModelAdmin):
    list_display = ("name", "code", "sort_order")
    inlines = [MembershipInline]


@admin.register(Campaign)
class CampaignAdmin(admin.ModelAdmin):
    list_display = ("title", "union", "target_percent", "deadline", "state")
    list_filter = ("state",)
    readonly_fields = ("figures", "closed_at")


@admin.register(DigitalIndicator)
class DigitalIndicatorAdmin(admin.ModelAdmin):
    list_display = ("unit", "month", "documents_electronic", "documents_total", "online_meetings")
    list_filter = ("month",)
