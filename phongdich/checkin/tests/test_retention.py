"""Retention: purge_expired, its command, the daily task and its scheduling."""

from __future__ import annotations

import time as clock
from datetime import datetime, timedelta
from io import StringIO
from zoneinfo import ZoneInfo

from django.core.management import call_command
from django.test import TestCase, override_settings
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from phongdich.checkin import retention
from phongdich.checkin.models import Declaration, DiseaseProfile, Location, Person, Visit
from phongdich.checkin.retention import protected_person_ids
from phongdich.checkin.services.checkin import declaration_create, person_upsert, visit_check_in
from phongdich.checkin.services.retention import purge_expired
from phongdich.checkin.signals import ensure_daily_purge_scheduled
from phongdich.checkin.tasks import next_purge_at, purge_expired_daily
from phongdich.core.models import RateCounter
from phongdich.org.models import Unit

VN = ZoneInfo("Asia/Ho_Chi_Minh")
DB_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}


class RetentionTests(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        unit = Unit.objects.create(code="SO", name="Sở")
        cls.gate = Location.objects.create(code="G1", name="Cổng", unit=unit)
        cls.profile = DiseaseProfile.active()

    def setUp(self) -> None:
        self.now = timezone.now()
        self.old = self.now - timedelta(days=22)
        self.recent = self.now - timedelta(days=20)
        self.addCleanup(retention.PROTECTED_PROVIDERS.remove, self.protect)
        self.addCleanup(retention.KEPT_PROVIDERS.remove, self.keep)
        self.protected: set[int] = set()
        self.kept: set[int] = set()
        retention.register_protected_provider(self.protect)
        retention.register_kept_persons(self.keep)

    def protect(self) -> set[int]:
        return self.protected

    def keep(self) -> set[int]:
        return self.kept

    def person(self, phone: str, *, visits: list[datetime], declared: list[datetime]) -> Person:
        person = person_upsert(identity=phone)
        Person.objects.filter(pk=person.pk).update(created_at=self.now - timedelta(days=30))
        for moment in visits:
            visit_check_in(person=person, location=self.gate, at=moment)
        for moment in declared:
            declaration_create(
                person=person, profile=self.profile, answers={}, is_visitor=True, at=moment
            )
        return person

    def test_it_gathers_protected_people_from_the_registered_providers(self) -> None:
        self.protected = {3, 5}
        self.assertTrue({3, 5} <= protected_person_ids())

    def test_it_deletes_old_data_keeps_recent_and_protected_data(self) -> None:
        gone = self.person("+84910000001", visits=[self.old], declared=[self.old])
        mixed = self.person("+84910000002", visits=[self.old, self.recent], declared=[self.old])
        guarded = self.person("+84910000003", visits=[self.old], declared=[self.old])
        self.protected = {guarded.pk}

        report = purge_expired(now=self.now)

        self.assertEqual((report.visits, report.declarations, report.persons), (2, 2, 1))
        self.assertFalse(Person.objects.filter(pk=gone.pk).exists())
        self.assertEqual(list(mixed.visits.values_list("check_in", flat=True)), [self.recent])
        self.assertEqual(mixed.declarations.count(), 0)
        self.assertEqual(guarded.visits.count(), 1)
        self.assertEqual(guarded.declarations.count(), 1)

    def test_retention_days_come_from_the_active_profile(self) -> None:
        DiseaseProfile.objects.filter(pk=self.profile.pk).update(retention_days=30)
        self.person("+84910000001", visits=[self.old], declared=[self.old])
        report = purge_expired(now=self.now)
        self.assertEqual((report.visits, report.declarations, report.persons), (0, 0, 0))

    def test_a_kept_person_row_stays_while_its_old_data_goes(self) -> None:
        kept = self.person("+84910000001", visits=[self.old], declared=[])
        self.kept = {kept.pk}
        report = purge_expired(now=self.now)
        self.assertEqual((report.visits, report.persons), (1, 0))
        self.assertTrue(Person.objects.filter(pk=kept.pk).exists())

    def test_a_person_created_moments_ago_is_not_an_orphan(self) -> None:
        fresh = person_upsert(identity="+84910000009")  # its visit is being saved
        purge_expired(now=self.now)
        self.assertTrue(Person.objects.filter(pk=fresh.pk).exists())

    def test_a_visit_pointing_at_an_expired_declaration_loses_the_link(self) -> None:
        person = self.person("+84910000001", visits=[], declared=[self.old])
        declaration = Declaration.objects.get(person=person)
        visit = visit_check_in(
            person=person, location=self.gate, at=self.recent, declaration=declaration
        )
        purge_expired(now=self.now)
        visit.refresh_from_db()
        self.assertIsNone(visit.declaration_id)

    def test_a_dry_run_counts_and_deletes_nothing(self) -> None:
        self.person("+84910000001", visits=[self.old], declared=[self.old])
        self.person("+84910000002", visits=[self.old, self.recent], declared=[])
        report = purge_expired(now=self.now, dry_run=True)
        self.assertEqual((report.visits, report.declarations, report.persons), (2, 1, 1))
        self.assertEqual(Visit.objects.count(), 3)
        self.assertEqual(Person.objects.count(), 2)
        real = purge_expired(now=self.now)
        self.assertEqual(
            (real.visits, real.declarations, real.persons),
            (report.visits, report.declarations, report.persons),
        )

    def test_the_command_prints_what_it_removed(self) -> None:
        self.person("+84910000001", visits=[self.old], declared=[self.old])
        out = StringIO()
        call_command("purge_expired", "--dry-run", stdout=out)
        self.assertIn("Sẽ xóa 1 lượt check-in", out.getvalue())
        self.assertEqual(Visit.objects.count(), 1)
        out = StringIO()
        call_command("purge_expired", stdout=out)
        text = out.getvalue()
        self.assertIn("Đã xóa 1 lượt check-in", text)
        self.assertIn("Đã xóa 1 tờ khai y tế", text)
        self.assertIn("Đã xóa 1 người không còn dữ liệu", text)
        self.assertEqual(Visit.objects.count(), 0)


class ScheduleTests(TestCase):
    def test_the_next_run_is_the_next_two_oclock_local(self) -> None:
        before = datetime(2021, 9, 8, 1, 30, tzinfo=VN)
        after = datetime(2021, 9, 8, 2, 0, tzinfo=VN)
        self.assertEqual(next_purge_at(before), datetime(2021, 9, 8, 2, 0, tzinfo=VN))
        self.assertEqual(next_purge_at(after), datetime(2021, 9, 9, 2, 0, tzinfo=VN))

    def test_the_task_purges_prunes_counters_and_does_not_loop_on_the_immediate_backend(
        self,
    ) -> None:
        RateCounter.objects.create(key="old", window_start=int(clock.time()) - 3 * 86400)
        RateCounter.objects.create(key="new", window_start=int(clock.time()))
        result = purge_expired_daily.enqueue()
        self.assertEqual(result.return_value["rate_counters"], 1)
        self.assertIsNone(result.return_value["next_run"])
        self.assertEqual(list(RateCounter.objects.values_list("key", flat=True)), ["new"])

    @override_settings(TASKS=DB_TASKS)
    def test_the_task_queues_itself_for_the_next_day(self) -> None:
        result = purge_expired_daily.call()
        queued = DBTaskResult.objects.get()
        self.assertEqual(queued.task_path, purge_expired_daily.module_path)
        self.assertEqual(queued.status, "READY")
        self.assertEqual(queued.run_after, next_purge_at())
        self.assertEqual(datetime.fromisoformat(result["next_run"]), queued.run_after)

    @override_settings(TASKS=DB_TASKS)
    def test_scheduling_queues_one_task_only(self) -> None:
        self.assertTrue(ensure_daily_purge_scheduled())
        self.assertFalse(ensure_daily_purge_scheduled())
        self.assertEqual(DBTaskResult.objects.count(), 1)
        DBTaskResult.objects.update(status="SUCCESSFUL")
        self.assertTrue(ensure_daily_purge_scheduled())
        self.assertEqual(DBTaskResult.objects.filter(status="READY").count(), 1)

    @override_settings(TASKS=DB_TASKS)
    def test_post_migrate_of_the_checkin_app_schedules_the_purge(self) -> None:
        from django.apps import apps

        from phongdich.checkin.signals import schedule_daily_purge

        schedule_daily_purge(sender=apps.get_app_config("org"), using="default")
        self.assertEqual(DBTaskResult.objects.count(), 0)
        schedule_daily_purge(sender=apps.get_app_config("checkin"), using="default")
        self.assertEqual(DBTaskResult.objects.count(), 1)

    def test_nothing_is_scheduled_on_a_backend_that_cannot_defer(self) -> None:
        self.assertFalse(ensure_daily_purge_scheduled())
        self.assertEqual(DBTaskResult.objects.count(), 0)
