"""The tracing forms store what a tracer types NFC-normalised and stripped (core.forms)."""

from __future__ import annotations

import unicodedata

from django.urls import reverse
from django.utils import timezone

from phongdich.core.forms import NFCForm
from phongdich.core.tests.base import BaseTestCase
from phongdich.tracing import forms, services
from phongdich.tracing.models import Case, Contact, FollowUp
from phongdich.tracing.tests.outbreak import make_outbreak, yesterday


def nfd(text: str) -> str:
    return unicodedata.normalize("NFD", text)


class TracingFormsNFCTest(BaseTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        make_outbreak(cls)

    def setUp(self) -> None:
        self.login(self.tracer)

    def test_every_tracing_form_is_an_nfc_form(self) -> None:
        for form in (
            forms.CaseCreateForm,
            forms.TraceForm,
            forms.ContactStatusForm,
            forms.FollowUpForm,
            forms.PromoteForm,
        ):
            with self.subTest(form.__name__):
                self.assertTrue(issubclass(form, NFCForm))

    def test_a_decomposed_name_and_note_of_a_new_case_are_stored_composed_and_stripped(
        self,
    ) -> None:
        name, notes = "Đỗ Thị Hà", "Sốt, ho khan\ntừ sáng"
        self.assertNotEqual(nfd(name), name)
        self.client.post(
            reverse("tracing:case_create"),
            {
                "action": "create",
                "source": "phone",
                "phone": " 0987654321 ",
                "full_name": f"  {nfd(name)}\t",
                "onset": timezone.localdate().strftime("%d/%m/%Y"),
                "isolated_at": "",
                "notes": f"\n  {nfd(notes)}  ",
            },
        )
        case = Case.objects.get()
        self.assertEqual(case.person.full_name, name)
        self.assertEqual(case.notes, notes)

    def test_a_decomposed_follow_up_note_is_stored_composed_and_stripped(self) -> None:
        case = services.case_create(
            person=self.f0_person, onset=yesterday(), user=self.tracer, staff=self.staff_a
        )
        services.case_trace(case=case, user=self.tracer)
        contact = Contact.objects.get(person=self.f1_person)
        note = "Đã gọi điện: sức khỏe ổn định"
        self.client.post(
            reverse("tracing:followup_record", args=[contact.pk]),
            {
                "fu-day": timezone.localdate().strftime("%d/%m/%Y"),
                "fu-status": "home_quarantine",
                "fu-note": f"   {nfd(note)} \n",
            },
        )
        self.assertEqual(FollowUp.objects.get(contact=contact).note, note)
