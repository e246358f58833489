from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NewsConfig(AppConfig):
    name = "phongdich.news"
    label = "news"
    verbose_name = _("Tin tức và bản tin")

    def ready(self) -> None:
        from phongdich.core.navigation import NavItem, register
        from phongdich.news.roles import STATS_READERS

        register(
            NavItem(
                "news:article_list",
                _("Bài viết"),
                _("Viết và gửi bài cho Ban biên tập; Ban biên tập duyệt, trả lại, đăng bài."),
                roles=None,
                order=70,
            )
        )
        register(
            NavItem(
                "news:stats",
                _("Thống kê tin bài"),
                _("Số bài gửi, đăng, trả lại theo đơn vị, đoàn thể trong kỳ."),
                roles=STATS_READERS,
                order=73,
            )
        )
        register(
            NavItem(
                "news:bulletin_list",
                _("Bản tin văn bản chính thức"),
                _("Văn bản cần đọc và xác nhận “Tôi đã đọc và sẽ thực hiện”."),
                roles=None,
                order=71,
            )
        )
        register(
            NavItem(
                "news:report_list",
                _("Báo tin giả"),
                _("Báo một bài đăng đáng ngờ để Ban biên tập kiểm chứng; xem cảnh báo tin giả."),
                roles=None,
                order=72,
            )
        )
        from phongdich.news import (
            mine,  # noqa: F401  (its blocks of the home page)
            report_section,  # noqa: F401  (its section of the báo cáo)
            tiles,  # noqa: F401  (its tiles of the Director's home)
        )
