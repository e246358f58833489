"""On a Citus cluster (``CITUS_URL``): each hot-path statement runs on one shard, and
a trace's window query touches only the shards of the case's locations.

The statements are the ones the services really send (captured while they run),
each asked for its plan with ``EXPLAIN``: Citus's plan says how many tasks (shard
queries) it runs. Skipped where Citus is not installed."""

from __future__ import annotations

import re
import unittest
import uuid
from datetime import timedelta

from django.db import connection
from django.test import TestCase
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from phongdich.checkin import citus
from phongdich.checkin.models import DiseaseProfile, Location, Visit
from phongdich.checkin.selectors.visits import presence_end, visit_submitted
from phongdich.checkin.services.checkin import declaration_create, person_upsert, visit_check_in
from phongdich.checkin.sql import citus_installed, citus_kind
from phongdich.org.models import Unit
from phongdich.tracing.store import SqlStore
from tracing_engine.stores import LocationWindow

DISTRIBUTED = (
    "checkin_visit",
    "checkin_submission",
    "checkin_person",
    "checkin_personidentity",
    "checkin_personcheckin",
    "checkin_declaration",
)


def tasks(statement: str) -> int:
    """The number of shard queries Citus plans for ``statement``."""
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN {statement}")
        plan = "\n".join(row[0] for row in cursor.fetchall())
    counts = [int(n) for n in re.findall(r"Task Count: (\d+)", plan)]
    assert counts, plan
    return sum(counts)


def shard_of(table: str, value: int) -> int:
    with connection.cursor() as cursor:
        cursor.execute("SELECT get_shard_id_for_distribution_column(%s, %s)", [table, value])
        return int(cursor.fetchone()[0])


def touching(queries: list[dict[str, str]]) -> list[str]:
    return [
        q["sql"]
        for q in queries
        if any(f'"{t}"' in q["sql"] or f" {t} " in q["sql"] for t in DISTRIBUTED)
    ]


@unittest.skipUnless(connection.vendor == "postgresql", "Citus runs on PostgreSQL")
class CitusRoutingTests(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        unit = Unit.objects.create(code="SO", name="Sở")
        cls.gates = [
            Location.objects.create(code=f"G{n}", name=f"Cổng {n}", unit=unit) for n in range(8)
        ]
        cls.profile = DiseaseProfile.active()

    def setUp(self) -> None:
        if not citus_installed():
            self.skipTest("needs a Citus cluster (CITUS_URL)")

    def test_migrate_distributed_everything_and_a_second_run_does_nothing(self) -> None:
        self.assertEqual(citus.distribute(), [])
        for spec in citus.distributed_models():
            self.assertEqual(citus_kind(spec.model._meta.db_table), "distributed")
        for model in citus.reference_models():
            self.assertEqual(citus_kind(model._meta.db_table), "reference")

    def test_each_check_in_statement_runs_on_one_shard(self) -> None:
        with CaptureQueriesContext(connection) as upsert:
            person = person_upsert(identity="+84912345678", full_name="Lê Văn Hai")
        with CaptureQueriesContext(connection) as check_in:
            declaration = declaration_create(
                person=person, profile=self.profile, answers={}, is_visitor=True
            )
            visit_check_in(
                person=person,
                location=self.gates[0],
                declaration=declaration,
                submission_id=uuid.uuid4(),
            )
        statements = touching(upsert.captured_queries) + touching(check_in.captured_queries)
        kinds = {
            table
            for table in DISTRIBUTED
            for text in statements
            if text.startswith("INSERT") and f'INTO "{table}"' in text
        }
        # The person (identity, then by id), the declaration, the visit, its
        # submission and the person-keyed row of the cut: every write is here.
        self.assertEqual(kinds, set(DISTRIBUTED))
        for text in statements:
            with self.subTest(statement=text[:60]):
                self.assertEqual(tasks(text), 1)

    def test_the_replay_lookup_and_the_cut_read_run_on_one_shard(self) -> None:
        person = person_upsert(identity="+84912345678")
        submission = uuid.uuid4()
        first = visit_check_in(
            person=person,
            location=self.gates[0],
            submission_id=submission,
            at=timezone.now() - timedelta(hours=2),
        )
        visit_check_in(person=person, location=self.gates[1], at=timezone.now())
        with CaptureQueriesContext(connection) as replay:
            self.assertEqual(
                visit_submitted(location=self.gates[0], submission_id=submission), first
            )
        with CaptureQueriesContext(connection) as cut:
            presence_end(Visit.objects.get(pk=first.pk, location=self.gates[0]))
        self.assertEqual(len(replay.captured_queries), 1)
        self.assertEqual(tasks(replay.captured_queries[0]["sql"]), 1)
        for query in cut.captured_queries:
            with self.subTest(statement=query["sql"][:60]):
                self.assertEqual(tasks(query["sql"]), 1)

    def test_a_trace_touches_only_the_shards_of_the_case_locations(self) -> None:
        now = timezone.now()
        for n, gate in enumerate(self.gates):
            person = person_upsert(identity=f"+8491234560{n}")
            visit_check_in(person=person, location=gate, at=now - timedelta(hours=1))
        wanted = self.gates[:2]
        store = SqlStore()
        with CaptureQueriesContext(connection) as trace:
            records = store.records_at(
                [LocationWindow(g.code, now - timedelta(hours=3), now) for g in wanted],
                open_visit=timedelta(hours=4),
            )
        self.assertEqual({r.record.location for r in records}, {g.code for g in wanted})
        shards = {shard_of("checkin_visit", g.pk) for g in wanted}
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT COUNT(*) FROM pg_dist_shard WHERE logicalrelid = 'checkin_visit'::regclass"
            )
            (all_shards,) = cursor.fetchone()
        window_queries = [
            q["sql"]
            for q in trace.captured_queries
            if "checkin_visit" in q["sql"] and "unnest" in q["sql"]
        ]
        self.assertTrue(window_queries)
        for text in window_queries:
            with self.subTest(statement=text[:60]):
                self.assertEqual(tasks(text), len(shards))
                self.assertLess(len(shards), all_shards)
