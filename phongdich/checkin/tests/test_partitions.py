"""Day partitions of the check-in tables (PostgreSQL only; SQLite keeps one table each):
the migration's result, partitions made ahead and on demand, retention by partition
drop that keeps an open case's evidence, replay detection and the cut across days."""

from __future__ import annotations

import re
import unittest
import uuid
from datetime import date, datetime, timedelta
from typing import Any

from django.db import connection
from django.test import TestCase
from django.utils import timezone

from phongdich.checkin import partitions
from phongdich.checkin.models import Declaration, DiseaseProfile, Location, PersonCheckin, Visit
from phongdich.checkin.selectors.visits import presence_end
from phongdich.checkin.services.checkin import declaration_create, person_upsert, visit_check_in
from phongdich.checkin.services.retention import purge_expired
from phongdich.checkin.sql import citus_installed
from phongdich.org.models import Unit
from phongdich.tracing.models import Case, KeptVisit
from phongdich.tracing.store import SqlStore
from tracing_engine import LocationWindow

POSTGRES = connection.vendor == "postgresql"


def local(day: date, hour: int, minute: int = 0) -> datetime:
    return timezone.make_aware(datetime(day.year, day.month, day.day, hour, minute))


def partition_of(table: str, **where: Any) -> str:
    column, value = next(iter(where.items()))
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT tableoid::regclass::text FROM {table} WHERE {column} = %s",  # noqa: S608
            [value],
        )
        name = str(cursor.fetchone()[0])
    # Citus answers from a shard: the partition's name with the shard's id appended.
    return re.sub(r"_\d+$", "", name) if citus_installed() else name


def exists(name: str) -> bool:
    with connection.cursor() as cursor:
        cursor.execute("SELECT to_regclass(%s) IS NOT NULL", [name])
        return bool(cursor.fetchone()[0])


@unittest.skipUnless(POSTGRES, "day partitions exist on PostgreSQL only")
class PartitionTests(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        unit = Unit.objects.create(code="SO", name="Sở")
        cls.gate = Location.objects.create(code="G1", name="Cổng 1", unit=unit)
        cls.hall = Location.objects.create(code="G2", name="Hội trường", unit=unit)
        cls.profile = DiseaseProfile.active()
        cls.person = person_upsert(identity="+84912345678", full_name="Lê Văn Hai")
        cls.other = person_upsert(identity="+84987654321", full_name="Trần Thị Ba")

    def test_the_tables_are_partitioned_and_every_key_holds_the_day(self) -> None:
        for spec in partitions.partitioned_tables():
            with connection.cursor() as cursor:
                cursor.execute(
                    "SELECT c.relkind, pg_get_constraintdef(k.oid) FROM pg_class c "
                    "JOIN pg_constraint k ON k.conrelid = c.oid AND k.contype IN ('p', 'u') "
                    "WHERE c.oid = to_regclass(%s)",
                    [spec.table],
                )
                rows = cursor.fetchall()
            self.assertTrue(rows, spec.table)
            for kind, definition in rows:
                self.assertEqual(kind, "p", spec.table)
                self.assertIn(spec.column, definition, spec.table)
            self.assertTrue(exists(spec.table + partitions.DEFAULT_SUFFIX))

    def test_the_daily_job_makes_the_partitions_ahead_once(self) -> None:
        start = date(2031, 3, 1)
        made = partitions.ensure_partitions(today=start, ahead=3)
        self.assertEqual(made, 4 * len(partitions.partitioned_tables()))
        for n in range(4):
            name = partitions.partition_name(Visit._meta.db_table, start + timedelta(days=n))
            self.assertTrue(exists(name), name)
        self.assertEqual(partitions.ensure_partitions(today=start, ahead=3), 0)
        # Bounds are local days: 00:00 +07:00 is 17:00 UTC the day before.
        bounds = partitions.partitions_of(Visit._meta.db_table)[
            partitions.partition_name(Visit._meta.db_table, start)
        ]
        self.assertEqual(bounds, (local(start, 0), local(start + timedelta(days=1), 0)))

    def test_a_check_in_beyond_the_partitions_lands_and_moves_to_its_day_later(self) -> None:
        far = timezone.localdate() + timedelta(days=400)
        visit = visit_check_in(person=self.person, location=self.gate, at=local(far, 9))
        table = Visit._meta.db_table
        self.assertEqual(partition_of(table, id=visit.pk), table + partitions.DEFAULT_SUFFIX)
        self.assertEqual(Visit.objects.filter(pk=visit.pk).count(), 1)
        partitions.ensure_partitions(today=far, ahead=0)
        self.assertEqual(partition_of(table, id=visit.pk), partitions.partition_name(table, far))
        self.assertEqual(
            PersonCheckin.objects.filter(person=self.person, check_in=local(far, 9)).count(), 1
        )

    def test_a_replay_on_another_day_is_found_across_partitions(self) -> None:
        day = date(2031, 5, 10)
        partitions.ensure_partitions(today=day, ahead=1)
        sid = uuid.uuid4()
        first = visit_check_in(
            person=self.person, location=self.gate, at=local(day, 8), submission_id=sid
        )
        again = visit_check_in(
            person=self.person,
            location=self.gate,
            at=local(day + timedelta(days=1), 8),
            submission_id=sid,
        )
        self.assertEqual(again.pk, first.pk)
        self.assertEqual(Visit.objects.filter(location=self.gate).count(), 1)

    def test_the_cut_reads_the_next_check_in_from_another_days_partition(self) -> None:
        day = date(2031, 6, 1)
        partitions.ensure_partitions(today=day, ahead=1)
        evening = visit_check_in(person=self.person, location=self.gate, at=local(day, 23))
        after = local(day, 23, 40)
        next_day = local(day + timedelta(days=1), 7)
        visit_check_in(person=self.person, location=self.hall, at=next_day)
        visit_check_in(person=self.person, location=self.hall, at=after)  # back-dated
        self.assertEqual(presence_end(evening), after)
        late = Visit.objects.get(check_in=after)
        self.assertEqual(presence_end(late), local(day + timedelta(days=1), 0))
        self.assertNotEqual(
            partition_of(Visit._meta.db_table, id=evening.pk),
            partition_of(Visit._meta.db_table, check_in=next_day),
        )

    def test_retention_drops_whole_days_and_keeps_the_open_cases_evidence(self) -> None:
        now = timezone.now()
        old_day = timezone.localdate() - timedelta(days=self.profile.retention_days + 3)
        partitions.ensure_partitions(today=old_day, ahead=0)
        case_visit = visit_check_in(person=self.person, location=self.gate, at=local(old_day, 8))
        visit_check_in(person=self.other, location=self.gate, at=local(old_day, 8, 5))
        declaration_create(
            person=self.other,
            profile=self.profile,
            answers={},
            is_visitor=False,
            at=local(old_day, 8),
        )
        recent = visit_check_in(person=self.other, location=self.gate, at=now - timedelta(hours=1))
        Case.objects.create(person=self.person, profile=self.profile, onset=old_day)
        names = [
            partitions.partition_name(s.table, old_day) for s in partitions.partitioned_tables()
        ]
        self.assertTrue(all(exists(n) for n in names))

        report = purge_expired(now=now)

        self.assertFalse(any(exists(n) for n in names))  # the whole day is gone
        self.assertEqual(report.visits, 1)  # the other person's; the case's was kept
        self.assertEqual(report.declarations, 1)
        self.assertEqual(list(Visit.objects.values_list("pk", flat=True)), [recent.pk])
        self.assertFalse(Declaration.objects.filter(declared_at__lt=now - timedelta(days=2)))
        kept = KeptVisit.objects.get()
        self.assertEqual(
            (kept.person_id, kept.location_id, kept.check_in, kept.effective_end),
            (self.person.pk, self.gate.pk, case_visit.check_in, case_visit.effective_end),
        )
        # The trace still finds the case's evidence.
        store = SqlStore()
        found = store.records_of(
            ["+84912345678"],
            local(old_day, 0),
            local(old_day + timedelta(days=1), 0),
            open_visit=timedelta(hours=8),
        )
        self.assertEqual([r.record.location for r in found], ["G1"])
        # ...and by place: a window at the gate meets the kept visit, still open (no
        # check-out; the kept open visits' own read, on Citus too).
        window = LocationWindow("G1", local(old_day, 9), local(old_day, 9, 30))
        met = store.records_at([window], open_visit=timedelta(hours=8))
        self.assertEqual(
            [(s.record.person, s.record.check_out) for s in met], [("+84912345678", None)]
        )

        # Once the case is closed, the next purge releases the kept evidence.
        Case.objects.update(status=Case.Status.CLOSED)
        purge_expired(now=now)
        self.assertFalse(KeptVisit.objects.exists())
