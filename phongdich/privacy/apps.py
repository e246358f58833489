from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PrivacyConfig(AppConfig):
    name = "phongdich.privacy"
    label = "privacy"
    verbose_name = _("Bảo vệ dữ liệu cá nhân")

    def ready(self) -> None:
        from phongdich.core.navigation import NavItem, register
        from phongdich.privacy.roles import BREACH_ROLES

        register(
            NavItem(
                "privacy:incident_list",
                _("Sổ sự cố dữ liệu cá nhân"),
                _("Ghi nhận sự cố, hạn thông báo 72 giờ, văn bản thông báo, người bị ảnh hưởng."),
                roles=BREACH_ROLES,
                order=903,
            )
        )
