from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NewsConfig(AppConfig):
    name = "phongdich.news"
    label = "news"
    verbose_name = _("Tin tức và bản tin")

    def ready(self) -> None:
        from phongdich.core.navigation import NavItem, register

        register(
            NavItem(
                "news:article_list",
                _("Bài viết"),
                _("Viết và gửi bài cho Ban biên tập; Ban biên tập duyệt, trả lại, đăng bài."),
                roles=None,
                order=70,
            )
        )
