from django.contrib import admin
from django.contrib.auth.admin import UserAdmin

from phongdich.accounts.models import User
from phongdich.org.models import RoleAssignment


class RoleAssignmentInline(admin.TabularInline):  # type: ignore[type-arg]
    model = RoleAssignment
    extra = 0
    autocomplete_fields = ["unit"]


@admin.register(User)
class PhongdichUserAdmin(UserAdmin):  # type: ignore[type-arg]
    inlines = [RoleAssignmentInline]
