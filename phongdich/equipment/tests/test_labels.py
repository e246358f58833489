"""The QR label sheet as a printer and a phone see it: decode every QR code of the PDF,
follow its URL as the IT team (the record) and as another unit's head (a 404)."""

from urllib.parse import urlsplit

from django.test import override_settings
from django.urls import resolve, reverse

from phongdich.checkin.tests.test_gates_base import (
    decode_qr,
    pdf_page_image,
    pdf_page_text,
    pdf_pages,
)
from phongdich.equipment import labels
from phongdich.equipment.tests.helpers import EquipmentTestCase, make_equipment

BASE = "https://phongdich.soldtbxh.example.vn"


@override_settings(PUBLIC_BASE_URL=BASE)
class LabelSheetTests(EquipmentTestCase):
    def test_each_qr_code_opens_its_record_for_the_it_team_only(self) -> None:
        items = [self.laptop_a, self.laptop_team]
        pdf = labels.labels_pdf(items)
        self.assertEqual(pdf_pages(pdf), 1)
        found = sorted(decode_qr(pdf_page_image(pdf, dpi=200)))
        self.assertEqual(found, sorted(labels.record_url(i) for i in items))
        for url, item in zip(sorted(found), sorted(items, key=labels.record_url), strict=True):
            path = urlsplit(url).path
            match = resolve(path)
            self.assertEqual((match.view_name, match.kwargs), ("equipment:detail", {"pk": item.pk}))
            self.login(self.it)
            self.assertContains(self.client.get(path), item.asset_code)
            self.login(self.head_b)
            self.assertEqual(self.client.get(path).status_code, 404)

    def test_a_label_carries_the_code_kind_model_and_unit(self) -> None:
        item = make_equipment(self.unit_b, asset_code="TS-B-77", model_name="Dell Latitude 3420")
        text = pdf_page_text(labels.labels_pdf([item]))
        for expected in ("TS-B-77", "Máy tính xách tay", "Dell Latitude 3420", self.unit_b.name):
            self.assertIn(expected, text)

    def test_twenty_four_labels_a_page(self) -> None:
        items = [make_equipment(self.unit_b, asset_code=f"L-{n:02d}") for n in range(25)]
        pdf = labels.labels_pdf(items)
        self.assertEqual(pdf_pages(pdf), 2)
        self.assertEqual(len(decode_qr(pdf_page_image(pdf, 0, dpi=200))), 24)
        self.assertEqual(len(decode_qr(pdf_page_image(pdf, 1, dpi=200))), 1)


@override_settings(PUBLIC_BASE_URL=BASE)
class LabelPageTests(EquipmentTestCase):
    def test_the_it_team_prints_a_unit_or_a_selection(self) -> None:
        self.login(self.it)
        url = reverse("equipment:labels")
        self.assertContains(self.client.get(url), "In nhãn tài sản có mã QR")
        response = self.client.get(url, {"unit": self.unit_a.pk})
        self.assertEqual(response["Content-Type"], "application/pdf")
        found = decode_qr(pdf_page_image(response.content, dpi=200))
        self.assertEqual(
            sorted(found), sorted(labels.record_url(i) for i in (self.laptop_a, self.laptop_team))
        )
        response = self.client.get(url, {"id": [self.laptop_b.pk]})
        self.assertEqual(
            decode_qr(pdf_page_image(response.content, dpi=200)), [labels.record_url(self.laptop_b)]
        )

    def test_nothing_chosen_or_nothing_found_is_explained(self) -> None:
        self.login(self.office)
        url = reverse("equipment:labels")
        response = self.client.get(url, {"q": "x"})
        self.assertContains(response, "Hãy chọn một đơn vị hoặc chọn thiết bị cần in nhãn.")
        response = self.client.get(url, {"unit": self.unit_b.pk, "q": "không-có"})
        self.assertContains(response, "Không có thiết bị nào khớp", status_code=400)
        response = self.client.get(url, {"id": ["abc"]})
        self.assertContains(response, "Mã thiết bị không hợp lệ.")

    def test_unit_heads_and_staff_do_not_print_labels(self) -> None:
        for user in (self.head_a, self.staff_user):
            self.login(user)
            self.assertEqual(self.client.get(reverse("equipment:labels")).status_code, 403)
