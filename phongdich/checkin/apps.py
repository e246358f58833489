from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CheckinConfig(AppConfig):
    name = "phongdich.checkin"
    label = "checkin"
    verbose_name = _("Check-in và khai báo y tế")

    def ready(self) -> None:
        from phongdich.checkin import signals  # noqa: F401  (schedules the daily purge)
        from phongdich.core.navigation import NavItem, register
        from phongdich.core.roles import Role

        register(
            NavItem(
                "checkin:guard_index",
                _("Bàn bảo vệ"),
                _("Ai đang ở trong, khai báo cần xử lý, check-in hộ người không có điện thoại."),
                roles={Role.GUARD, Role.ADMIN},
                order=10,
            )
        )
        register(
            NavItem(
                "checkin:gates_index",
                _("Cổng check-in và mã QR"),
                _("Quản lý cổng, in áp phích mã QR, thu hồi hoặc cấp lại mã."),
                roles={Role.OFFICE, Role.ADMIN, Role.UNIT_HEAD, Role.IT},
                order=20,
            )
        )
        register(
            NavItem(
                "checkin:log_index",
                _("Nhật ký ra vào"),
                _("Tra cứu lượt check-in theo đơn vị, thời gian; xuất Excel."),
                roles={Role.OFFICE, Role.ADMIN, Role.UNIT_HEAD, Role.DIRECTOR, Role.TRACER},
                order=30,
            )
        )
        from phongdich.checkin import (
            mine,  # noqa: F401  (its blocks of the home page)
            report_section,  # noqa: F401  (its section of the báo cáo)
            tiles,  # noqa: F401  (its tiles of the Director's home)
        )
