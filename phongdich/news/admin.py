"""Read-mostly admin views of the news module; writes go through the pages (services)."""

from django.contrib import admin

from phongdich.news.models import Acknowledgement, Article, Bulletin, FalseNewsReport


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ["title", "unit", "author", "status", "published_at"]
    list_filter = ["status", "topic"]
    search_fields = ["title"]
    readonly_fields = [f.name for f in Article._meta.fields]

    def has_add_permission(self, request):  # type: ignore[no-untyped-def]
        return False


@admin.register(Bulletin)
class BulletinAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ["number", "issuer", "issued_on", "deadline", "published_at"]
    readonly_fields = ["stored_path", "content_type", "size", "published_by", "published_at"]

    def has_add_permission(self, request):  # type: ignore[no-untyped-def]
        return False


@admin.register(Acknowledgement)
class AcknowledgementAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ["bulletin", "user", "unit", "at", "late"]

    def has_add_permission(self, request):  # type: ignore[no-untyped-def]
        return False

    def has_change_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False

    def has_delete_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False  # an acknowledgement is never undone


@admin.register(FalseNewsReport)
class FalseNewsReportAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ["created_at", "platform", "verdict", "public", "decided_at"]
    list_filter = ["verdict", "platform", "public"]
    readonly_fields = ["reporter", "screenshot_path", "screenshot_type", "decided_by", "decided_at"]
