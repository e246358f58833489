"""The public form and the guard's manual check-in judge a person alike: one rule for
the name, the phone and the CCCD number, one encoding of the yes/no answers."""

from __future__ import annotations

import unicodedata
from typing import Any

from django.test import TestCase

from phongdich.checkin.forms.guard import ManualCheckinForm
from phongdich.checkin.forms.public import CheckinForm
from phongdich.checkin.models import DiseaseProfile, Location
from phongdich.org.models import Unit


class BothFormsTests(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        cls.unit = Unit.objects.create(code="VP", name="Văn phòng Sở")
        cls.gate = Location.objects.create(code="G1", name="Cổng 1", unit=cls.unit)
        cls.profile = DiseaseProfile.active()

    def forms(self, **person: Any) -> tuple[CheckinForm, ManualCheckinForm]:
        common = {
            "full_name": "Hoàng Thị Lan",
            "phone": "0912345678",
            "cccd": "",
            "q_contact": "0",
            "q_outbreak_travel": "0",
            "q_vaccine_doses": "2",
            "consent": "on",
            **person,
        }
        public = CheckinForm(
            {**common, "is_visitor": "0"}, location=self.gate, profile=self.profile
        )
        guard = ManualCheckinForm(
            {**common, "kind": "staff", "location": self.gate.pk},
            gates=Location.objects.select_related("unit"),
            questions=self.profile.questions,
        )
        return public, guard

    def assert_both_accept(self, field: str, value: str, expected: Any) -> None:
        for form in self.forms(**{field: value}):
            with self.subTest(form=type(form).__name__, value=value):
                self.assertTrue(form.is_valid(), form.errors.as_json())
                self.assertEqual(form.cleaned_data[field], expected)

    def assert_both_refuse(self, field: str, value: str, message: str) -> None:
        for form in self.forms(**{field: value}):
            with self.subTest(form=type(form).__name__, value=value):
                self.assertFalse(form.is_valid())
                self.assertIn(message, " ".join(form.errors.get(field, [])))

    def test_a_name_with_digits_is_refused_by_both(self) -> None:
        for name in ["Nguyễn Văn 2", "Lan 1990", "0912345678"]:
            self.assert_both_refuse("full_name", name, "không được chứa chữ số")

    def test_a_name_longer_than_100_characters_is_refused_by_both(self) -> None:
        self.assert_both_refuse("full_name", "Nguyễn " * 20, "dài quá 100 ký tự")
        self.assert_both_accept("full_name", "A" * 100, "A" * 100)

    def test_an_empty_name_is_refused_by_both(self) -> None:
        self.assert_both_refuse("full_name", "   ", "Vui lòng nhập họ và tên")

    def test_a_name_is_stored_nfc_with_its_spaces_folded_by_both(self) -> None:
        nfd = unicodedata.normalize("NFD", "  Nguyễn   Thị  Ánh ")
        self.assert_both_accept("full_name", nfd, "Nguyễn Thị Ánh")

    def test_a_cccd_is_judged_by_the_same_rule_in_both(self) -> None:
        for typed in ["038090001234", "038 090 001 234", "038.090.001.234", " 038090001234 "]:
            self.assert_both_accept("cccd", typed, "038090001234")
        for bad in ["03809000123", "0380900012345", "03809000123A", "０３８０９０００１２３４"]:
            self.assert_both_refuse("cccd", bad, "đúng 12 chữ số")

    def test_a_cccd_the_gate_requires_is_asked_for_in_the_same_words(self) -> None:
        Location.objects.filter(pk=self.gate.pk).update(require_cccd=True)
        self.gate.refresh_from_db()
        self.assert_both_refuse("cccd", "", "Cổng này yêu cầu nhập số CCCD (12 chữ số).")

    def test_phones_are_normalised_and_refused_alike(self) -> None:
        for typed in ["0912.345.678", "+84 912 345 678", "84912345678"]:
            self.assert_both_accept("phone", typed, "+84912345678")
        for bad in ["12345", "0912abc678", "+1 202 555 0100"]:
            self.assert_both_refuse("phone", bad, "không hợp lệ")

    def test_yes_no_answers_are_posted_and_stored_alike(self) -> None:
        public, guard = self.forms(q_contact="1", q_symptoms=["fever", "cough"])
        self.assertTrue(public.is_valid(), public.errors.as_json())
        self.assertTrue(guard.is_valid(), guard.errors.as_json())
        self.assertEqual(public.answers(), guard.answers())
        self.assertEqual(
            public.answers(),
            {
                "symptoms": ["cough", "fever"],
                "contact": True,
                "outbreak_travel": False,
                "vaccine_doses": "2",
            },
        )

    def test_the_old_guard_spelling_of_yes_and_no_is_no_longer_an_answer(self) -> None:
        for form in self.forms(q_contact="yes"):
            with self.subTest(form=type(form).__name__):
                self.assertFalse(form.is_valid())
                self.assertEqual(list(form.errors), ["q_contact"])
