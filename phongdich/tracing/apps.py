from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TracingConfig(AppConfig):
    name = "phongdich.tracing"
    label = "tracing"
    verbose_name = _("Truy vết")

    def ready(self) -> None:
        from phongdich.checkin import retention as checkin_retention
        from phongdich.tracing import retention

        checkin_retention.register_protected_persons(retention.open_case_persons)
        checkin_retention.register_kept_persons(retention.referenced_persons)
