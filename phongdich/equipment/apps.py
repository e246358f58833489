from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EquipmentConfig(AppConfig):
    name = "phongdich.equipment"
    label = "equipment"
    verbose_name = _("Thiết bị CNTT")

    def ready(self) -> None:
        from phongdich.core.navigation import NavItem, register
        from phongdich.equipment.roles import MANAGERS, READERS  # noqa: F401

        register(
            NavItem(
                "equipment:list",
                _("Thiết bị CNTT"),
                _("Danh mục thiết bị theo đơn vị, giao nhận, nhập từ tệp Excel."),
                roles=MANAGERS | READERS,
                order=61,
            )
        )
