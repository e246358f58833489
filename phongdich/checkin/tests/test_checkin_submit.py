"""checkin_submit: the one check-in behind the public form, the one-tap return and the
guard's manual check-in."""

from __future__ import annotations

import uuid
from datetime import timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone

from phongdich.checkin.models import Declaration, DiseaseProfile, Location, Person, Visit
from phongdich.checkin.selectors.visits import presence_end
from phongdich.checkin.services.checkin import CheckinError, CheckinSource, checkin_submit
from phongdich.checkin.tests.helpers import RISKY, SAFE
from phongdich.core.models import AuditEvent
from phongdich.core.tests.base import BaseTestCase


class CheckinSubmitTests(BaseTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.gate = Location.objects.create(code="G1", name="Cổng 1", unit=cls.office_unit)
        cls.other = Location.objects.create(code="G2", name="Cổng 2", unit=cls.office_unit)
        cls.profile = DiseaseProfile.active()

    def submit(self, **changes: Any) -> Visit:
        values: dict[str, Any] = {
            "location": self.gate,
            "profile": self.profile,
            "source": CheckinSource.PUBLIC,
            "phone": "0912 345 678",
            "full_name": "  Hoàng   Thị Lan ",
            "answers": SAFE,
            "is_visitor": True,
            "purpose": "Nộp hồ sơ",
            "host": "Phòng Tổ chức",
            "consent": True,
            **changes,
        }
        return checkin_submit(**values)

    def test_a_public_first_visit_stores_person_declaration_and_visit(self) -> None:
        visit = self.submit()
        self.assertEqual((visit.source, visit.status), (Visit.Source.QR, Visit.Status.ADMITTED))
        self.assertEqual(visit.person.identity, "+84912345678")  # judged again: normalised
        self.assertEqual(Person.objects.get().full_name, "Hoàng Thị Lan")
        declaration = Declaration.objects.get()
        self.assertEqual(visit.declaration_id, declaration.pk)
        self.assertEqual((declaration.purpose, declaration.host), ("Nộp hồ sơ", "Phòng Tổ chức"))
        self.assertIsNone(visit.recorded_by_id)
        self.assertFalse(AuditEvent.objects.exists())  # an anonymous check-in: not audited

    def test_a_guard_check_in_is_manual_recorded_and_audited_in_its_transaction(self) -> None:
        visit = self.submit(source=CheckinSource.GUARD, user=self.guard, ip="10.1.2.3")
        self.assertEqual(visit.source, Visit.Source.MANUAL)
        self.assertEqual(visit.recorded_by, self.guard)
        event = AuditEvent.objects.get(action="checkin.guard.manual_checkin")
        self.assertEqual((event.actor, event.ip_address), (self.guard, "10.1.2.3"))
        self.assertEqual(event.object_id, str(visit.pk))
        self.assertEqual(event.detail["phone"], "+8491****678")
        self.assertEqual(event.detail["location"], "G1")

    def test_a_guard_check_in_that_fails_leaves_no_audit_entry(self) -> None:
        with self.assertRaises(CheckinError):
            self.submit(source=CheckinSource.GUARD, user=self.guard, full_name="Lan 2")
        self.assertFalse(AuditEvent.objects.exists())
        self.assertFalse(Person.objects.exists())

    def test_it_judges_the_person_fields_again(self) -> None:
        cases = {
            "full_name": ("Nguyễn Văn 2", "chữ số"),
            "phone": ("12345", "không hợp lệ"),
            "cccd": ("03809000123", "12 chữ số"),
        }
        for field, (value, message) in cases.items():
            with self.subTest(field=field):
                with self.assertRaisesMessage(CheckinError, message):
                    self.submit(**{field: value})
        self.assertEqual(Visit.objects.count(), 0)

    def test_it_needs_consent_a_cccd_where_required_and_a_visitors_purpose(self) -> None:
        with self.assertRaisesMessage(CheckinError, "đồng ý"):
            self.submit(consent=False)
        cccd_gate = Location.objects.create(
            code="G3", name="Cổng 3", unit=self.office_unit, require_cccd=True
        )
        with self.assertRaisesMessage(CheckinError, "yêu cầu nhập số CCCD"):
            self.submit(location=cccd_gate)
        with self.assertRaisesMessage(CheckinError, "mục đích"):
            self.submit(purpose="  ")
        self.assertEqual(Visit.objects.count(), 0)
        visit = self.submit(is_visitor=False, purpose="ignored", host="ignored")
        self.assertEqual((visit.declaration.purpose, visit.declaration.host), ("", ""))

    def test_a_risky_declaration_waits_for_the_guard(self) -> None:
        self.assertEqual(self.submit(answers=RISKY).status, Visit.Status.PENDING)

    def test_a_revoked_poster_checks_nobody_in_and_rolls_everything_back(self) -> None:
        Location.objects.filter(pk=self.gate.pk).update(token_revoked=True)
        self.gate.refresh_from_db()
        with self.assertRaisesMessage(CheckinError, "thu hồi"):
            self.submit()
        self.assertEqual((Person.objects.count(), Declaration.objects.count()), (0, 0))

    def test_the_one_tap_return_reuses_the_current_declaration(self) -> None:
        first = self.submit()
        person, declaration = first.person, first.declaration
        second = checkin_submit(
            location=self.other,
            profile=self.profile,
            source=CheckinSource.QUICK,
            person=person,
            declaration=declaration,
        )
        self.assertEqual(second.declaration_id, declaration.pk)
        self.assertEqual(Declaration.objects.count(), 1)
        first.refresh_from_db()
        self.assertEqual(presence_end(first), second.check_in)  # the earlier visit is cut

    def test_the_one_tap_return_refuses_an_expired_or_risky_declaration(self) -> None:
        visit = self.submit()
        person, declaration = visit.person, visit.declaration
        quick = {"location": self.other, "profile": self.profile, "source": CheckinSource.QUICK}
        declaration.valid_until = timezone.now() - timedelta(minutes=1)
        with self.assertRaisesMessage(CheckinError, "hết hiệu lực"):
            checkin_submit(**quick, person=person, declaration=declaration)
        risky = self.submit(answers=RISKY).declaration
        with self.assertRaisesMessage(CheckinError, "hết hiệu lực"):
            checkin_submit(**quick, person=person, declaration=risky)
        with self.assertRaisesMessage(CheckinError, "hết hiệu lực"):
            checkin_submit(**quick, person=None, declaration=None)

    def test_the_one_tap_return_asks_for_a_cccd_the_gate_requires(self) -> None:
        visit = self.submit()
        cccd_gate = Location.objects.create(
            code="G3", name="Cổng 3", unit=self.office_unit, require_cccd=True
        )
        with self.assertRaisesMessage(CheckinError, "yêu cầu số CCCD"):
            checkin_submit(
                location=cccd_gate,
                profile=self.profile,
                source=CheckinSource.QUICK,
                person=visit.person,
                declaration=visit.declaration,
            )

    def test_a_submission_stored_meanwhile_is_the_same_visit_and_undoes_the_new_rows(
        self,
    ) -> None:
        submission = uuid.uuid4()
        first = self.submit(submission_id=submission)
        with transaction.atomic():
            # As a concurrent request that looked before the first one was stored.
            again = self.submit(
                submission_id=submission,
                replay_checked=True,
                full_name="Tên Khác",
                phone="0987654321",
            )
        self.assertEqual(again.pk, first.pk)
        self.assertEqual(Visit.objects.count(), 1)
        self.assertEqual(Declaration.objects.count(), 1)
        self.assertEqual(Person.objects.count(), 1)  # the second person was rolled back
