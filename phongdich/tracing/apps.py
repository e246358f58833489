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

        # Tracing UI (views.py): links on the home page of tracers and Admins.
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
        from phongdich.tracing import report_section  # noqa: F401  (its section of the báo cáo)
