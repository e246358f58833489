"""The public form's fields are built once per profile instance, language and CCCD rule
and shared between requests: what one form does must not reach another."""

from __future__ import annotations

from django.test import TestCase
from django.utils import translation

from phongdich.checkin.forms.public import CheckinForm
from phongdich.checkin.models import DiseaseProfile, Location
from phongdich.checkin.tests.public_helpers import declaration_data
from phongdich.org.models import Unit


class SharedFieldsTests(TestCase):
    def setUp(self) -> None:
        unit = Unit.objects.create(code="VP", name="Văn phòng Sở")
        self.plain = Location.objects.create(code="G1", name="Cổng chính", unit=unit)
        self.strict = Location.objects.create(
            code="G2", name="Cổng phụ", unit=unit, require_cccd=True
        )
        self.profile = DiseaseProfile.active()

    def form(self, location: Location, **overrides: str) -> CheckinForm:
        return CheckinForm(declaration_data(**overrides), location=location, profile=self.profile)

    def test_each_gate_keeps_its_cccd_rule(self) -> None:
        strict = self.form(self.strict)
        self.assertFalse(strict.is_valid())
        self.assertIn("cccd", strict.errors)
        self.assertTrue(self.form(self.plain).is_valid())
        again = self.form(self.strict)
        self.assertFalse(again.is_valid())
        self.assertIn("cccd", again.errors)

    def test_the_fields_are_shared_and_each_form_has_its_own_errors_and_data(self) -> None:
        bad = self.form(self.plain, phone="12")
        good = self.form(self.plain)
        self.assertIs(bad.fields["phone"], good.fields["phone"])
        self.assertIsNot(bad.fields, good.fields)
        self.assertFalse(bad.is_valid())
        self.assertTrue(good.is_valid())
        self.assertNotIn("phone", good.errors)
        self.assertEqual(good.cleaned_data["phone"], "+84912345678")

    def test_the_labels_follow_the_language_of_each_request(self) -> None:
        with translation.override("en"):
            english = str(self.form(self.plain)["consent"].label)
        vietnamese = str(self.form(self.plain)["consent"].label)
        self.assertNotEqual(english, vietnamese)
        self.assertIn("đồng ý", vietnamese)
