from django.contrib import admin

from phongdich.privacy.models import Incident


@admin.register(Incident)
class IncidentAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ("title", "discovered_at", "status", "affected_count")
    list_filter = ("status",)
    readonly_fields = ("created_by", "created_at", "updated_at")
