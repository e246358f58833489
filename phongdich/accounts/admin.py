from django.contrib import admin
from django.contrib.auth.admin import UserAdmin

from phongdich.accounts.forms import UserChangeForm, UserCreationForm
from phongdich.accounts.models import User
from phongdich.core.forms import NFCModelForm
from phongdich.org.models import RoleAssignment


class RoleAssignmentInline(admin.TabularInline):  # type: ignore[type-arg]
    model = RoleAssignment
    form = NFCModelForm
    extra = 0
    autocomplete_fields = ["unit"]


@admin.register(User)
class PhongdichUserAdmin(UserAdmin):  # type: ignore[type-arg]
    form = UserChangeForm
    add_form = UserCreationForm
    inlines = [RoleAssignmentInline]
