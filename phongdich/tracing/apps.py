from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TracingConfig(AppConfig):
    name = "phongdich.tracing"
    label = "tracing"
    verbose_name = _("Truy vết")

    def ready(self) -> None:
        from phongdich.tracing import retention

        # Fails the start (ImproperlyConfigured) when checkin.retention lacks a hook.
        retention.register_hooks()

        # Tracing UI (views/): links on the home page of tracers and Admins.
        from phongdich.core.navigation import NavItem, register
        from phongdich.core.roles import Role

        register(
            NavItem(
                "tracing:dashboard",
                _("Truy vết"),
                _("Ca bệnh đang điều tra, người tiếp xúc theo đơn vị và theo dõi hằng ngày."),
                roles={Role.TRACER, Role.ADMIN},
                order=40,
            )
        )
        register(
            NavItem(
                "tracing:case_create",
                _("Ghi nhận ca bệnh (F0)"),
                _("Từ danh bạ cán bộ, nhật ký ra vào hoặc số điện thoại; rồi truy vết F1, F2."),
                roles={Role.TRACER, Role.ADMIN},
                order=41,
            )
        )
        from phongdich.tracing import (
            report_section,  # noqa: F401  (its section of the báo cáo)
            tiles,  # noqa: F401  (its tiles of the Director's home)
        )
