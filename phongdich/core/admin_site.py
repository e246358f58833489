from django.contrib import admin
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _


class AdminSite(admin.AdminSite):
    """The Django admin, open only to holders of the Admin role."""

    site_header = _("Phòng dịch số · Quản trị")
    site_title = _("Phòng dịch số")
    index_title = _("Quản trị hệ thống")

    def has_permission(self, request: HttpRequest) -> bool:
        from phongdich.core.permissions import has_role
        from phongdich.core.roles import Role

        user = request.user
        return bool(user.is_active and user.is_staff and has_role(user, Role.ADMIN))
