from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EquipmentConfig(AppConfig):
    name = "phongdich.equipment"
    label = "equipment"
    verbose_name = _("Thiết bị CNTT")

    def ready(self) -> None:
        from phongdich.core.navigation import NavItem, register
        from phongdich.equipment.roles import MANAGERS, READERS

        register(
            NavItem(
                "equipment:list",
                _("Thiết bị CNTT"),
                _("Danh mục thiết bị theo đơn vị, giao nhận, nhập từ tệp Excel."),
                roles=MANAGERS | READERS,
                order=61,
            )
        )
        register(
            NavItem(
                "equipment:my_review",
                _("Thiết bị của tôi"),
                _("Xác nhận thiết bị đang giữ, báo hỏng, mất; trả lời phiếu sẵn sàng làm việc."),
                roles=None,
                order=60,
            )
        )
        register(
            NavItem(
                "equipment:campaign_list",
                _("Rà soát thiết bị"),
                _("Các đợt rà soát: ai chưa trả lời, nhắc một lần bấm."),
                roles=READERS,
                order=62,
            )
        )
        register(
            NavItem(
                "equipment:proposal_list",
                _("Đề xuất nhu cầu thiết bị"),
                _("Đơn vị đề xuất, trưởng đơn vị duyệt, Tổ CNTT thẩm định, Văn phòng tổng hợp."),
                roles=None,
                order=64,
            )
        )
        register(
            NavItem(
                "equipment:readiness",
                _("Sẵn sàng làm việc từ xa"),
                _("Tỷ lệ sẵn sàng theo đơn vị, chứng thư số sắp hết hạn, thiết bị hỏng."),
                roles=READERS,
                order=63,
            )
        )
        from phongdich.equipment import (
            mine,  # noqa: F401  (its blocks of the home page)
            report_section,  # noqa: F401  (its section of the báo cáo)
            tiles,  # noqa: F401  (its tiles of the Director's home)
        )
