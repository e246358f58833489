from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AdoptionConfig(AppConfig):
    name = "phongdich.adoption"
    label = "adoption"
    verbose_name = _("Ứng dụng phòng, chống dịch")

    def ready(self) -> None:
        from phongdich.adoption import signals  # noqa: F401  (daily campaign reminders)
        from phongdich.adoption.roles import EDITORS, READERS, REPORTERS
        from phongdich.core.navigation import NavItem, register

        register(
            NavItem(
                "adoption:mine",
                _("Ứng dụng của tôi"),
                _("Khai báo đã cài, đang dùng Bluezone, PC-Covid, Smart Thanh Hóa… hai lần chạm."),
                roles=None,
                order=64,
            )
        )
        register(
            NavItem(
                "adoption:rates",
                _("Tỷ lệ cài đặt ứng dụng"),
                _("Tỷ lệ theo đơn vị, đoàn thể và toàn Sở; tăng so với tuần trước; xếp hạng."),
                roles=READERS,
                order=65,
            )
        )
        register(
            NavItem(
                "adoption:campaign_list",
                _("Chiến dịch cài đặt ứng dụng"),
                _("Chỉ tiêu, hạn, nhắc người chưa cài, tiến độ của đơn vị."),
                roles=READERS,
                order=66,
            )
        )
        register(
            NavItem(
                "adoption:indicator_list",
                _("Chỉ số chuyển đổi số"),
                _("Văn bản điện tử, hồ sơ trực tuyến mức độ 3, 4, họp trực tuyến theo tháng."),
                roles=EDITORS | REPORTERS | READERS,
                order=67,
            )
        )
        from phongdich.adoption import (
            mine,  # noqa: F401  (its blocks of the home page)
            report_section,  # noqa: F401  (its section of the báo cáo)
            tiles,  # noqa: F401  (its tiles of the Director's home)
        )
