from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SupportConfig(AppConfig):
    name = "phongdich.support"
    label = "support"
    verbose_name = _("Hỗ trợ CNTT")

    def ready(self) -> None:
        from phongdich.core.navigation import NavItem, register
        from phongdich.support import signals  # noqa: F401  (schedules the SLA sweep)
        from phongdich.support.roles import IT_TEAM, TEAM_READERS

        register(
            NavItem(
                "support:request_list",
                _("Hỗ trợ CNTT"),
                _("Gửi yêu cầu hỗ trợ kỹ thuật, theo dõi yêu cầu của bạn và của đơn vị."),
                roles=None,
                order=64,
            )
        )
        register(
            NavItem(
                "support:queue",
                _("Hàng đợi hỗ trợ"),
                _("Yêu cầu của các đơn vị được phân công, hạn tiếp nhận và xử lý."),
                roles=IT_TEAM,
                order=65,
            )
        )
        register(
            NavItem(
                "support:team",
                _("Tổ CNTT"),
                _("Thành viên, đơn vị phụ trách, quyết định kiện toàn Tổ, đối tác."),
                roles=TEAM_READERS,
                order=66,
            )
        )
        register(
            NavItem(
                "support:dashboard",
                _("Theo dõi hỗ trợ CNTT"),
                _("Yêu cầu đang mở, quá hạn, thời gian xử lý theo tuần và đơn vị."),
                roles=TEAM_READERS,
                order=67,
            )
        )
        register(
            NavItem(
                "support:kb_list",
                _("Hướng dẫn sử dụng CNTT"),
                _("Các bài hướng dẫn ngắn: quét mã QR, cài PC-Covid, gia hạn chữ ký số…"),
                roles=None,
                order=68,
            )
        )
        from phongdich.support import (
            mine,  # noqa: F401  (its blocks of the home page)
            report_section,  # noqa: F401  (its section of the báo cáo)
            tiles,  # noqa: F401  (its tiles of the Director's home)
        )
