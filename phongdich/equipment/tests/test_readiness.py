import datetime as dt
import io

import openpyxl
from django.urls import reverse
from django.utils import timezone

from phongdich.equipment.models import ReadinessRule
from phongdich.equipment.selectors.readiness import readiness_report
from phongdich.equipment.tests.helpers import EquipmentTestCase, kind, make_equipment
from phongdich.org.models import Staff


class ReadinessTests(EquipmentTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.head_staff = Staff.objects.get(user=cls.head_a)
        cls.head_staff.position = "Trưởng phòng"
        cls.head_staff.save()
        today = timezone.localdate()
        make_equipment(
            cls.unit_a,
            asset_code="PC-H",
            kind=kind("desktop"),
            holder=cls.head_staff,
            has_internet=True,
        )
        make_equipment(
            cls.unit_a,
            asset_code="CKS-H",
            kind=kind("signature"),
            holder=cls.head_staff,
            certificate_expiry=today + dt.timedelta(days=10),
        )

    def test_a_person_is_ready_by_the_rules(self) -> None:
        report = readiness_report(user=self.it)
        unit_a = next(u for u in report.units if u.unit == self.unit_a)
        people = {p.staff.pk: p for p in unit_a.people}
        self.assertTrue(people[self.head_staff.pk].ready)
        # The plain staff member holds a laptop with no Internet and has not answered.
        self.assertEqual(people[self.own_staff.pk].reasons, ["Chưa đạt: Có kết nối Internet"])
        self.assertEqual([e.asset_code for e in report.expiring], ["CKS-H"])

    def test_an_expired_certificate_makes_a_signer_not_ready_and_rules_are_data(self) -> None:
        later = timezone.localdate() + dt.timedelta(days=11)
        report = readiness_report(user=self.it, today=later)
        unit_a = next(u for u in report.units if u.unit == self.unit_a)
        head = next(p for p in unit_a.people if p.staff.pk == self.head_staff.pk)
        self.assertEqual(head.reasons, ["Chưa đạt: Người ký văn bản có chữ ký số còn hạn"])
        ReadinessRule.objects.filter(requirement="signature").update(is_active=False)
        report = readiness_report(user=self.it, today=later)
        unit_a = next(u for u in report.units if u.unit == self.unit_a)
        self.assertTrue(next(p for p in unit_a.people if p.staff.pk == self.head_staff.pk).ready)

    def test_the_page_has_a_chart_a_traffic_light_and_is_scoped(self) -> None:
        self.login(self.head_b)
        response = self.client.get(reverse("equipment:readiness"))
        self.assertContains(response, "<svg")
        self.assertContains(response, "Chưa sẵn sàng")
        self.assertNotContains(response, "Phòng Giáo dục nghề nghiệp")
        main = response.content.decode().split("<main", 1)[1]
        self.assertNotIn("<script", main)  # the chart needs no JavaScript

    def test_the_page_query_count_is_pinned(self) -> None:
        self.login(self.it)
        url = reverse("equipment:readiness")
        self.client.get(url)
        with self.assertNumQueries(16):
            self.client.get(url)

    def test_the_export_opens_in_excel(self) -> None:
        self.login(self.office)
        response = self.client.get(reverse("equipment:readiness_export"))
        self.assertEqual(response.status_code, 200)
        book = openpyxl.load_workbook(io.BytesIO(response.content))
        self.assertIn("Tỷ lệ sẵn sàng", book.sheetnames)
        text = " ".join(str(c.value) for row in book["Chưa sẵn sàng"].iter_rows() for c in row)
        self.assertIn("Cán Bộ", text)

    def test_the_it_team_edits_a_rule(self) -> None:
        self.login(self.it)
        rule = ReadinessRule.objects.get(requirement="internet")
        response = self.client.post(
            reverse("equipment:rule_edit", args=[rule.pk]),
            {
                "name": "Có Internet",
                "requirement": "internet",
                "applies_to": "everyone",
                "signer_positions": "",
                "sort_order": 5,
            },
        )
        self.assertRedirects(response, reverse("equipment:rules"))
        rule.refresh_from_db()
        self.assertFalse(rule.is_active)
        self.login(self.head_a)
        self.assertEqual(self.client.get(reverse("equipment:rules")).status_code, 403)
