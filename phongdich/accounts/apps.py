from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "phongdich.accounts"
    label = "accounts"
    verbose_name = _("Tài khoản")

    def ready(self) -> None:
        from django.conf import settings
        from django.core.exceptions import ImproperlyConfigured

        from phongdich.core.roles import Role

        unknown = sorted(set(settings.TWO_FACTOR_REQUIRED_ROLES) - set(Role.values))
        if unknown:
            raise ImproperlyConfigured(
                f"TWO_FACTOR_REQUIRED_ROLES names unknown roles {unknown}; "
                f"the roles are {', '.join(Role.values)}"
            )
