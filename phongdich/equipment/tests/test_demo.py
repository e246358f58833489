from phongdich.equipment import demo
from phongdich.equipment.models import Equipment, StaffReview
from phongdich.equipment.selectors.readiness import readiness_report
from phongdich.equipment.tests.helpers import EquipmentTestCase


class DemoTests(EquipmentTestCase):
    def test_it_loads_equipment_for_every_unit_a_half_answered_review_and_is_idempotent(self):
        counts = demo.load()
        self.assertGreater(counts["equipment"], 5)
        units = set(
            Equipment.objects.filter(asset_code__startswith="DEMO-").values_list("unit", flat=True)
        )
        self.assertGreaterEqual(len(units), 4)
        self.assertTrue(
            Equipment.objects.filter(asset_code__startswith="DEMO-", condition="broken").exists()
        )
        self.assertGreater(StaffReview.objects.count(), 0)
        report = readiness_report(user=self.it)
        self.assertTrue(any(u.not_ready for u in report.units))
        self.assertTrue(report.expiring)
        again = demo.load()
        self.assertEqual(again["equipment"], 0)
