"""The module's rows of the access table, run here until the lead appends them to ROUTES."""

from __future__ import annotations

from typing import Any

from phongdich.core.tests import test_access as table
from phongdich.equipment.tests.access_rows import EQUIPMENT_ROUTES


class EquipmentAccessTest(table.AccessTest):
    @classmethod
    def setUpTestData(cls) -> None:
        from phongdich.core.tests.base import make_cast

        make_cast(cls)
        cls.route_kwargs = {route.name: route.kwargs(cls) for route in EQUIPMENT_ROUTES}


# Only this module's cases: drop the inherited ones.
for _name in [n for n in dir(table.AccessTest) if n.startswith("test_")]:
    setattr(EquipmentAccessTest, _name, None)


def _case(route: Any, member: str) -> Any:
    def test(self: EquipmentAccessTest) -> None:
        self.check_access(route, member)

    test.__name__ = f"test_{route.name.replace(':', '__')}__{member}"
    return test


for _route in EQUIPMENT_ROUTES:
    for _member in (table.ANONYMOUS, *table.MEMBERS):
        _test = _case(_route, _member)
        assert getattr(EquipmentAccessTest, _test.__name__, None) is None, _route.name
        setattr(EquipmentAccessTest, _test.__name__, _test)


def test_every_equipment_url_has_a_row() -> None:
    names = {n for n in table._named_urls() if n.startswith("equipment:")}
    assert names - {r.name for r in EQUIPMENT_ROUTES} == set()
