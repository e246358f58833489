"""Import in the browser's forms: upload or paste → confirm page → draft."""

from __future__ import annotations

from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from phongdich.directives.models import Directive
from phongdich.directives.tests.helpers import SEED_TEXT, DirectiveTestCase
from phongdich.directives.tests.test_parsing import docx_bytes


def confirm_data(response: Any) -> dict[str, Any]:
    """The confirm page's form as the browser would post it back."""
    data: dict[str, Any] = {}
    for form in [response.context["header"], *response.context["formset"].forms]:
        for field in form:
            value = field.value()
            if value is None or value is False:
                continue
            if isinstance(value, list):
                data[field.html_name] = [str(v) for v in value]
            elif hasattr(value, "strftime"):
                data[field.html_name] = value.strftime("%d/%m/%Y")
            else:
                data[field.html_name] = "on" if value is True else str(value)
    management = response.context["formset"].management_form
    for field in management:
        data[field.html_name] = field.value()
    return data


class ImportTests(DirectiveTestCase):
    def upload(self, name: str, content: bytes) -> Any:
        self.login(self.office)
        return self.client.post(
            reverse("directives:import"), {"file": SimpleUploadedFile(name, content)}
        )

    def test_it_shows_the_seed_letter_for_confirmation_with_suggested_units(self) -> None:
        response = self.upload("cong-van.txt", SEED_TEXT.encode())
        self.assertTemplateUsed(response, "directives/import_confirm.html")
        self.assertContains(response, "Văn bản không có số, ký hiệu hoặc ngày")
        forms = {f["number"].value(): f for f in response.context["formset"].forms}
        self.assertEqual(len(forms), 13)
        self.assertEqual(forms["4"]["lead_unit"].value(), self.unit_a.pk)  # Phòng GDNN
        self.assertEqual(forms["8"]["lead_unit"].value(), self.office_unit.pk)
        self.assertEqual(forms["8.3"]["lead_unit"].value(), self.office_unit.pk)
        self.assertEqual(forms["7"]["lead_unit"].value(), self.union_cd.pk)
        self.assertEqual(
            forms["7"]["supporting_units"].value(), [self.union_dtn.pk, self.union_hccb.pk]
        )
        for number in "12356":
            self.assertTrue(forms[number]["all_units"].value(), number)
            self.assertIsNone(forms[number]["lead_unit"].value())

    def test_it_saves_the_confirmed_draft_with_the_number_and_date_typed(self) -> None:
        response = self.upload("cong-van.txt", SEED_TEXT.encode())
        data = confirm_data(response)
        data.update(
            {
                "header-number": "2987",
                "header-symbol": "slđtbxh-vp",
                "header-issued_on": "31/08/2021",
                "header-default_deadline": "30/09/2021",
            }
        )
        response = self.client.post(reverse("directives:import_confirm"), data)
        directive = Directive.objects.get(number=2987)
        self.assertRedirects(response, reverse("directives:detail", args=[directive.pk]))
        self.assertEqual(directive.reference, "2987/SLĐTBXH-VP")
        self.assertEqual(directive.state, Directive.State.DRAFT)
        self.assertEqual(directive.issuer_name, "Vũ Thị Hương")
        self.assertEqual(directive.tasks.count(), 13)
        sub = directive.tasks.get(number="8.2")
        self.assertEqual(sub.parent.number, "8")
        self.assertEqual(sub.deadline.isoformat(), "2021-09-30")
        self.assertIsNone(directive.tasks.get(number="8").deadline)  # a group heading
        self.assertEqual(
            list(directive.tasks.get(number="7").supporting_units.all()),
            [self.union_dtn, self.union_hccb],
        )

    def test_it_reads_a_docx_upload(self) -> None:
        data = docx_bytes(["V/v thử", "1. Giao Văn phòng Sở báo cáo.", "2. Việc hai."])
        response = self.upload("cv.docx", data)
        forms = response.context["formset"].forms
        self.assertEqual([f["number"].value() for f in forms], ["1", "2"])
        self.assertEqual(forms[0]["lead_unit"].value(), self.office_unit.pk)

    def test_it_reads_pasted_text(self) -> None:
        self.login(self.office)
        response = self.client.post(reverse("directives:import"), {"text": SEED_TEXT})
        self.assertEqual(len(response.context["formset"].forms), 13)

    def test_it_explains_a_text_without_numbered_items(self) -> None:
        response = self.upload("cv.txt", "V/v không có mục\n\nNội dung.".encode())
        self.assertTemplateUsed(response, "directives/import.html")
        self.assertContains(response, "Không tìm thấy nhiệm vụ nào được đánh số")

    def test_it_refuses_an_unsupported_or_broken_file(self) -> None:
        response = self.upload("cv.pdf", b"%PDF-1.4")
        self.assertContains(response, "Chỉ nhập được văn bản từ tệp .txt hoặc .docx")
        response = self.upload("cv.docx", b"garbage")
        self.assertContains(response, "bị hỏng")

    def test_it_asks_for_a_file_or_text(self) -> None:
        self.login(self.office)
        response = self.client.post(reverse("directives:import"), {})
        self.assertContains(response, "Chọn tệp .txt/.docx hoặc dán nội dung văn bản.")

    def test_it_keeps_the_confirm_page_with_a_clear_message_on_a_bad_date(self) -> None:
        response = self.upload("cong-van.txt", SEED_TEXT.encode())
        data = confirm_data(response)
        data["header-issued_on"] = "31/02/2021"
        response = self.client.post(reverse("directives:import_confirm"), data)
        self.assertContains(response, "Ngày không hợp lệ")
        self.assertFalse(Directive.objects.filter(subject__contains="COVID-19").exists())

    def test_it_refuses_a_number_already_used_that_year(self) -> None:
        response = self.upload("cong-van.txt", SEED_TEXT.encode())
        data = confirm_data(response)
        data.update(
            {"header-number": "13", "header-symbol": "SLĐTBXH-VP", "header-issued_on": "01/06/2026"}
        )
        response = self.client.post(reverse("directives:import_confirm"), data)
        self.assertContains(response, "Số 13/SLĐTBXH-VP năm 2026 đã được dùng")

    def test_a_unit_head_cannot_import(self) -> None:
        self.login(self.head_a)
        self.assertEqual(self.client.get(reverse("directives:import")).status_code, 403)
        self.assertEqual(self.client.post(reverse("directives:import_confirm")).status_code, 403)
