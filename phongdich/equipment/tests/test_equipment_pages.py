from django.urls import reverse

from phongdich.core.models import AuditEvent
from phongdich.equipment.models import Checkout, Equipment, EquipmentEvent
from phongdich.equipment.tests.helpers import EquipmentTestCase, kind, make_equipment


class ListTests(EquipmentTestCase):
    def test_a_unit_head_sees_their_units_equipment_only(self) -> None:
        self.login(self.head_a)
        response = self.client.get(reverse("equipment:list"))
        self.assertContains(response, "TS-A-01")
        self.assertContains(response, "TS-A-02")
        self.assertNotContains(response, "TS-B-01")

    def test_staff_see_only_what_they_hold(self) -> None:
        self.login(self.staff_user)
        response = self.client.get(reverse("equipment:list"))
        self.assertContains(response, "TS-A-01")
        self.assertNotContains(response, "TS-A-02")

    def test_the_it_team_and_the_office_see_all(self) -> None:
        for user in (self.it, self.office):
            self.login(user)
            response = self.client.get(reverse("equipment:list"))
            self.assertContains(response, "TS-B-01")
            self.assertContains(response, "TS-A-02")

    def test_the_list_query_count_does_not_grow_with_the_rows(self) -> None:
        self.login(self.it)
        url = reverse("equipment:list")
        self.client.get(url)
        with self.assertNumQueries(15):
            self.client.get(url)
        for n in range(20):
            make_equipment(self.unit_b, asset_code=f"X-{n}", holder=None)
        with self.assertNumQueries(15):
            response = self.client.get(url, {"condition": "good"})
        self.assertContains(response, "X-19")

    def test_filters_by_unit_and_text(self) -> None:
        self.login(self.it)
        response = self.client.get(reverse("equipment:list"), {"unit": self.unit_b.pk})
        self.assertContains(response, "TS-B-01")
        self.assertNotContains(response, "TS-A-01")
        response = self.client.get(reverse("equipment:list"), {"q": "sna2"})
        self.assertContains(response, "TS-A-02")
        self.assertNotContains(response, "TS-A-01")


class DetailTests(EquipmentTestCase):
    def test_another_units_record_is_a_404_by_id(self) -> None:
        self.login(self.head_b)
        url = reverse("equipment:detail", args=[self.laptop_a.pk])
        self.assertEqual(self.client.get(url).status_code, 404)
        self.assertEqual(
            self.client.get(reverse("equipment:edit", args=[self.laptop_a.pk])).status_code, 404
        )

    def test_staff_open_what_they_hold_and_nothing_else(self) -> None:
        self.login(self.staff_user)
        self.assertEqual(
            self.client.get(reverse("equipment:detail", args=[self.laptop_a.pk])).status_code, 200
        )
        self.assertEqual(
            self.client.get(reverse("equipment:detail", args=[self.laptop_team.pk])).status_code,
            404,
        )

    def test_the_detail_query_count_is_pinned(self) -> None:
        self.login(self.head_a)
        url = reverse("equipment:detail", args=[self.laptop_a.pk])
        self.client.get(url)
        with self.assertNumQueries(15):
            self.client.get(url)


class EditTests(EquipmentTestCase):
    def form(self, **overrides: object) -> dict[str, object]:
        data = {
            "kind": kind("laptop").pk,
            "unit": self.unit_a.pk,
            "asset_code": "TS-A-01",
            "model_name": "Dell Latitude 3420",
            "serial": "SNA1",
            "year_acquired": "2021",
            "condition": "good",
            "location": "office",
            "holder": "",
            "os_supported": "on",
            "certificate_expiry": "",
            "note": "",
        }
        data.update(overrides)
        return data

    def test_an_edit_records_who_when_and_what(self) -> None:
        self.login(self.head_a)
        url = reverse("equipment:edit", args=[self.laptop_a.pk])
        response = self.client.post(url, self.form(condition="repair"))
        self.assertRedirects(response, reverse("equipment:detail", args=[self.laptop_a.pk]))
        event = EquipmentEvent.objects.filter(equipment=self.laptop_a).first()
        self.assertEqual(event.action, "updated")
        self.assertEqual(event.actor, self.head_a)
        self.assertEqual(event.changes["condition"], ["good", "repair"])
        self.assertIn("model_name", event.changes)
        self.assertTrue(
            AuditEvent.objects.filter(
                action="equipment.update", object_id=str(self.laptop_a.pk)
            ).exists()
        )

    def test_a_serial_of_another_unit_is_refused_with_its_unit_named(self) -> None:
        self.login(self.head_a)
        response = self.client.post(
            reverse("equipment:create"), self.form(asset_code="N1", serial="snb1")
        )
        self.assertEqual(response.status_code, 200)
        self.assertContains(
            response, "Số serial SNB1 đã thuộc thiết bị của Trung tâm Dịch vụ việc làm"
        )

    def test_a_unit_head_cannot_create_for_another_unit(self) -> None:
        self.login(self.head_a)
        response = self.client.post(
            reverse("equipment:create"), self.form(asset_code="N2", serial="", unit=self.unit_b.pk)
        )
        self.assertEqual(response.status_code, 200)
        self.assertFalse(Equipment.objects.filter(asset_code="N2").exists())

    def test_it_needs_an_asset_code_or_a_serial(self) -> None:
        self.login(self.it)
        response = self.client.post(
            reverse("equipment:create"), self.form(asset_code="", serial="")
        )
        self.assertContains(response, "Cần có mã tài sản hoặc số serial.")

    def test_text_is_nfc_normalised(self) -> None:
        import unicodedata

        self.login(self.it)
        decomposed = unicodedata.normalize("NFD", "Máy Dell  ")
        self.client.post(
            reverse("equipment:create"),
            self.form(asset_code="N3", serial="", model_name=decomposed),
        )
        self.assertEqual(Equipment.objects.get(asset_code="N3").model_name, "Máy Dell")


class CheckoutTests(EquipmentTestCase):
    def test_check_out_and_return_are_recorded(self) -> None:
        from phongdich.org.models import Staff

        self.login(self.head_a)
        staff = Staff.objects.get(staff_code="SA01")
        url = reverse("equipment:check_out", args=[self.laptop_team.pk])
        self.client.post(url, {"staff": staff.pk, "location": "home"})
        self.laptop_team.refresh_from_db()
        self.assertEqual(self.laptop_team.holder, staff)
        self.assertEqual(self.laptop_team.location, "home")
        self.assertTrue(Checkout.objects.filter(equipment=self.laptop_team, staff=staff).exists())
        self.client.post(reverse("equipment:return", args=[self.laptop_team.pk]))
        self.laptop_team.refresh_from_db()
        self.assertIsNone(self.laptop_team.holder)
        self.assertEqual(
            list(self.laptop_team.events.values_list("action", flat=True))[:2],
            ["returned", "checked_out"],
        )
        self.assertIsNotNone(Checkout.objects.get(equipment=self.laptop_team).returned_at)

    def test_staff_of_another_unit_cannot_receive_it(self) -> None:
        from phongdich.org.models import Staff

        self.login(self.it)
        url = reverse("equipment:check_out", args=[self.laptop_team.pk])
        response = self.client.post(
            url, {"staff": Staff.objects.get(staff_code="SB01").pk, "location": "home"}, follow=True
        )
        self.assertContains(response, "Hãy chọn cán bộ nhận thiết bị.")
        self.laptop_team.refresh_from_db()
        self.assertIsNone(self.laptop_team.holder)

    def test_returning_what_no_one_holds_says_so(self) -> None:
        self.login(self.it)
        response = self.client.post(
            reverse("equipment:return", args=[self.laptop_b.pk]), follow=True
        )
        self.assertContains(response, "Thiết bị chưa giao cho ai nên không thu hồi được.")

    def test_get_is_refused(self) -> None:
        self.login(self.it)
        self.assertEqual(
            self.client.get(reverse("equipment:return", args=[self.laptop_b.pk])).status_code, 405
        )
