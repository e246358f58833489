from django.contrib import admin

from phongdich.core.forms import NFCModelForm
from phongdich.org.models import RoleAssignment, Staff, Unit


@admin.register(Unit)
class UnitAdmin(admin.ModelAdmin):
    form = NFCModelForm
    list_display = ["name", "code", "kind", "parent", "is_active"]
    list_filter = ["kind", "is_active"]
    search_fields = ["name", "code", "short_name"]
    autocomplete_fields = ["parent"]


@admin.register(Staff)
class StaffAdmin(admin.ModelAdmin):
    form = NFCModelForm
    list_display = ["full_name", "form_of_address", "staff_code", "unit", "position", "is_active"]
    list_filter = ["is_active", "unit"]
    search_fields = ["full_name", "staff_code"]
    autocomplete_fields = ["unit", "user"]


@admin.register(RoleAssignment)
class RoleAssignmentAdmin(admin.ModelAdmin):
    form = NFCModelForm
    list_display = ["user", "role", "unit"]
    list_filter = ["role"]
    autocomplete_fields = ["user", "unit"]
