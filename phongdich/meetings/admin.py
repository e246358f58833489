from django.contrib import admin

from phongdich.meetings.models import (
    CalendarFeed,
    Conclusion,
    Invitation,
    Meeting,
    MeetingDocument,
    Minutes,
    OnlinePlan,
    PlanItem,
    ReminderSent,
    Series,
)


class InvitationInline(admin.TabularInline):
    model = Invitation
    fk_name = "meeting"
    extra = 0
    fields = ("user", "unit", "reply", "joined_at", "attended")
    readonly_fields = fields
    can_delete = False


@admin.register(Meeting)
class MeetingAdmin(admin.ModelAdmin):
    list_display = ("title", "kind", "start", "host_unit", "status")
    list_filter = ("kind", "status")
    search_fields = ("title",)
    date_hierarchy = "start"
    inlines = [InvitationInline]
    readonly_fields = ("uid", "series", "original_start", "sequence")


admin.site.register(Series)
admin.site.register(MeetingDocument)
admin.site.register(Minutes)
admin.site.register(Conclusion)
admin.site.register(OnlinePlan)
admin.site.register(PlanItem)
admin.site.register(ReminderSent)


@admin.register(CalendarFeed)
class CalendarFeedAdmin(admin.ModelAdmin):
    list_display = ("user", "created_at", "revoked_at")
    exclude = ("token",)
