"""SqlStore answers like the InMemoryStore on the same data (modulo extra records)."""

from __future__ import annotations

import base64
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from unittest.mock import patch

from cryptography.fernet import Fernet
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import connection
from django.test import TestCase, override_settings

from phongdich.checkin.models import DiseaseProfile, Location, Person, Visit
from phongdich.checkin.services.checkin import person_upsert, visit_check_in, visit_check_out
from phongdich.checkin.services.guard import visit_decide
from phongdich.checkin.sql import citus_installed
from phongdich.checkin.tests.helpers import on_citus
from phongdich.core.crypto import decrypt, encrypt
from phongdich.tracing import store as store_module
from phongdich.tracing.models import STAY_FLOOR_SECONDS, LocationStay
from phongdich.tracing.store import SqlStore
from tracing_engine import Case, CheckinRecord, InMemoryStore, LocationWindow, Params, trace
from tracing_engine.engine import presence
from tracing_engine.stores import StoredRecord

from .helpers import AS_OF, BASE, LOCATIONS, ONSET, PEOPLE, at, load, random_records


def utc(record: CheckinRecord) -> CheckinRecord:
    out = record.check_out
    return CheckinRecord(
        record.person,
        record.location,
        record.check_in.astimezone(UTC),
        None if out is None else out.astimezone(UTC),
    )


def intersecting(
    answer: list[StoredRecord], start: datetime, end: datetime, params: Params
) -> dict[CheckinRecord, tuple[datetime, datetime]]:
    """The records of an answer whose presence really meets [start, end), with that
    presence (a store may leave out a next check-in that cuts nothing: it answers the
    presence, tracing_engine.stores)."""
    found: dict[CheckinRecord, tuple[datetime, datetime]] = {}
    for stored in answer:
        s, e = presence(stored, params)
        if s < end and e > start:
            found[utc(stored.record)] = (s, e)
    return found


class SqlStoreAgreesWithMemory(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        cls.records = random_records(seed=7, count=260)
        load(cls.records)
        cls.memory = InMemoryStore(cls.records)

    def windows(self) -> Iterator[tuple[datetime, datetime]]:
        for day in range(-1, 5):
            for hour in (0, 6, 11, 17, 23):
                start = BASE + timedelta(days=day, hours=hour)
                for length in (timedelta(minutes=15), timedelta(hours=3), timedelta(days=1)):
                    yield start, start + length

    def test_it_finds_every_intersecting_record_of_persons(self) -> None:
        for hours in (1, 8, 12, 24):
            params = Params(open_visit_hours=hours)
            store = SqlStore()
            for start, end in self.windows():
                got = store.records_of(PEOPLE[:9], start, end, open_visit=params.open_visit)
                want = self.memory.records_of(PEOPLE[:9], start, end, open_visit=params.open_visit)
                mine = intersecting(got, start, end, params)
                theirs = intersecting(list(want), start, end, params)
                self.assertEqual(mine, theirs, (hours, start, end))
                self.assertTrue({utc(s.record) for s in got} <= set(map(utc, self.records)))

    def test_it_finds_every_intersecting_record_at_locations(self) -> None:
        for hours in (2, 8, 13):
            params = Params(open_visit_hours=hours)
            store = SqlStore()
            windows = [
                LocationWindow(location, start, end)
                for location in LOCATIONS[:3]
                for start, end in list(self.windows())[::7]
            ]
            got = store.records_at(windows, open_visit=params.open_visit)
            want = list(self.memory.records_at(windows, open_visit=params.open_visit))
            for window in windows:
                mine = intersecting(
                    [s for s in got if s.record.location == window.location],
                    window.start,
                    window.end,
                    params,
                )
                theirs = intersecting(
                    [s for s in want if s.record.location == window.location],
                    window.start,
                    window.end,
                    params,
                )
                self.assertEqual(mine, theirs, (hours, window))

    def test_traces_are_identical(self) -> None:
        for person in PEOPLE[:6]:
            for params in (
                Params(),
                Params(depth=3, min_overlap_minutes=0),
                Params(open_visit_hours=12, depth=4, min_overlap_minutes=30),
                Params(open_visit_hours=3, days_before_onset=3),
            ):
                case = Case(person, ONSET, as_of=AS_OF + timedelta(days=1))
                want = trace(self.memory, case, params)
                got = trace(SqlStore(), case, params)
                self.assertEqual(got.to_json_dict(), want.to_json_dict(), (person, params))
        self.assertTrue(want.contacts)  # the data does give contacts

    def test_unknown_persons_and_locations_give_nothing(self) -> None:
        store = SqlStore()
        ov = timedelta(hours=8)
        self.assertEqual(store.records_of(["+84999999999"], BASE, AS_OF, open_visit=ov), [])
        window = LocationWindow("NOWHERE", BASE, AS_OF)
        self.assertEqual(store.records_at([window], open_visit=ov), [])


class SqlStoreQueries(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        load(random_records(seed=3, count=120))

    # Each question: the visits, then the next check-ins of the open ones (two steps,
    # never one query over both tables); PostgreSQL also reads the kept visits.
    def visits(self, tables: int = 1) -> int:
        return tables * (1 if connection.vendor == "sqlite" else 2) + 1

    def stay(self) -> int:  # the longest-stay bound read (none kept on Citus)
        return 0 if citus_installed() else 1

    def test_records_of_is_a_fixed_number_of_queries(self) -> None:
        store = SqlStore(stored_open_visit_hours=8)
        # identities -> ids (identities known from then on), the longest stay anywhere,
        # the visits (Citus: the people's check-ins first), location codes
        with self.assertNumQueries(1 + self.stay() + self.visits() + 1 + on_citus(1)):
            answer = store.records_of(PEOPLE, BASE, AS_OF, open_visit=timedelta(hours=8))
        self.assertTrue(answer)
        self.assertTrue(any(s.record.check_out is None for s in answer))
        # everything cached now: the longest stay and the visits only
        with self.assertNumQueries(self.stay() + self.visits() + on_citus(1)):
            store.records_of(PEOPLE, BASE, AS_OF, open_visit=timedelta(hours=8))
        # a longer open stay than stored adds the generic query for open visits
        with self.assertNumQueries(self.stay() + self.visits(2)):
            store.records_of(PEOPLE, BASE, AS_OF, open_visit=timedelta(hours=9))

    def test_records_at_batches_windows(self) -> None:
        store = SqlStore(stored_open_visit_hours=8)
        windows = [
            LocationWindow(
                location, BASE + timedelta(hours=h), BASE + timedelta(hours=h, minutes=30)
            )
            for location in LOCATIONS
            for h in range(0, 96)
        ]  # 384 windows, one parameter
        # codes, the locations' longest stays, visits, identities
        with self.assertNumQueries(1 + self.stay() + self.visits() + 1):
            answer = store.records_at(windows, open_visit=timedelta(hours=8))
        self.assertTrue(answer)
        # a longer open stay than stored adds the generic query for open visits
        with self.assertNumQueries(self.stay() + self.visits(2)):
            store.records_at(windows, open_visit=timedelta(hours=9))

    def test_a_big_in_list_is_chunked(self) -> None:
        store = SqlStore(stored_open_visit_hours=8)
        persons = [f"+8491{n:07d}" for n in range(2000)] + PEOPLE
        answer = store.records_of(persons, BASE, AS_OF, open_visit=timedelta(hours=8))
        self.assertTrue(answer)


class IdentityCache(TestCase):
    """Decryption is cached by Fernet token: never stale, even if a person id is reused."""

    def test_a_cached_identity_is_looked_up_by_token(self) -> None:
        store_module._IDENTITY_CACHE.clear()
        load([CheckinRecord("+84912345600", "CONG-A", at(9, 8), at(9, 12))])
        person = Person.objects.get()
        store = SqlStore()
        self.assertEqual(store.identities([person.pk]), {person.pk: "+84912345600"})
        self.assertIn("+84912345600", store_module._IDENTITY_CACHE.values())
        # same id, another identity (as after a rolled-back insert on SQLite): the token
        # differs, so the cache cannot answer with the old identity
        Person.objects.filter(pk=person.pk).update(
            identity="+84912345601", identity_index=Person.index_of("+84912345601")
        )
        self.assertEqual(SqlStore().identities([person.pk]), {person.pk: "+84912345601"})

    def test_the_cache_is_bounded(self) -> None:
        store_module._IDENTITY_CACHE.clear()
        load([CheckinRecord(f"+8491234560{n}", "CONG-A", at(9, 8), at(9, 12)) for n in range(5)])
        ids = list(Person.objects.values_list("pk", flat=True))
        with patch.object(store_module, "IDENTITY_CACHE_SIZE", 3):
            found = SqlStore().identities(ids)
        self.assertEqual(len(found), 5)
        self.assertLessEqual(len(store_module._IDENTITY_CACHE), 3)


class RefusedVisits(TestCase):
    def test_a_refused_visitor_counts_until_the_decision(self) -> None:
        profile = DiseaseProfile.active()
        load([CheckinRecord("+84912345600", "CONG-A", at(9, 8), at(9, 12))])
        gate = Location.objects.get(code="CONG-A")
        person = person_upsert(identity="+84912345601")
        visit = visit_check_in(person=person, location=gate, at=at(9, 8, 30), profile=profile)
        Visit.objects.filter(pk=visit.pk).update(status=Visit.Status.PENDING)
        visit.refresh_from_db()
        decided = visit_decide(visit=visit, admit=False, user=None)
        self.assertEqual(decided.status, Visit.Status.REFUSED)
        case = Case("+84912345600", ONSET, as_of=at(12, 9))
        result = trace(SqlStore(), case, Params())
        # decided "now" (after as_of): the whole stay in the window counts
        self.assertEqual([c.person for c in result.contacts], ["+84912345601"])
        self.assertEqual(result.contacts[0].overlap_minutes, 210.0)
        self.assertEqual(Person.objects.count(), 2)


class BatchDecryption(TestCase):
    """The store's batch Fernet decryption gives what ``decrypt`` gives, or raises as it does."""

    OLD_KEY = Fernet.generate_key().decode()

    def test_it_equals_decrypt(self) -> None:
        texts = [
            "+84912345678",
            "NV-0042",
            "",
            "x" * 15,
            "y" * 16,
            "z" * 47,
            "Nguyễn Văn Á",
            "é" * 40,
        ]
        tokens = [encrypt(t) for t in texts]
        self.assertEqual(store_module._fernet_decrypt_batch(tokens), texts)
        self.assertEqual(store_module._fernet_decrypt_batch(tokens), [decrypt(t) for t in tokens])

    def test_older_keys_are_tried_in_order(self) -> None:
        current = list(settings.FIELD_ENCRYPTION_KEYS)
        with override_settings(FIELD_ENCRYPTION_KEYS=[self.OLD_KEY]):
            old_token = encrypt("+84912345601")
        with override_settings(FIELD_ENCRYPTION_KEYS=[*current, self.OLD_KEY]):
            tokens = [encrypt("+84912345600"), old_token]
            self.assertEqual(
                store_module._fernet_decrypt_batch(tokens), ["+84912345600", "+84912345601"]
            )

    def test_a_token_that_does_not_authenticate_raises_like_decrypt(self) -> None:
        token = encrypt("+84912345600")
        data = bytearray(base64.urlsafe_b64decode(token))
        data[30] ^= 1  # a ciphertext bit: the HMAC no longer matches
        forged = base64.urlsafe_b64encode(bytes(data)).decode()
        for bad in (forged, "not a token", token[:-8]):
            with self.assertRaises(ImproperlyConfigured):
                decrypt(bad)
            with self.assertRaises(ImproperlyConfigured):
                store_module._fernet_decrypt_batch([encrypt("+84912345601"), bad])


class LongestStayBound(TestCase):
    """A window's scan stops at ``end + longest stay`` of its location (LocationStay).
    On Citus no bound is kept (its tables take no triggers) and the scan has no lower
    end: there the long stay must be found all the same.

    A stay longer than the floor raises the bound, whatever writes it (the import,
    a check-out), and is found by a window inside it that ends long before it;
    without the bound it would be lost, so the bound is what the scan uses."""

    LONG = timedelta(days=3)

    def window_inside(self, start: datetime) -> LocationWindow:
        # a day into the long stay: its end is more than the floor after the window's
        inside = start + timedelta(days=1)
        return LocationWindow("CONG-A", inside, inside + timedelta(minutes=30))

    def found(self, start: datetime) -> bool:
        answer = SqlStore().records_at([self.window_inside(start)], open_visit=timedelta(hours=8))
        return any(s.record.check_in == start for s in answer)

    def test_an_imported_long_stay_raises_the_bound_and_is_found(self) -> None:
        start = at(8, 7)
        load(
            [
                CheckinRecord("+84912345600", "CONG-A", start, start + self.LONG),
                CheckinRecord("+84912345601", "CONG-B", start, start + timedelta(hours=2)),
            ]
        )
        gate = Location.objects.get(code="CONG-A")
        if not citus_installed():  # Citus: no bound kept, the scans have no lower end
            stay = LocationStay.objects.get(location=gate)
            self.assertGreaterEqual(stay.longest_seconds, self.LONG.total_seconds())
            self.assertLessEqual(stay.longest_seconds, self.LONG.total_seconds() + 2)
            self.assertEqual(LocationStay.objects.count(), 1)  # short stays leave no row
        self.assertTrue(self.found(start))
        inside = self.window_inside(start)
        mine = SqlStore().records_of(
            ["+84912345600"], inside.start, inside.end, open_visit=timedelta(hours=8)
        )
        self.assertEqual([s.record.check_in for s in mine], [start])  # persons' scan too
        # the trace meets the long stay a day in
        late = start + timedelta(days=1)
        load([CheckinRecord("+84912345602", "CONG-A", late, late + timedelta(minutes=40))])
        case = Case("+84912345602", late.date(), as_of=late + timedelta(hours=2))
        result = trace(SqlStore(), case, Params())
        self.assertEqual([c.person for c in result.contacts], ["+84912345600"])
        if citus_installed():
            return
        # without the bound the scan stops at end + floor and misses it
        LocationStay.objects.all().delete()
        self.assertFalse(self.found(start))
        self.assertLess(STAY_FLOOR_SECONDS, self.LONG.total_seconds())

    def test_a_late_check_out_raises_the_bound(self) -> None:
        load([CheckinRecord("+84912345600", "CONG-B", at(8, 6), at(8, 7))])
        gate = Location.objects.create(code="CONG-A", name="A", unit=Location.objects.get().unit)
        person = person_upsert(identity="+84912345601")
        start = at(8, 7)
        visit = visit_check_in(person=person, location=gate, at=start)
        self.assertFalse(LocationStay.objects.exists())  # an open visit ends by midnight
        visit_check_out(visit=visit, at=start + self.LONG)
        if not citus_installed():  # Citus keeps no bound (no triggers on its tables)
            self.assertGreaterEqual(
                LocationStay.objects.get(location=gate).longest_seconds,
                self.LONG.total_seconds(),
            )
        self.assertTrue(self.found(start))


class VisitIndexes(TestCase):
    """The indexes SqlStore's queries rely on survive the migrations of the visit table.

    They are plain SQL, unknown to Django: on SQLite a ``checkin`` migration that
    rebuilds the table after them drops them (see tracing migration 0004); without
    them a province trace is ~8x slower with the same results. This checks a freshly
    migrated database; databases migrated step by step depend on 0004-like migrations.
    """

    def test_the_tracing_indexes_exist(self) -> None:
        with connection.cursor() as cursor:
            indexes = connection.introspection.get_constraints(cursor, Visit._meta.db_table)
        columns = {name: info["columns"] for name, info in indexes.items() if info["index"]}
        self.assertEqual(
            columns.get("tracing_visit_loc_cover"),
            ["location_id", "effective_end", "check_in", "check_out", "person_id"],
        )
        self.assertEqual(columns.get("tracing_visit_person_end"), ["person_id", "effective_end"])
        self.assertNotIn("tracing_visit_loc_end", columns)
