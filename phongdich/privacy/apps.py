from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PrivacyConfig(AppConfig):
    name = "phongdich.privacy"
    label = "privacy"
    verbose_name = _("Bảo vệ dữ liệu cá nhân")

    def ready(self) -> None:
        from phongdich.core.navigation import NavItem, register
        from phongdich.privacy import signals  # noqa: F401  (the daily requests job)
        from phongdich.privacy.roles import BREACH_ROLES, QUEUE_ROLES

        register(
            NavItem(
                "privacy:request_list",
                _("Yêu cầu về dữ liệu cá nhân"),
                _("Người dân xin xem, sửa, xoá dữ liệu hoặc rút lại sự đồng ý; hạn trả lời."),
                roles=QUEUE_ROLES,
                order=902,
            )
        )

        register(
            NavItem(
                "privacy:incident_list",
                _("Sổ sự cố dữ liệu cá nhân"),
                _("Ghi nhận sự cố, hạn thông báo 72 giờ, văn bản thông báo, người bị ảnh hưởng."),
                roles=BREACH_ROLES,
                order=903,
            )
        )
