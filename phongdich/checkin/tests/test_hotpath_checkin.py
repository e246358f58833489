"""The public check-in outside a transaction, as under gunicorn: the per-process cache
of gate and profile, how many statements a check-in costs, the rate counters."""

from __future__ import annotations

import time

from django.db import connection
from django.test import Client, TransactionTestCase, override_settings
from django.test.utils import CaptureQueriesContext

from phongdich.checkin import cache, sql
from phongdich.checkin.models import Declaration, DiseaseProfile, Location, Person, Visit
from phongdich.checkin.selectors.visits import presence_end
from phongdich.checkin.services.gates import location_regenerate_token, location_revoke_token
from phongdich.checkin.sql import citus_installed
from phongdich.checkin.tests.public_helpers import checkin_url, declaration_data, submit
from phongdich.checkin.views import public as public_views
from phongdich.core import ratelimit
from phongdich.core.models import RateCounter
from phongdich.org.models import Unit


class HotPathTestCase(TransactionTestCase):
    def setUp(self) -> None:
        cache.forget_cached()
        self.unit = Unit.objects.create(code="VP", name="Văn phòng Sở")
        self.gate = Location.objects.create(code="G1", name="Cổng chính", unit=self.unit)
        self.profile = DiseaseProfile.active()

    def tearDown(self) -> None:
        cache.forget_cached()


class CachedGateTests(HotPathTestCase):
    def test_a_revoked_token_stops_working_on_the_next_request(self) -> None:
        self.assertEqual(submit(Client(), self.gate).status_code, 302)
        self.assertTrue(cache._cache)  # the gate is cached
        location_revoke_token(location=self.gate)
        self.assertEqual(Client().get(checkin_url(self.gate)).status_code, 410)

    def test_a_regenerated_token_replaces_the_old_one_at_once(self) -> None:
        old = checkin_url(self.gate)
        self.assertEqual(Client().get(old).status_code, 200)
        location_regenerate_token(location=self.gate)
        self.assertEqual(Client().get(old).status_code, 404)
        self.assertEqual(submit(Client(), self.gate).status_code, 302)

    def test_a_deactivated_gate_stops_at_once(self) -> None:
        Client().get(checkin_url(self.gate))
        self.gate.is_active = False
        self.gate.save()
        self.assertEqual(Client().get(checkin_url(self.gate)).status_code, 410)

    def test_a_profile_change_applies_at_once(self) -> None:
        submit(Client(), self.gate)
        self.profile.declaration_valid_hours = 3
        self.profile.save()
        submit(Client(), self.gate, phone="0912000111")
        declaration = Declaration.objects.order_by("-pk").first()
        assert declaration is not None
        hours = (declaration.valid_until - declaration.declared_at).total_seconds() / 3600
        self.assertAlmostEqual(hours, 3, places=3)

    def test_entries_expire(self) -> None:
        cache.cached("probe", lambda: "old")
        key_time, _ = cache._cache["probe"]
        cache._cache["probe"] = (time.monotonic() - 1, "old")
        self.assertEqual(cache.cached("probe", lambda: "new"), "new")
        self.assertGreater(key_time, time.monotonic())

    def test_inside_a_transaction_nothing_is_cached(self) -> None:
        from django.db import transaction

        with transaction.atomic():
            self.assertEqual(cache.cached("inside", lambda: 1), 1)
        self.assertNotIn("inside", cache._cache)


class StatementCountTests(HotPathTestCase):
    """Regression guard for the statements one check-in costs (gate and profile cached)."""

    def warm(self) -> None:
        Client().get(checkin_url(self.gate))
        sql.single_statement()  # asked once per connection, not per check-in

    def test_a_first_visit(self) -> None:
        self.warm()
        client = Client()
        data = {"ft": public_views._form_token(self.gate), **declaration_data()}
        with CaptureQueriesContext(connection) as queries:
            response = client.post(checkin_url(self.gate), data)
        self.assertEqual(response.status_code, 302)
        # rate counters, person upsert, BEGIN, declaration, visit, person check-in (the cut),
        # COMMIT; on plain PostgreSQL the rate counters and one statement for the rest.
        writes = [q["sql"] for q in queries.captured_queries]
        # Citus: two more for the person upsert (the staff link, the identity table)
        limit = 2 if sql.single_statement() else 7 + 2 * citus_installed()
        self.assertLessEqual(len(writes), limit, "\n".join(writes))
        self.assertEqual(Visit.objects.count(), 1)
        self.assertEqual(Person.objects.get().full_name, "Nguyễn Văn Khách")

    def test_a_one_tap_return(self) -> None:
        client = Client()
        submit(client, self.gate)
        self.warm()
        with CaptureQueriesContext(connection) as queries:
            response = client.post(
                checkin_url(self.gate),
                {"ft": public_views._form_token(self.gate), "mode": "quick"},
            )
        self.assertEqual(response.status_code, 302)
        # rate counter, person and declaration (one read), BEGIN, visit, person check-in
        # (the cut), COMMIT; on plain PostgreSQL the visit and the cut in one statement.
        statements = [q["sql"] for q in queries.captured_queries]
        self.assertLessEqual(
            len(statements), 3 if sql.single_statement() else 6, "\n".join(statements)
        )
        self.assertEqual(Visit.objects.count(), 2)
        first, second = Visit.objects.order_by("check_in")
        self.assertEqual(presence_end(first), second.check_in)  # the earlier visit is cut

    def test_a_one_tap_reads_no_personal_value(self) -> None:
        client = Client()
        submit(client, self.gate)
        self.warm()
        with CaptureQueriesContext(connection) as queries:
            client.post(
                checkin_url(self.gate),
                {"ft": public_views._form_token(self.gate), "mode": "quick"},
            )
        person_table = Person._meta.db_table
        reads = [q["sql"] for q in queries.captured_queries if f'"{person_table}"' in q["sql"]]
        self.assertEqual(len(reads), 1, reads)
        self.assertNotIn("full_name", reads[0])

    def test_a_replayed_submit_makes_nothing_new(self) -> None:
        client = Client()
        submit(client, self.gate, submission_id="6f1c5b8e-0d7a-4a53-9a4e-2b4f0f0e9a11")
        again = submit(client, self.gate, submission_id="6f1c5b8e-0d7a-4a53-9a4e-2b4f0f0e9a11")
        self.assertEqual(again.status_code, 302)
        self.assertEqual((Visit.objects.count(), Declaration.objects.count()), (1, 1))


@override_settings(CHECKIN_RATE_PER_CLIENT=2, CHECKIN_RATE_PER_PHONE=5)
class RateCounterTests(HotPathTestCase):
    def test_hit_all_counts_every_key_in_one_statement(self) -> None:
        with CaptureQueriesContext(connection) as queries:
            ok = ratelimit.hit_all([("a", 2), ("b", 1)], window_seconds=60, now=1000)
        self.assertTrue(ok)
        self.assertEqual(len(queries.captured_queries), 1)
        self.assertFalse(ratelimit.hit_all([("a", 2), ("b", 1)], window_seconds=60, now=1001))
        self.assertEqual(dict(RateCounter.objects.values_list("key", "count")), {"a": 2, "b": 2})

    def test_the_commit_setting_does_not_outlive_the_counting(self) -> None:
        self.assertTrue(ratelimit.hit("k", limit=1, window_seconds=60))
        self.assertFalse(ratelimit.hit("k", limit=1, window_seconds=60))
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SHOW synchronous_commit")
                self.assertEqual(cursor.fetchone()[0], "on")

    def test_invalid_posts_still_meet_the_client_limit(self) -> None:
        url = checkin_url(self.gate)
        ft = public_views._form_token(self.gate)
        statuses = [Client().post(url, {"ft": ft}).status_code for _ in range(3)]
        self.assertEqual(statuses, [400, 400, 429])
        self.assertEqual(submit(Client(), self.gate).status_code, 429)
        self.assertEqual(Visit.objects.count(), 0)
