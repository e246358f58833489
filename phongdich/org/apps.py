from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrgConfig(AppConfig):
    name = "phongdich.org"
    label = "org"
    verbose_name = _("Tổ chức")

    def ready(self) -> None:
        from phongdich.core.navigation import NavItem, register
        from phongdich.core.roles import Role

        register(
            NavItem(
                "org:staff_list",
                _("Danh bạ cán bộ"),
                _("Tra cứu cán bộ theo đơn vị, số điện thoại, mã cán bộ."),
                roles={
                    Role.DIRECTOR,
                    Role.OFFICE,
                    Role.ADMIN,
                    Role.UNIT_HEAD,
                    Role.TRACER,
                    Role.IT,
                },
            )
        )
        register(
            NavItem(
                "org:staff_import",
                _("Nhập danh sách cán bộ"),
                _("Tải lên tệp .xlsx hoặc .csv để thêm hoặc cập nhật cán bộ."),
                roles={Role.OFFICE, Role.ADMIN, Role.UNIT_HEAD},
            )
        )
        register(
            NavItem(
                "org:unit_list",
                _("Cơ cấu tổ chức"),
                _("Sở, Văn phòng, các phòng nghiệp vụ, đơn vị trực thuộc và đoàn thể."),
                roles=None,
            )
        )
