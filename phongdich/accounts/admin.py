from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.contrib.admin.exceptions import NotRegistered
from django.contrib.auth.admin import UserAdmin
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from phongdich.accounts import services
from phongdich.accounts.forms import UserChangeForm, UserCreationForm
from phongdich.accounts.models import User
from phongdich.core.audit import client_ip
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
    actions = ["unlock_login", "reset_second_factor"]

    @admin.action(description=_("Mở khóa đăng nhập (xóa các lần nhập sai)"))
    def unlock_login(self, request: HttpRequest, queryset: QuerySet[Any]) -> None:
        ip = client_ip(request)
        for user in queryset:
            services.login_unlock(user=user, actor=request.user, ip=ip)
        n = queryset.count()
        self.message_user(
            request,
            gettext("Đã mở khóa đăng nhập %(n)d tài khoản.") % {"n": n},
            messages.SUCCESS,
        )

    @admin.action(description=_("Đặt lại xác thực hai lớp (mất điện thoại)"))
    def reset_second_factor(self, request: HttpRequest, queryset: QuerySet[Any]) -> None:
        ip = client_ip(request)
        for user in queryset:
            services.two_factor_reset(user=user, actor=request.user, ip=ip)
        n = queryset.count()
        self.message_user(
            request,
            gettext(
                "Đã đặt lại xác thực hai lớp của %(n)d tài khoản; người dùng sẽ đăng ký lại "
                "khi đăng nhập."
            )
            % {"n": n},
            messages.SUCCESS,
        )


# The TOTP secrets are not for the admin's eyes: a second factor is reset (the action
# above), never read or edited.
try:
    from django_otp.plugins.otp_totp.models import TOTPDevice

    admin.site.unregister(TOTPDevice)
except NotRegistered:
    pass
