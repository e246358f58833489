"""The public first visit's lean path: ``clean_submission`` pinned to the form it stands
in for, and ``checkin_first_visit`` pinned to ``checkin_submit``'s rows, its rate
limits and its replay rule."""

from __future__ import annotations

import json
import uuid
from typing import Any

from django.http import QueryDict
from django.test import SimpleTestCase
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from phongdich.checkin import sql
from phongdich.checkin.forms.public import CheckinForm, clean_submission
from phongdich.checkin.models import (
    Declaration,
    DiseaseProfile,
    Location,
    Person,
    PersonCheckin,
    Submission,
    Visit,
)
from phongdich.checkin.presence import open_visit_end
from phongdich.checkin.services.checkin import (
    Checked,
    CheckinError,
    CheckinSource,
    OneTapRefused,
    RateLimited,
    _declaration_row,
    _person_upsert_args,
    _values_statement,
    _visit_row,
    checkin_first_visit,
    checkin_one_tap,
    checkin_submit,
)
from phongdich.checkin.tests.helpers import SAFE
from phongdich.core.models import RateCounter
from phongdich.core.tests.base import BaseTestCase

VALID = {
    "full_name": "Nguyễn Văn Khách",
    "phone": "0912345678",
    "is_visitor": "0",
    "q_contact": "0",
    "q_outbreak_travel": "0",
    "q_vaccine_doses": "2",
    "consent": "on",
}

# Each field's candidates: valid values in several spellings, and invalid ones.
CANDIDATES: dict[str, list[str | None]] = {
    "full_name": [
        "Nguyễn Văn Khách",
        "  hoàng   thị lan ",
        "Nguye\u0302\u0303n Va\u0306n A",  # decomposed (NFD) diacritics
        "",
        "An 2",
        "x" * 101,
        "A\x00B",
        None,
    ],
    "phone": ["0912345678", "+84 912 345 678", "0912-345-678", "12345", "", "0" * 41, None],
    "cccd": ["", "001099012345", "00109901234", "abc", "0010990123456", None],
    "is_visitor": ["0", "1", "2", "", " 1", None],
    "purpose": ["", "Nộp  hồ sơ", "x" * 201, " ", None],
    "host": ["", "Phòng Tổ chức", "x" * 201, None],
    "consent": ["on", "1", "true", "", "0", "false", "FALSE", None],
    "submission_id": [
        None,
        "",
        "6f1c5b8e-0d7a-4a53-9a4e-2b4f0f0e9a11",
        "6F1C5B8E0D7A4A539A4E2B4F0F0E9A11",
        "{6f1c5b8e-0d7a-4a53-9a4e-2b4f0f0e9a11}",
        "not-a-uuid",
    ],
    "q_contact": ["0", "1", "", "yes", None],
    "q_outbreak_travel": ["0", "1", "2", None],
    "q_vaccine_doses": ["0", "2", "3", "4", "", None],
}


@st.composite
def posts(draw: st.DrawFn) -> dict[str, Any]:
    """A valid post with up to three fields changed to another candidate (near the
    boundary, where a lean rule could differ from the form's)."""
    values: dict[str, Any] = {k: VALID.get(k) for k in CANDIDATES}
    for name in draw(st.lists(st.sampled_from(sorted(CANDIDATES)), max_size=3, unique=True)):
        values[name] = draw(st.sampled_from(CANDIDATES[name]))
    return values


SYMPTOMS = st.lists(st.sampled_from(["fever", "cough", "breath", "nope", "fever"]), max_size=3)


def _post(values: dict[str, Any], symptoms: list[str]) -> QueryDict:
    post = QueryDict(mutable=True)
    for name, value in values.items():
        if value is not None:
            post[name] = value
    post.setlist("q_symptoms", symptoms)
    return post


class CleanSubmissionTests(SimpleTestCase):
    """No database: the gates and the profile (the default COVID-19 questions) unsaved."""

    @classmethod
    def setUpClass(cls) -> None:
        super().setUpClass()
        cls.gate = Location(code="G1", name="Cổng 1")
        cls.strict = Location(code="G2", name="Cổng 2", require_cccd=True)
        cls.profile = DiseaseProfile(name="COVID-19")

    def judged_alike(self, post: QueryDict, location: Location) -> dict[str, Any] | None:
        fast = clean_submission(post, location=location, profile=self.profile)
        form = CheckinForm(post, location=location, profile=self.profile)
        if fast is not None:
            self.assertTrue(form.is_valid(), (dict(post.lists()), form.errors))
            self.assertEqual(fast, form.submitted())
        return fast

    @settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(
        values=posts(),
        symptoms=SYMPTOMS,
        strict=st.booleans(),
    )
    def test_whenever_it_answers_the_form_is_valid_and_gives_the_same(
        self, values: dict[str, Any], symptoms: list[str], strict: bool
    ) -> None:
        self.judged_alike(_post(values, symptoms), self.strict if strict else self.gate)

    def test_plain_valid_posts_take_the_lean_path(self) -> None:
        cases = [
            {},
            {"is_visitor": "1", "purpose": " Nộp   hồ sơ ", "host": "Phòng Tổ chức"},
            {"cccd": "001099012345", "phone": "+84 912 345 678"},
            {"submission_id": "6f1c5b8e-0d7a-4a53-9a4e-2b4f0f0e9a11", "q_contact": "1"},
        ]
        for case in cases:
            with self.subTest(case=case):
                fast = self.judged_alike(_post({**VALID, **case}, ["fever"]), self.gate)
                self.assertIsNotNone(fast)
        fast = self.judged_alike(_post({**VALID, "purpose": "x"}, []), self.gate)
        assert fast is not None
        self.assertEqual((fast["purpose"], fast["answers"]["symptoms"]), ("", []))

    def test_every_invalid_post_goes_to_the_form(self) -> None:
        for change in (
            {"phone": "12345"},
            {"consent": ""},
            {"is_visitor": "1"},  # a visitor without purpose and host
            {"q_vaccine_doses": "9"},
            {"full_name": ""},
        ):
            with self.subTest(change=change):
                post = _post({**VALID, **change}, [])
                self.assertIsNone(clean_submission(post, location=self.gate, profile=self.profile))
                self.assertFalse(
                    CheckinForm(post, location=self.gate, profile=self.profile).is_valid()
                )
        post = _post(VALID, [])
        self.assertIsNone(clean_submission(post, location=self.strict, profile=self.profile))


LIMITS = [("checkin:ip:test", 100), ("checkin:phone:test", 100)]


class ServiceTestBase(BaseTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.gate = Location.objects.create(code="G1", name="Cổng 1", unit=cls.office_unit)
        cls.profile = DiseaseProfile.active()

    def values(self, **changes: Any) -> dict[str, Any]:
        return {
            "location": self.gate,
            "profile": self.profile,
            "phone": "0912 345 678",
            "full_name": "  Hoàng   Thị Lan ",
            "cccd": "",
            "answers": SAFE,
            "is_visitor": True,
            "purpose": "Nộp hồ sơ",
            "host": "Phòng Tổ chức",
            "consent": True,
            "submission_id": None,
            **changes,
        }

    def first_visit(self, **changes: Any) -> Any:
        return checkin_first_visit(limits=LIMITS, rate_window=300, **self.values(**changes))

    def rows(self, visit_id: int) -> dict[str, Any]:
        """Everything stored for one first visit, ids and moments left out."""
        # Each row read on its own: on Citus visits are not co-located with people.
        visit = Visit.objects.get(pk=visit_id)
        person = Person.objects.get(pk=visit.person_id)
        declaration = Declaration.objects.get(person_id=person.pk, pk=visit.declaration_id)
        return {
            "person": (person.identity, person.full_name, person.cccd, person.cccd_index),
            "person_staff": person.staff_id,
            "declaration": (
                json.loads(declaration.answers),
                declaration.is_risky,
                declaration.is_visitor,
                declaration.purpose,
                declaration.host,
                declaration.consent_version,
                declaration.consented_at == declaration.declared_at,
                declaration.valid_until
                == self.profile.declaration_valid_until(declaration.declared_at),
            ),
            "visit": (
                visit.location_id,
                visit.unit_id_snapshot,
                visit.source,
                visit.status,
                visit.check_out,
                visit.effective_end
                == open_visit_end(visit.check_in, open_visit_hours=self.profile.open_visit_hours),
                visit.recorded_by_id,
                visit.decision_note,
                visit.check_in >= declaration.declared_at,
            ),
            "cut": list(PersonCheckin.objects.filter(person=person).values_list("location_id")),
        }


class FirstVisitServiceTests(ServiceTestBase):
    def test_the_rows_are_those_checkin_submit_writes(self) -> None:
        for answers in (SAFE, {**SAFE, "symptoms": ["fever"], "contact": True}):
            for visitor in (True, False):
                with self.subTest(answers=answers, visitor=visitor):
                    Person.objects.all().delete()
                    changes = {"answers": answers, "is_visitor": visitor, "cccd": "001099012345"}
                    checked = self.first_visit(**changes)
                    lean = self.rows(checked.visit_id)
                    self.assertEqual(
                        Visit.objects.get(pk=checked.visit_id).person_id, checked.person_id
                    )
                    Person.objects.all().delete()
                    values = self.values(**changes)
                    values.pop("submission_id")
                    visit = checkin_submit(source=CheckinSource.PUBLIC, **values)
                    self.assertEqual(lean, self.rows(visit.pk))

    def test_the_values_are_judged_again(self) -> None:
        with self.assertRaises(CheckinError):
            self.first_visit(phone="12345")
        with self.assertRaises(CheckinError):
            self.first_visit(purpose="  ")
        with self.assertRaises(CheckinError):
            self.first_visit(consent=False)
        self.assertFalse(Visit.objects.exists())
        checked = self.first_visit(is_visitor=False)
        declaration = Visit.objects.get(pk=checked.visit_id).declaration
        assert declaration is not None
        self.assertEqual((declaration.purpose, declaration.host), ("", ""))

    def test_a_refusal_keeps_the_counts_and_writes_nothing(self) -> None:
        limits = [("checkin:ip:a", 100), ("checkin:phone:a", 1)]
        checkin_first_visit(limits=limits, rate_window=300, **self.values())
        with self.assertRaises(RateLimited):
            checkin_first_visit(limits=limits, rate_window=300, **self.values())
        self.assertEqual(Visit.objects.count(), 1)
        counts = dict(RateCounter.objects.values_list("key", "count"))
        self.assertEqual(counts, {"checkin:ip:a": 2, "checkin:phone:a": 2})

    def test_a_replay_is_the_same_visit_and_counts_the_client_only(self) -> None:
        submission = uuid.uuid4()
        first = self.first_visit(submission_id=submission)
        again = self.first_visit(submission_id=submission, full_name="Người Khác")
        self.assertEqual(first, again)
        self.assertEqual((Visit.objects.count(), Declaration.objects.count()), (1, 1))
        self.assertEqual(Submission.objects.get().visit_id, first.visit_id)
        self.assertEqual(Person.objects.get().full_name, "Hoàng Thị Lan")
        counts = dict(RateCounter.objects.values_list("key", "count"))
        self.assertEqual(counts, {"checkin:ip:test": 2, "checkin:phone:test": 1})

    def test_a_closed_gate_refuses_before_counting(self) -> None:
        self.gate.is_active = False
        self.gate.save()
        with self.assertRaises(CheckinError):
            self.first_visit()
        self.assertFalse(RateCounter.objects.exists())


class OneTapServiceTests(ServiceTestBase):
    """``checkin_one_tap`` against ``checkin_submit``'s QUICK rows, its refusals (each
    a reason to declare again, the stale page apart) and its rate count."""

    def returning(self, **changes: Any) -> Checked:
        checked = self.first_visit(is_visitor=False, **changes)
        assert isinstance(checked, Checked)
        return checked

    def one_tap(self, person_id: int | None, **changes: Any) -> Checked | OneTapRefused:
        args: dict[str, Any] = {
            "location": self.gate,
            "profile": self.profile,
            "person_id": person_id,
            "token_fresh": True,
            "submission_id": None,
            "limits": [("checkin:ip:tap", 100)],
            "rate_window": 300,
            **changes,
        }
        return checkin_one_tap(**args)

    def test_the_rows_are_those_checkin_submit_writes(self) -> None:
        first = self.returning()
        tapped = self.one_tap(first.person_id)
        assert isinstance(tapped, Checked)
        self.assertEqual(tapped.person_id, first.person_id)
        lean = Visit.objects.get(pk=tapped.visit_id)
        person = Person.objects.get(pk=first.person_id)
        declaration = Visit.objects.get(pk=first.visit_id).declaration
        visit = checkin_submit(
            location=self.gate,
            profile=self.profile,
            source=CheckinSource.QUICK,
            person=person,
            declaration=declaration,
        )
        fields = ["person_id", "location_id", "unit_id_snapshot", "source", "status"]
        fields += ["declaration_id", "check_out", "recorded_by_id", "decision_note"]
        self.assertEqual([getattr(lean, f) for f in fields], [getattr(visit, f) for f in fields])
        self.assertEqual(
            lean.effective_end,
            open_visit_end(lean.check_in, open_visit_hours=self.profile.open_visit_hours),
        )
        self.assertEqual(lean.source, Visit.Source.QR)
        self.assertEqual(lean.status, Visit.Status.ADMITTED)
        # Each visit has its person-keyed row, which cuts the open visit before it.
        self.assertEqual(PersonCheckin.objects.filter(person=person).count(), 3)

    def test_who_must_declare_again_is_told_why(self) -> None:
        nobody = self.one_tap(987654)
        self.assertEqual(nobody, OneTapRefused(None, nobody.message))  # type: ignore[union-attr]
        risky = self.returning(answers={**SAFE, "contact": True})
        refused = self.one_tap(risky.person_id)
        assert isinstance(refused, OneTapRefused)
        self.assertEqual(refused.person_id, risky.person_id)
        self.assertTrue(refused.message)
        self.assertFalse(refused.stale)
        self.assertEqual(Visit.objects.count(), 1)

    def test_a_stale_page_writes_nothing(self) -> None:
        first = self.returning()
        stale = self.one_tap(first.person_id, token_fresh=False)
        self.assertEqual(stale, OneTapRefused(first.person_id, stale=True))
        self.assertEqual(Visit.objects.count(), 1)

    def test_a_replay_is_the_same_visit(self) -> None:
        first = self.returning()
        submission = uuid.uuid4()
        tapped = self.one_tap(first.person_id, submission_id=submission)
        again = self.one_tap(first.person_id, submission_id=submission)
        self.assertEqual(tapped, again)
        self.assertEqual(Visit.objects.count(), 2)
        self.assertEqual(Submission.objects.get().visit_id, tapped.visit_id)  # type: ignore[union-attr]

    def test_a_refusal_by_the_limit_keeps_the_count_and_writes_nothing(self) -> None:
        first = self.returning()
        limits = [("checkin:ip:tap1", 1)]
        self.assertIsInstance(self.one_tap(first.person_id, limits=limits), Checked)
        with self.assertRaises(RateLimited):
            self.one_tap(first.person_id, limits=limits)
        self.assertEqual(Visit.objects.count(), 2)
        self.assertEqual(RateCounter.objects.get(key="checkin:ip:tap1").count, 2)

    def test_a_closed_gate_sends_the_person_to_the_form(self) -> None:
        first = self.returning()
        self.gate.is_active = False
        self.gate.save()
        refused = self.one_tap(first.person_id)
        assert isinstance(refused, OneTapRefused)
        self.assertIn("QR", refused.message)
        self.assertEqual(Visit.objects.count(), 1)


class ClaimedMeanwhileTests(ServiceTestBase):
    """Plain PostgreSQL's one statement when another request claimed the submission
    between the replay lookup and the statement: the statement fails whole on the
    claim and the stored visit is the answer, nothing new written."""

    def test_the_stored_visit_is_the_answer(self) -> None:
        if not sql.single_statement():
            self.skipTest("the one statement is plain PostgreSQL's")
        submission = uuid.uuid4()
        first = self.first_visit(submission_id=submission)
        now = timezone.now()
        person = _person_upsert_args(identity="+84987654321", full_name="Lê Văn B", cccd="")
        declaration, _ = _declaration_row(
            None, self.profile, SAFE, is_visitor=False, purpose="", host="", now=now
        )
        visit = _visit_row(
            None, self.gate, self.profile, Visit.Status.ADMITTED, None, submission, now
        )
        again = _values_statement(
            self.gate, submission, person=person, declaration=declaration, visit=visit
        )
        self.assertEqual(again, first)
        self.assertEqual((Person.objects.count(), Visit.objects.count()), (1, 1))
        self.assertEqual(Declaration.objects.count(), 1)
