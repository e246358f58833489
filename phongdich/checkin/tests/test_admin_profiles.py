from __future__ import annotations

import json

from django.urls import reverse

from phongdich.checkin.models import DiseaseProfile, Location
from phongdich.checkin.tests.public_helpers import checkin_url
from phongdich.core.models import AuditEvent
from phongdich.core.tests.base import BaseTestCase

FLU_QUESTIONS = [
    {
        "key": "fever",
        "label": "Anh/chị có sốt trên 38 độ không?",
        "kind": "yesno",
        "risky_values": [True],
    }
]


def profile_form(**overrides: object) -> dict[str, object]:
    data: dict[str, object] = {
        "name": "Cúm A/H5N1",
        "days_before_onset": 1,
        "min_overlap_minutes": 30,
        "open_visit_hours": 6,
        "default_depth": 1,
        "retention_days": 14,
        "quarantine_days": 7,
        "follow_up_days": 10,
        "declaration_valid_hours": 0,
        "questions": json.dumps(FLU_QUESTIONS, ensure_ascii=False),
    }
    data.update(overrides)
    return data


class DiseaseProfileAdminTests(BaseTestCase):
    url = "/quan-tri/checkin/diseaseprofile/add/"

    def test_an_admin_adds_a_new_disease_without_code_and_the_gate_asks_its_questions(
        self,
    ) -> None:
        self.login(self.admin)
        DiseaseProfile.active()  # COVID-19 is active first
        response = self.client.post(self.url, profile_form())
        self.assertEqual(response.status_code, 302)
        flu = DiseaseProfile.objects.get(name="Cúm A/H5N1")
        self.assertEqual(DiseaseProfile.active().name, "COVID-19")  # added, not yet applied
        self.client.post(
            reverse("admin:checkin_diseaseprofile_changelist"),
            {"action": "make_active", "_selected_action": [flu.pk]},
        )
        self.assertEqual(DiseaseProfile.active().name, "Cúm A/H5N1")
        self.assertEqual(DiseaseProfile.objects.filter(is_active=True).count(), 1)
        event = AuditEvent.objects.get(action="checkin.profile.activate")
        self.assertEqual((event.actor, event.object_id), (self.admin, str(flu.pk)))
        gate = Location.objects.create(code="G1", name="Cổng 1", unit=self.office_unit)
        page = self.client.get(checkin_url(gate))
        self.assertContains(page, "Anh/chị có sốt trên 38 độ không?")
        self.assertNotContains(page, "Mất vị giác/khứu giác")

    def test_it_rejects_malformed_questions_with_a_clear_message(self) -> None:
        self.login(self.admin)
        bad = [{"key": "fever", "label": "Sốt?", "kind": "slider"}]
        response = self.client.post(self.url, profile_form(questions=json.dumps(bad)))
        self.assertContains(response, "“kind” phải là multi, yesno hoặc choice")
        self.assertFalse(DiseaseProfile.objects.filter(name="Cúm A/H5N1").exists())

    def test_it_rejects_parameters_the_tracing_engine_cannot_use(self) -> None:
        self.login(self.admin)
        response = self.client.post(self.url, profile_form(default_depth=9, open_visit_hours=0))
        self.assertContains(response, "Giá trị phải từ 1 đến 5.")
        self.assertContains(response, "Giá trị phải từ 1 đến 24.")

    def test_only_the_admin_role_reaches_it(self) -> None:
        self.login(self.office)
        self.assertEqual(self.client.get(self.url).status_code, 403)
        self.login(self.admin)
        self.assertEqual(
            self.client.get(reverse("admin:checkin_diseaseprofile_changelist")).status_code, 200
        )
