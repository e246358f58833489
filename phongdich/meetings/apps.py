from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MeetingsConfig(AppConfig):
    name = "phongdich.meetings"
    label = "meetings"
    verbose_name = _("Họp trực tuyến")

    def ready(self) -> None:
        from django.db.models.signals import post_migrate

        from phongdich.core.navigation import NavItem, register
        from phongdich.meetings.tasks import ensure_reminders_scheduled

        post_migrate.connect(ensure_reminders_scheduled, dispatch_uid="meetings_reminders")
        from phongdich.meetings.roles import OFFICE, READERS

        register(
            NavItem(
                "meetings:list",
                _("Lịch họp"),
                _("Giao ban, họp chuyên đề, tập huấn: giấy mời, trả lời, vào họp trực tuyến."),
                roles=None,
                order=40,
            )
        )
        register(
            NavItem(
                "meetings:calendar",
                _("Lịch của tôi"),
                _("Các cuộc họp của tôi theo tuần; đường dẫn lịch iCal cho điện thoại, Outlook."),
                roles=None,
                order=41,
            )
        )
        register(
            NavItem(
                "meetings:figures",
                _("Số liệu họp trực tuyến"),
                _(
                    "Họp trực tuyến và trực tiếp theo đơn vị, tháng; tỷ lệ dự họp; "
                    "kết luận đúng hạn."
                ),
                roles=READERS,
                order=42,
            )
        )
        register(
            NavItem(
                "meetings:plan_list",
                _("Kế hoạch làm việc trực tuyến"),
                _("Dự thảo từ số liệu thực tế, xuất văn bản, ban hành thành nhiệm vụ."),
                roles=OFFICE,
                order=43,
            )
        )
        # The adoption module's digital-work indicators count online meetings from here.
        from phongdich.adoption.hooks import register_online_meetings_counter
        from phongdich.meetings.selectors.figures import online_meetings_count

        register_online_meetings_counter(online_meetings_count)
        from phongdich.meetings import (
            mine,  # noqa: F401  (its blocks of the home page)
            report_section,  # noqa: F401  (its section of the báo cáo)
            tiles,  # noqa: F401  (its tiles of the Director's home)
        )
