"""Migration 0003: yes/no answers stored as text in either old spelling read as booleans."""

from __future__ import annotations

import importlib
import json
from typing import Any

from django.apps import apps
from django.test import TestCase

from phongdich.checkin.models import Declaration, DiseaseProfile, Location
from phongdich.checkin.profiles import risk_reasons
from phongdich.checkin.selectors.visits import declaration_answers
from phongdich.checkin.services.checkin import declaration_create, person_upsert
from phongdich.org.models import Unit

migration = importlib.import_module("phongdich.checkin.migrations.0003_yes_no_answers_as_booleans")
QUESTIONS = DiseaseProfile._meta.get_field("questions").get_default()


class YesNoAnswersFunctionTests(TestCase):
    def test_both_old_spellings_become_booleans(self) -> None:
        for yes, no in [("1", "0"), ("yes", "no"), ("Yes", "NO"), ("true", "false")]:
            with self.subTest(yes=yes, no=no):
                fixed = migration.yes_no_answers(
                    QUESTIONS, {"contact": yes, "outbreak_travel": no, "symptoms": []}
                )
                self.assertEqual(fixed, {"contact": True, "outbreak_travel": False, "symptoms": []})

    def test_booleans_and_other_kinds_are_left_alone(self) -> None:
        answers = {"contact": True, "outbreak_travel": False, "vaccine_doses": "1"}
        self.assertIsNone(migration.yes_no_answers(QUESTIONS, answers))
        fixed = migration.yes_no_answers(QUESTIONS, {**answers, "contact": "0"})
        self.assertEqual(fixed["vaccine_doses"], "1")  # a choice, not a yes/no

    def test_unknown_text_and_malformed_input_are_left_alone(self) -> None:
        self.assertIsNone(migration.yes_no_answers(QUESTIONS, {"contact": "maybe"}))
        self.assertIsNone(migration.yes_no_answers(QUESTIONS, ["not", "a", "dict"]))
        self.assertIsNone(migration.yes_no_answers(None, {"contact": "1"}))


class YesNoAnswersMigrationTests(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        unit = Unit.objects.create(code="VP", name="Văn phòng Sở")
        cls.gate = Location.objects.create(code="G1", name="Cổng 1", unit=unit)
        cls.profile = DiseaseProfile.active()

    def declare(self, phone: str, answers: dict[str, Any]) -> Declaration:
        """A declaration as an older version stored it (the service refuses text now)."""
        person = person_upsert(identity=phone, full_name="Khách")
        declaration = declaration_create(
            person=person, profile=self.profile, answers={}, is_visitor=False
        )
        declaration.answers = json.dumps(answers, sort_keys=True)
        declaration.save(update_fields=["answers"])
        return declaration

    def test_the_service_stores_yes_no_answers_only_as_booleans(self) -> None:
        person = person_upsert(identity="+84912345009", full_name="Khách")
        with self.assertRaises(ValueError):
            declaration_create(
                person=person, profile=self.profile, answers={"contact": "1"}, is_visitor=False
            )

    def test_it_rewrites_text_answers_and_keeps_the_rest(self) -> None:
        guard_style = self.declare(
            "+84912345001", {"contact": "yes", "outbreak_travel": "no", "vaccine_doses": "1"}
        )
        public_style = self.declare("+84912345002", {"contact": "0", "outbreak_travel": "1"})
        current = self.declare("+84912345003", {"contact": False, "outbreak_travel": True})
        stored = Declaration.objects.get(pk=current.pk).answers

        migration.answers_as_booleans(apps, None)

        guard_style.refresh_from_db()
        self.assertEqual(
            declaration_answers(guard_style),
            {"contact": True, "outbreak_travel": False, "vaccine_doses": "1"},
        )
        public_style.refresh_from_db()
        self.assertEqual(
            declaration_answers(public_style), {"contact": False, "outbreak_travel": True}
        )
        # Readable as every new declaration: the guard's "yes" to a contact is a risk.
        self.assertEqual(
            risk_reasons(self.profile.questions, declaration_answers(guard_style)),
            [QUESTIONS[1]["label"]],
        )
        self.assertEqual(Declaration.objects.get(pk=current.pk).answers, stored)  # untouched

    def test_it_is_safe_to_run_twice(self) -> None:
        self.declare("+84912345001", {"contact": "yes"})
        migration.answers_as_booleans(apps, None)
        migration.answers_as_booleans(apps, None)
        self.assertEqual(declaration_answers(Declaration.objects.get()), {"contact": True})
