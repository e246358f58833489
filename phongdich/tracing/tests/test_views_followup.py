"""Following contacts up: their status, a day grid of entries, and turning one into a case."""

from __future__ import annotations

import json
from datetime import timedelta
from typing import Any

from django.urls import reverse
from django.utils import timezone

from phongdich.core.models import AuditEvent
from phongdich.core.tests.base import BaseTestCase
from phongdich.tracing import selectors, services
from phongdich.tracing.models import Case, Contact, FollowUp
from phongdich.tracing.tests.outbreak import F1_NAME, F1_PHONE, make_outbreak, yesterday


class FollowUpTest(BaseTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        make_outbreak(cls)

    def setUp(self) -> None:
        self.case = services.case_create(
            person=self.f0_person, onset=yesterday(), user=self.tracer, staff=self.staff_a
        )
        services.case_trace(case=self.case, user=self.tracer)
        self.f1 = Contact.objects.get(person=self.f1_person)
        self.url = reverse("tracing:contact_detail", args=[self.f1.pk])
        self.login(self.tracer)

    def record(self, **data: Any) -> Any:
        base = {
            "fu-day": timezone.localdate().strftime("%d/%m/%Y"),
            "fu-status": "home_quarantine",
            "fu-note": "",
        }
        return self.client.post(
            reverse("tracing:followup_record", args=[self.f1.pk]), {**base, **data}
        )

    def test_the_status_list_offers_the_go_data_statuses_and_promotion_for_positive(self) -> None:
        response = self.client.get(self.url)
        for label in (
            "Chưa liên hệ",
            "Đã liên hệ",
            "Cách ly tại nhà",
            "Cách ly tập trung",
            "Xét nghiệm âm tính",
            "Hết theo dõi",
        ):
            self.assertContains(response, f">{label}</option>")
        self.assertContains(response, "Chuyển thành ca bệnh")

    def test_setting_a_status_saves_it(self) -> None:
        response = self.client.post(
            reverse("tracing:contact_status", args=[self.f1.pk]), {"st-status": "contacted"}
        )
        self.assertRedirects(response, self.url, fetch_redirect_response=False)
        self.f1.refresh_from_db()
        self.assertEqual(self.f1.status, Contact.Status.CONTACTED)

    def test_an_unknown_status_is_refused(self) -> None:
        response = self.client.post(
            reverse("tracing:contact_status", args=[self.f1.pk]), {"st-status": "positive"}
        )
        self.assertContains(response, "Tình trạng đã chọn không hợp lệ.", status_code=400)
        self.f1.refresh_from_db()
        self.assertEqual(self.f1.status, Contact.Status.NOT_CONTACTED)

    def test_the_day_grid_shows_recorded_and_missing_days_with_who_recorded_them(self) -> None:
        first, last = selectors.followup_period(contact=self.f1)
        self.assertEqual(first, yesterday())
        response = self.record(
            **{"fu-day": first.strftime("%d/%m/%Y"), "fu-has_symptoms": "on", "fu-note": "Ho nhẹ"}
        )
        self.assertRedirects(response, self.url, fetch_redirect_response=False)
        entry = FollowUp.objects.get()
        self.assertEqual((entry.day, entry.has_symptoms, entry.note), (first, True, "Ho nhẹ"))
        self.assertEqual(entry.recorded_by, self.tracer)
        response = self.client.get(self.url)
        html = response.content.decode()
        recorded = html.split(f'id="day-{first:%Y%m%d}"')[1].split("</tr>")[0]
        self.assertTrue(html.split(f'id="day-{first:%Y%m%d}"')[1].startswith(' class="recorded"'))
        self.assertIn("Ho nhẹ", recorded)
        self.assertIn("Truy Vết", recorded)  # the tracer's name
        self.assertIn(timezone.localtime(entry.recorded_at).strftime("%d/%m/%Y %H:%M"), recorded)
        today = timezone.localdate()
        missing = html.split(f'id="day-{today:%Y%m%d}"')[1].split("</tr>")[0]
        self.assertIn("Chưa ghi", missing)
        days = response.context["days"]
        self.assertEqual(len(days), (last - first).days + 1)
        self.assertTrue(days[-1].future)

    def test_a_day_outside_the_period_or_in_the_future_is_refused(self) -> None:
        before = yesterday() - timedelta(days=1)
        response = self.record(**{"fu-day": before.strftime("%d/%m/%Y"), "fu-note": "giữ lại"})
        self.assertContains(response, "nằm ngoài thời gian theo dõi", status_code=400)
        self.assertContains(response, "giữ lại", status_code=400)
        tomorrow = timezone.localdate() + timedelta(days=1)
        response = self.record(**{"fu-day": tomorrow.strftime("%d/%m/%Y")})
        self.assertContains(response, "chưa tới", status_code=400)
        self.assertFalse(FollowUp.objects.exists())

    def test_the_follow_up_list_shows_each_contact_and_is_audit_logged(self) -> None:
        self.record()
        AuditEvent.objects.all().delete()
        response = self.client.get(reverse("tracing:followup_list", args=[self.case.pk]))
        self.assertContains(response, F1_NAME)
        self.assertContains(response, F1_PHONE)
        self.assertContains(response, "1/2")  # yesterday missing, today recorded
        event = AuditEvent.objects.get(action="tracing.contacts.view")
        self.assertEqual(event.object_id, str(self.case.pk))
        self.assertEqual(event.detail["page"], "followup")
        self.assertNotIn(F1_PHONE, json.dumps(event.detail))

    def test_a_contact_page_is_audit_logged_too(self) -> None:
        AuditEvent.objects.all().delete()
        self.client.get(self.url)
        event = AuditEvent.objects.get(action="tracing.contacts.view")
        self.assertEqual(event.detail, {"contact": self.f1.pk, "page": "contact"})

    def test_promoting_a_contact_makes_a_case_that_can_be_traced_again(self) -> None:
        onset = timezone.localdate()
        response = self.client.post(
            reverse("tracing:contact_promote", args=[self.f1.pk]),
            {"pr-onset": onset.strftime("%d/%m/%Y"), "pr-isolated_at": ""},
        )
        new = Case.objects.get(source_contact=self.f1)
        self.assertRedirects(
            response, reverse("tracing:case_detail", args=[new.pk]), fetch_redirect_response=False
        )
        self.assertEqual((new.person, new.onset), (self.f1_person, onset))
        self.f1.refresh_from_db()
        self.assertEqual(self.f1.status, Contact.Status.POSITIVE)
        response = self.client.get(reverse("tracing:case_detail", args=[new.pk]))
        self.assertContains(response, "Chuyển từ F1")
        self.client.post(reverse("tracing:case_trace", args=[new.pk]))
        self.assertEqual(
            sorted(c.person.full_name for c in Contact.objects.filter(case=new)),
            sorted(["Nguyễn Văn Ạ", "Phạm Văn Yên"]),
        )
        response = self.client.get(self.url)
        self.assertContains(response, "Người này đã thành ca bệnh")

    def test_a_promotion_with_a_future_onset_is_refused(self) -> None:
        tomorrow = timezone.localdate() + timedelta(days=1)
        response = self.client.post(
            reverse("tracing:contact_promote", args=[self.f1.pk]),
            {"pr-onset": tomorrow.strftime("%d/%m/%Y")},
        )
        self.assertContains(response, "ở tương lai", status_code=400)
        self.assertFalse(Case.objects.filter(source_contact=self.f1).exists())
