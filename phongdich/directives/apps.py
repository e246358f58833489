from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DirectivesConfig(AppConfig):
    name = "phongdich.directives"
    label = "directives"
    verbose_name = _("Văn bản chỉ đạo và nhiệm vụ")

    def ready(self) -> None:
        from phongdich.core.navigation import NavItem, register
        from phongdich.core.roles import Role
        from phongdich.directives import signals  # noqa: F401  (daily reminders)

        register(
            NavItem(
                "directives:index",
                _("Văn bản chỉ đạo"),
                _("Nhập công văn, giao nhiệm vụ cho đơn vị, thời hạn và chỉ tiêu báo cáo."),
                roles={Role.OFFICE, Role.ADMIN, Role.DIRECTOR, Role.UNIT_HEAD},
                order=40,
            )
        )
        register(
            NavItem(
                "directives:compiled_list",
                _("Báo cáo tổng hợp"),
                _("Theo dõi, đôn đốc đơn vị chậm và lập báo cáo kết quả thực hiện văn bản."),
                roles={Role.OFFICE, Role.ADMIN, Role.DIRECTOR},
                order=41,
            )
        )
        register(
            NavItem(
                "directives:dashboard",
                _("Theo dõi thực hiện nhiệm vụ"),
                _("Tình trạng từng nhiệm vụ theo đơn vị: đúng hạn, quá hạn, đang thực hiện."),
                roles={Role.OFFICE, Role.ADMIN, Role.DIRECTOR, Role.UNIT_HEAD},
                order=41,
            )
        )
        register(
            NavItem(
                "directives:report_list",
                _("Báo cáo của đơn vị"),
                _("Báo cáo kết quả thực hiện các nhiệm vụ được giao cho đơn vị."),
                roles={Role.UNIT_HEAD},
                order=39,
            )
        )
        from phongdich.directives import (
            mine,  # noqa: F401  (its blocks of the home page)
            tiles,  # noqa: F401  (its tiles of the Director's home)
        )
