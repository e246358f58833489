from django.contrib import admin

from phongdich.equipment.models import (
    Equipment,
    EquipmentEvent,
    EquipmentKind,
    NeedsProposal,
    ProposalBatch,
    ProposalStep,
    ReadinessRule,
    ReviewCampaign,
)


@admin.register(EquipmentKind)
class EquipmentKindAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "is_work_device", "is_signature", "sort_order", "is_active"]
    list_editable = ["sort_order", "is_active"]
    search_fields = ["name", "code", "aliases"]


class EquipmentEventInline(admin.TabularInline):
    model = EquipmentEvent
    extra = 0
    can_delete = False
    fields = ["at", "actor", "action", "changes"]
    readonly_fields = ["at", "actor", "action", "changes"]

    def has_add_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False


@admin.register(Equipment)
class EquipmentAdmin(admin.ModelAdmin):
    """Read-only here: writes go through the services (history and audit)."""

    list_display = ["asset_code", "kind", "model_name", "serial", "unit", "holder", "condition"]
    list_filter = ["kind", "condition", "location"]
    search_fields = ["asset_code", "serial", "model_name"]
    list_select_related = ["kind", "unit", "holder"]
    inlines = [EquipmentEventInline]

    def has_change_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False

    def has_add_permission(self, request):  # type: ignore[no-untyped-def]
        return False


@admin.register(ReadinessRule)
class ReadinessRuleAdmin(admin.ModelAdmin):
    list_display = ["name", "requirement", "applies_to", "is_active", "sort_order"]


@admin.register(ReviewCampaign)
class ReviewCampaignAdmin(admin.ModelAdmin):
    list_display = ["title", "deadline", "created_at"]
    readonly_fields = ["created_by"]


class ProposalStepInline(admin.TabularInline):
    model = ProposalStep
    extra = 0
    can_delete = False
    readonly_fields = ["action", "actor", "at", "quantity", "note"]


@admin.register(NeedsProposal)
class NeedsProposalAdmin(admin.ModelAdmin):
    list_display = ["unit", "kind", "quantity", "approved_quantity", "status", "created_at"]
    list_filter = ["status", "kind"]
    inlines = [ProposalStepInline]

    def has_change_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False


@admin.register(ProposalBatch)
class ProposalBatchAdmin(admin.ModelAdmin):
    list_display = ["subject", "number", "issued_on", "created_at"]
