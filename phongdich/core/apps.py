from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    default = True
    name = "phongdich.core"
    label = "core"
    verbose_name = "Core"

    def ready(self) -> None:
        from phongdich.core.navigation import NavItem, register
        from phongdich.core.roles import Role

        register(
            NavItem(
                "core:jobs",
                _("Tác vụ tự động hằng ngày"),
                _("Lần chạy gần nhất của từng tác vụ; cảnh báo khi một tác vụ ngừng chạy."),
                roles={Role.ADMIN, Role.IT},
                order=900,
            )
        )
        register(
            NavItem(
                "core:audit",
                _("Nhật ký truy cập dữ liệu cá nhân"),
                _("Ai đã xuất dữ liệu cá nhân, lúc nào, dữ liệu gì, vì sao; lọc và xuất Excel."),
                roles={Role.ADMIN, Role.DIRECTOR},
                order=901,
            )
        )


class PhongdichAdminConfig(admin_apps.AdminConfig):
    default = False
    default_site = "phongdich.core.admin_site.AdminSite"
