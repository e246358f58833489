from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TracingConfig(AppConfig):
    name = "phongdich.tracing"
    label = "tracing"
    verbose_name = _("Truy vết")

    def ready(self) -> None:
        from phongdich.checkin import retention as checkin_retention
        from phongdich.tracing import retention

        # checkin.retention is being written alongside: accept either spelling of its hook.
        protect = getattr(checkin_retention, "register_protected_provider", None) or getattr(
            checkin_retention, "register_protected_persons", None
        )
        if protect is not None:
            protect(retention.open_case_persons)
        keep = getattr(checkin_retention, "register_kept_persons", None)
        if keep is not None:
            keep(retention.referenced_persons)
