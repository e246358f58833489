"""Every export of personal data asks why (issue 9 item 7): the visitor log and a case's
contacts answer 400 with the reason form until a reason is given, and store it in
the audit entry."""

from __future__ import annotations

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from phongdich.checkin.tests.helpers import make_gates, make_visit
from phongdich.core.export_reason import ExportReasonForm
from phongdich.core.models import AuditEvent
from phongdich.core.tests.base import BaseTestCase
from phongdich.tracing import services as tracing
from phongdich.tracing.tests.outbreak import make_outbreak, yesterday


class ExportReasonFormTests(BaseTestCase):
    def test_a_listed_reason_is_stored_as_its_vietnamese_text(self) -> None:
        form = ExportReasonForm({"export_reason": "health"})
        self.assertTrue(form.is_valid(), form.errors)
        self.assertEqual(form.reason_text(), "Truy vết theo yêu cầu của cơ quan y tế")

    def test_other_needs_a_note_and_keeps_it_normalised(self) -> None:
        form = ExportReasonForm({"export_reason": "other"})
        self.assertFalse(form.is_valid())
        self.assertEqual(form.errors["export_note"], ["Vui lòng ghi rõ lý do khi chọn “Khác”."])
        decomposed = "  Theo co\u0302ng va\u0306n 12/SYT  "
        form = ExportReasonForm({"export_reason": "other", "export_note": decomposed})
        self.assertTrue(form.is_valid(), form.errors)
        self.assertEqual(form.reason_text(), "Khác: Theo công văn 12/SYT")

    def test_no_reason_or_an_unknown_one_is_refused_in_vietnamese(self) -> None:
        for data in ({}, {"export_reason": "because"}):
            with self.subTest(data=data):
                form = ExportReasonForm(data)
                self.assertFalse(form.is_valid())
                self.assertEqual(
                    form.errors["export_reason"], ["Vui lòng chọn lý do xuất dữ liệu cá nhân."]
                )

    def test_a_long_note_is_refused(self) -> None:
        form = ExportReasonForm({"export_reason": "other", "export_note": "x" * 201})
        self.assertFalse(form.is_valid())
        self.assertIn("dài quá 200 ký tự", form.errors["export_note"][0])


class VisitLogExportReasonTests(BaseTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        make_gates(cls)
        make_visit(cls.gate_a, phone="+84912345301", name="Lý Thị Hoa")

    def url(self) -> str:
        return reverse("checkin:log_export")

    def test_the_log_page_holds_the_reason_form_next_to_the_export_button(self) -> None:
        self.login(self.office)
        response = self.client.get(reverse("checkin:log_index"), {"kind": "visitor"})
        self.assertContains(response, 'id="export-form"')
        self.assertContains(response, 'name="export_reason"')
        self.assertContains(response, "Truy vết theo yêu cầu của cơ quan y tế")
        self.assertContains(response, '<input type="hidden" name="kind" value="visitor">')

    def test_without_a_reason_the_export_is_a_400_with_the_form_and_the_filters(self) -> None:
        self.login(self.office)
        response = self.client.get(self.url(), {"kind": "visitor"})
        self.assertEqual(response.status_code, 400)
        self.assertEqual(response["Content-Type"], "text/html; charset=utf-8")
        self.assertContains(response, "Vui lòng chọn lý do xuất dữ liệu cá nhân.", status_code=400)
        self.assertContains(
            response, '<input type="hidden" name="kind" value="visitor">', status_code=400
        )
        self.assertFalse(AuditEvent.objects.filter(action="checkin.log.export").exists())

    def test_other_without_a_note_is_a_400(self) -> None:
        self.login(self.office)
        response = self.client.get(self.url(), {"export_reason": "other"})
        self.assertContains(response, "Vui lòng ghi rõ lý do", status_code=400)

    def test_the_reason_is_stored_in_the_audit_entry(self) -> None:
        self.login(self.office)
        response = self.client.get(
            self.url(), {"export_reason": "other", "export_note": "Đối chiếu với sổ bảo vệ"}
        )
        self.assertEqual(response.status_code, 200)
        event = AuditEvent.objects.get(action="checkin.log.export")
        self.assertEqual(event.reason, "Khác: Đối chiếu với sổ bảo vệ")
        self.assertEqual(event.actor, self.office)


class CaseExportReasonTests(BaseTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        make_outbreak(cls)
        cls.case = tracing.case_create(
            person=cls.f0_person, onset=yesterday(), user=cls.tracer, staff=cls.staff_a
        )
        tracing.case_trace(case=cls.case, user=cls.tracer, depth=2)

    def url(self) -> str:
        return reverse("tracing:case_export", args=[self.case.pk])

    def test_the_case_page_holds_the_reason_form(self) -> None:
        self.login(self.tracer)
        response = self.client.get(reverse("tracing:case_detail", args=[self.case.pk]))
        self.assertContains(response, 'id="export-form"')
        self.assertContains(response, 'name="export_reason"')

    def test_without_a_reason_the_export_is_a_400_with_the_form(self) -> None:
        self.login(self.tracer)
        response = self.client.get(self.url())
        self.assertContains(response, "Vui lòng chọn lý do xuất dữ liệu cá nhân.", status_code=400)
        self.assertFalse(AuditEvent.objects.filter(action="tracing.contacts.export").exists())

    def test_the_reason_is_stored_in_the_audit_entry(self) -> None:
        self.login(self.tracer)
        before = timezone.now() - timedelta(seconds=1)
        response = self.client.get(self.url(), {"export_reason": "superior"})
        self.assertEqual(response.status_code, 200)
        event = AuditEvent.objects.get(action="tracing.contacts.export", at__gte=before)
        self.assertEqual(event.reason, "Báo cáo theo yêu cầu của cấp trên")
        self.assertEqual(event.object_id, str(self.case.pk))
