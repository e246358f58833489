"""Services of the tracing module: cases, runs, contacts, follow-up, promotion."""

from __future__ import annotations

import json
from datetime import date, timedelta
from unittest import mock

from django.test import override_settings
from django.utils import timezone

from phongdich.checkin.models import DiseaseProfile, Location, Person
from phongdich.core.models import AuditEvent
from phongdich.core.tests.base import BaseTestCase
from phongdich.org.models import Staff
from phongdich.tracing import services
from phongdich.tracing.models import Case, Contact, FollowUp, TraceRun
from phongdich.tracing.services import FollowUpDayError, TracingServiceError
from tracing_engine import Case as EngineCase
from tracing_engine import CheckinRecord, Params
from tracing_engine.reference import reference_trace

from .helpers import AS_OF, ONSET, at, load

F0, F1, F2, F3 = "+84912345600", "+84912345601", "+84912345602", "+84912345603"
RECORDS = [
    CheckinRecord(F0, "CONG-A", at(9, 8), at(9, 12)),
    CheckinRecord(F1, "CONG-A", at(9, 9), at(9, 10)),  # F1: 60 min
    CheckinRecord(F1, "CONG-B", at(10, 14)),  # open: ends at 22:00
    CheckinRecord(F2, "CONG-B", at(10, 14, 30), at(10, 15)),  # F2 via F1: 30 min
    CheckinRecord(F3, "CONG-A", at(9, 11, 50), at(9, 13)),  # 10 min: not a contact
]


class TracingServiceTestCase(BaseTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        load(RECORDS)
        cls.f0 = Person.objects.get(identity_index=Person.index_of(F0))
        cls.f1 = Person.objects.get(identity_index=Person.index_of(F1))
        cls.f2 = Person.objects.get(identity_index=Person.index_of(F2))

    def new_case(self, **kw: object) -> Case:
        return services.case_create(person=self.f0, onset=ONSET, user=self.tracer, **kw)

    def traced(self, **kw: object) -> tuple[Case, TraceRun]:
        case = self.new_case()
        return case, services.case_trace(case=case, user=self.tracer, as_of=AS_OF, **kw)


class CaseCreate(TracingServiceTestCase):
    def test_it_takes_the_unit_of_the_latest_visit_and_the_active_profile(self) -> None:
        case = self.new_case()
        gate = Location.objects.get(code="CONG-A")
        self.assertEqual(case.unit, gate.unit)
        self.assertEqual(case.profile, DiseaseProfile.active())
        self.assertEqual(case.status, Case.Status.OPEN)
        self.assertEqual(case.created_by, self.tracer)
        self.assertTrue(AuditEvent.objects.filter(action="tracing.case.create").exists())

    def test_it_takes_the_staff_members_unit(self) -> None:
        person = services.case_person_for(staff=self.staff_b)
        case = services.case_create(person=person, onset=ONSET, user=self.tracer)
        self.assertEqual(case.staff, self.staff_b)
        self.assertEqual(case.unit, self.unit_b)

    def test_it_refuses_a_second_open_case_and_a_future_onset(self) -> None:
        self.new_case()
        with self.assertRaisesMessage(TracingServiceError, "chưa kết thúc điều tra"):
            self.new_case()
        with self.assertRaisesMessage(TracingServiceError, "tương lai"):
            services.case_create(
                person=self.f1, onset=timezone.localdate() + timedelta(days=1), user=self.tracer
            )

    def test_closing_twice_is_an_error(self) -> None:
        case = self.new_case()
        services.case_close(case=case, user=self.tracer)
        self.assertEqual(case.status, Case.Status.CLOSED)
        with self.assertRaisesMessage(TracingServiceError, "đã kết thúc"):
            services.case_close(case=case, user=self.tracer)
        with self.assertRaises(TracingServiceError):
            services.case_trace(case=case, user=self.tracer)


class CasePersonFor(TracingServiceTestCase):
    def test_a_staff_member_is_known_by_phone_else_by_code(self) -> None:
        person = services.case_person_for(staff=self.staff_a)
        self.assertEqual(person.identity, "+84912000001")
        self.assertEqual(person.staff, self.staff_a)
        self.assertEqual(person.full_name, "Nguyễn Văn Ạ")
        no_phone = Staff.objects.create(full_name="Lê Văn Cê", staff_code="sc01", unit=self.unit_a)
        person = services.case_person_for(staff=no_phone)
        self.assertEqual(person.identity, "SC01")

    def test_a_phone_in_any_format_finds_the_same_person(self) -> None:
        for raw in ("0912345601", "+84 912 345 601", "0912.345.601", "84912345601"):
            self.assertEqual(services.case_person_for(phone=raw), self.f1)

    def test_a_visit_gives_its_person(self) -> None:
        visit = self.f2.visits.first()
        self.assertEqual(services.case_person_for(visit=visit, full_name="Bé Hai"), self.f2)
        self.f2.refresh_from_db()
        self.assertEqual(self.f2.full_name, "Bé Hai")

    def test_bad_or_missing_input_is_an_error(self) -> None:
        with self.assertRaisesMessage(TracingServiceError, "Số điện thoại không hợp lệ"):
            services.case_person_for(phone="12345")
        with self.assertRaises(TracingServiceError):
            services.case_person_for()


class CaseTrace(TracingServiceTestCase):
    def test_a_small_trace_runs_inline_and_stores_the_exact_json(self) -> None:
        case, run = self.traced()
        self.assertEqual(run.status, TraceRun.Status.DONE)
        self.assertEqual((run.progress_done, run.percent), (100, 100))
        expected = reference_trace(RECORDS, EngineCase(F0, ONSET, as_of=AS_OF), Params())
        self.assertEqual(run.result_json, json.dumps(expected.to_json_dict(), ensure_ascii=False))
        self.assertEqual(run.counts_by_level, {"1": 1, "2": 1})
        self.assertEqual(run.contact_count, 2)
        self.assertIsNotNone(run.duration_ms)
        contacts = {c.person_id: c for c in Contact.objects.filter(case=case)}
        self.assertEqual(set(contacts), {self.f1.pk, self.f2.pk})
        first = contacts[self.f1.pk]
        self.assertEqual((first.level, first.via_id, first.overlap_minutes), (1, self.f0.pk, 60.0))
        self.assertEqual(first.location.code, "CONG-A")
        self.assertEqual(first.exposed_at, at(9, 9))
        self.assertEqual(first.follow_up_until, date(2021, 9, 9) + timedelta(days=14))
        second = contacts[self.f2.pk]
        self.assertEqual((second.level, second.via_id, second.run_id), (2, self.f1.pk, run.pk))

    def test_the_arguments_override_the_profile(self) -> None:
        _case, run = self.traced(depth=1, min_overlap_minutes=5, open_visit_hours=3)
        self.assertEqual((run.depth, run.min_overlap_minutes, run.open_visit_hours), (1, 5, 3))
        self.assertEqual(run.days_before_onset, 2)
        result = json.loads(run.result_json)
        self.assertEqual([c["person"] for c in result["contacts"]], [F1, "+84912345603"])

    def test_bad_parameters_are_refused_in_vietnamese(self) -> None:
        case = self.new_case()
        with self.assertRaisesMessage(
            TracingServiceError, "Số cấp truy vết phải là số nguyên từ 1"
        ):
            services.case_trace(case=case, user=self.tracer, depth=6)
        with self.assertRaisesMessage(TracingServiceError, "tương lai"):
            services.case_trace(
                case=case, user=self.tracer, as_of=timezone.now() + timedelta(hours=1)
            )
        self.assertFalse(TraceRun.objects.exists())

    def test_a_rerun_keeps_statuses_and_marks_contacts_no_longer_found(self) -> None:
        case, _run = self.traced()
        first = Contact.objects.get(case=case, person=self.f1)
        second = Contact.objects.get(case=case, person=self.f2)
        services.contact_set_status(contact=second, status="home_quarantine", user=self.tracer)
        run = services.case_trace(case=case, user=self.tracer, as_of=AS_OF, depth=1)
        first.refresh_from_db()
        second.refresh_from_db()
        self.assertEqual((first.in_latest_run, first.run_id), (True, run.pk))
        self.assertEqual((second.in_latest_run, second.status), (False, "home_quarantine"))
        services.case_trace(case=case, user=self.tracer, as_of=AS_OF)
        second.refresh_from_db()
        self.assertEqual((second.in_latest_run, second.status), (True, "home_quarantine"))
        self.assertEqual(Contact.objects.filter(case=case).count(), 2)

    @override_settings(TRACE_INLINE_MAX_VISITS=0)
    def test_a_big_trace_is_queued_and_run_by_the_task(self) -> None:
        case = self.new_case()
        with self.captureOnCommitCallbacks(execute=False) as callbacks:
            run = services.case_trace(case=case, user=self.tracer, as_of=AS_OF)
        self.assertEqual(run.status, TraceRun.Status.QUEUED)
        self.assertEqual(len(callbacks), 1)
        callbacks[0]()  # the immediate task backend runs it now
        run.refresh_from_db()
        self.assertEqual(run.status, TraceRun.Status.DONE)
        self.assertEqual(run.contact_count, 2)

    def test_background_forces_either_way(self) -> None:
        case = self.new_case()
        with self.captureOnCommitCallbacks(execute=True):
            run = services.case_trace(case=case, user=self.tracer, as_of=AS_OF, background=True)
        self.assertEqual(run.status, TraceRun.Status.QUEUED)  # this object; the row is done
        run.refresh_from_db()
        self.assertEqual(run.status, TraceRun.Status.DONE)
        with override_settings(TRACE_INLINE_MAX_VISITS=0):
            run = services.case_trace(case=case, user=self.tracer, as_of=AS_OF, background=False)
        self.assertEqual(run.status, TraceRun.Status.DONE)

    def test_an_engine_failure_leaves_a_failed_run_and_the_contacts_alone(self) -> None:
        case, _run = self.traced()
        with mock.patch.object(services.runs, "trace", side_effect=RuntimeError("boom")):
            run = services.case_trace(case=case, user=self.tracer, as_of=AS_OF)
        self.assertEqual(run.status, TraceRun.Status.FAILED)
        self.assertIn("lỗi hệ thống", run.error)
        self.assertEqual(Contact.objects.filter(case=case, in_latest_run=True).count(), 2)


class FollowUpRules(TracingServiceTestCase):
    def contact(self) -> Contact:
        case, _run = self.traced()
        return Contact.objects.get(case=case, person=self.f1)

    def test_one_entry_per_day_recording_who(self) -> None:
        contact = self.contact()
        day = date(2021, 9, 10)
        services.followup_record(
            contact=contact,
            day=day,
            status="contacted",
            has_symptoms=False,
            note="",
            user=self.tracer,
        )
        entry = services.followup_record(
            contact=contact,
            day=day,
            status="home_quarantine",
            has_symptoms=True,
            note="Sốt nhẹ",
            user=self.admin,
        )
        self.assertEqual(FollowUp.objects.filter(contact=contact).count(), 1)
        self.assertEqual(
            (entry.recorded_by, entry.status, entry.note),
            (self.admin, "home_quarantine", "Sốt nhẹ"),
        )
        contact.refresh_from_db()
        self.assertEqual(contact.status, "home_quarantine")
        # an earlier day does not overwrite the latest status
        services.followup_record(
            contact=contact,
            day=day - timedelta(days=1),
            status="contacted",
            has_symptoms=False,
            note="",
            user=self.tracer,
        )
        contact.refresh_from_db()
        self.assertEqual(contact.status, "home_quarantine")

    def test_days_outside_the_period_are_refused(self) -> None:
        contact = self.contact()
        for day in (date(2021, 9, 8), date(2021, 9, 24)):
            with self.assertRaisesMessage(FollowUpDayError, "09/09/2021 – 23/09/2021"):
                services.followup_record(
                    contact=contact,
                    day=day,
                    status="contacted",
                    has_symptoms=False,
                    note="",
                    user=self.tracer,
                )
        services.followup_record(
            contact=contact,
            day=date(2021, 9, 23),
            status="released",
            has_symptoms=False,
            note="",
            user=self.tracer,
        )

    def test_a_future_day_is_refused(self) -> None:
        contact = self.contact()
        contact.exposed_at = timezone.now() - timedelta(days=1)
        contact.follow_up_until = timezone.localdate() + timedelta(days=13)
        contact.save()
        with self.assertRaisesMessage(FollowUpDayError, "tương lai"):
            services.followup_record(
                contact=contact,
                day=timezone.localdate() + timedelta(days=1),
                status="contacted",
                has_symptoms=False,
                note="",
                user=self.tracer,
            )
        self.assertIsInstance(FollowUpDayError("x"), ValueError)

    def test_positive_goes_through_promotion(self) -> None:
        contact = self.contact()
        with self.assertRaisesMessage(TracingServiceError, "Chuyển thành ca bệnh"):
            services.contact_set_status(contact=contact, status="positive", user=self.tracer)
        with self.assertRaises(TracingServiceError):
            services.contact_set_status(contact=contact, status="nonsense", user=self.tracer)


class Promote(TracingServiceTestCase):
    def test_a_contact_becomes_a_case_once(self) -> None:
        case, _run = self.traced()
        contact = Contact.objects.get(case=case, person=self.f1)
        new = services.contact_promote(contact=contact, user=self.tracer, onset=date(2021, 9, 11))
        self.assertEqual(
            (new.person, new.source_contact, new.onset), (self.f1, contact, date(2021, 9, 11))
        )
        self.assertEqual(new.profile, case.profile)
        contact.refresh_from_db()
        self.assertEqual(contact.status, Contact.Status.POSITIVE)
        with self.assertRaisesMessage(TracingServiceError, "đã được chuyển thành ca bệnh"):
            services.contact_promote(contact=contact, user=self.tracer, onset=date(2021, 9, 11))
        with self.assertRaises(TracingServiceError):
            services.contact_set_status(contact=contact, status="released", user=self.tracer)
        run = services.case_trace(case=new, user=self.tracer, as_of=AS_OF)
        self.assertEqual(run.status, TraceRun.Status.DONE)
        self.assertIn(F2, run.result_json)  # F1's own F1 is F2
