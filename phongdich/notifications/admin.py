from django.contrib import admin

from phongdich.core.forms import NFCModelForm
from phongdich.notifications.models import Notification


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    form = NFCModelForm
    list_display = ["title", "user", "created_at", "read_at"]
    list_filter = ["read_at"]
    search_fields = ["title"]
    raw_id_fields = ["user"]
