"""The effective ends of imported visits follow tracing.md exactly, against every
record of the person: imported and already stored. The end is the visit's stored end
or the person's next check-in (the person-keyed PersonCheckin), whichever is first:
``presence_end``; a stored visit is never rewritten by a later check-in."""

from __future__ import annotations

from datetime import datetime
from unittest import mock
from zoneinfo import ZoneInfo

from django.db import connection
from django.test import TestCase

from phongdich.checkin import sql
from phongdich.checkin.importer import parse_text
from phongdich.checkin.models import DiseaseProfile, Location, Person, PersonCheckin, Visit
from phongdich.checkin.selectors.visits import presence_end
from phongdich.checkin.services.checkin import person_upsert, visit_check_in
from phongdich.checkin.services.imports import ImportResult, import_records
from phongdich.org.models import Unit

VN = ZoneInfo("Asia/Ho_Chi_Minh")
HEADER = "person,name,location,check_in,check_out\n"


def at(day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2021, 9, day, hour, minute, tzinfo=VN)


class EffectiveEndTests(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        unit = Unit.objects.create(code="SO", name="Sở")
        cls.gate = Location.objects.create(code="G1", name="Cổng 1", unit=unit)
        cls.hall = Location.objects.create(code="G2", name="Hội trường", unit=unit)
        DiseaseProfile.active()

    def load(self, rows: str) -> ImportResult:
        parsed = parse_text(HEADER + rows)
        self.assertEqual(parsed.errors, [])
        return import_records(parsed.records, parsed.names)

    def end_of(self, check_in: datetime, identity: str = "+84912345678") -> datetime:
        visit = Visit.objects.get(
            person__identity_index=Person.index_of(identity), check_in=check_in
        )
        return presence_end(visit)

    def test_a_check_out_is_the_end(self) -> None:
        self.load("0912345678,,G1,2021-09-08T07:30:00+07:00,2021-09-08T07:45:00+07:00\n")
        self.assertEqual(self.end_of(at(8, 7, 30)), at(8, 7, 45))

    def test_an_open_visit_lasts_open_visit_hours(self) -> None:
        self.load("0912345678,,G1,2021-09-08T08:00:00+07:00,\n")
        self.assertEqual(self.end_of(at(8, 8)), at(8, 16))

    def test_the_profile_hours_are_used(self) -> None:
        DiseaseProfile.objects.filter(is_active=True).update(open_visit_hours=2)
        self.load("0912345678,,G1,2021-09-08T08:00:00+07:00,\n")
        self.assertEqual(self.end_of(at(8, 8)), at(8, 10))

    def test_local_midnight_ends_an_evening_visit(self) -> None:
        # 20:00 +07:00 is 13:00 UTC: the day ends at local, not UTC, midnight.
        self.load("0912345678,,G1,2021-09-08T13:00:00+00:00,\n")
        self.assertEqual(self.end_of(at(8, 20)), at(9, 0))

    def test_the_next_check_in_anywhere_cuts_an_open_visit(self) -> None:
        self.load(
            "0912345678,,G1,2021-09-08T08:00:00+07:00,\n"
            "0912345678,,G2,2021-09-08T09:15:00+07:00,2021-09-08T10:00:00+07:00\n"
            "0987654321,,G1,2021-09-08T08:30:00+07:00,\n"
        )
        self.assertEqual(self.end_of(at(8, 8)), at(8, 9, 15))
        # Another person's check-in cuts nothing.
        self.assertEqual(self.end_of(at(8, 8, 30), "+84987654321"), at(8, 16, 30))

    def test_only_a_strictly_later_check_in_cuts(self) -> None:
        self.load(
            "0912345678,,G1,2021-09-08T08:00:00+07:00,\n0912345678,,G2,2021-09-08T08:00:00+07:00,\n"
        )
        ends = {presence_end(v) for v in Visit.objects.all()}
        self.assertEqual(ends, {at(8, 16)})

    def test_the_earliest_of_the_three_wins(self) -> None:
        self.load(
            "0912345678,,G1,2021-09-08T18:00:00+07:00,\n"  # midnight at 6 h < 8 h
            "0912345678,,G1,2021-09-09T22:00:00+07:00,\n"
            "0912345678,,G2,2021-09-09T23:30:00+07:00,\n"  # next check-in < midnight
        )
        self.assertEqual(self.end_of(at(8, 18)), at(9, 0))
        self.assertEqual(self.end_of(at(9, 22)), at(9, 23, 30))
        self.assertEqual(self.end_of(at(9, 23, 30)), at(10, 0))

    def test_a_stored_later_check_in_cuts_an_imported_one(self) -> None:
        person = person_upsert(identity="+84912345678")
        visit_check_in(person=person, location=self.hall, at=at(8, 10))
        self.load("0912345678,,G1,2021-09-08T08:00:00+07:00,\n")
        self.assertEqual(self.end_of(at(8, 8)), at(8, 10))
        # The stored one, later, is not cut by an earlier check-in.
        self.assertEqual(self.end_of(at(8, 10)), at(8, 18))

    def test_an_imported_later_check_in_cuts_a_stored_open_visit(self) -> None:
        person = person_upsert(identity="+84912345678")
        open_visit = visit_check_in(person=person, location=self.hall, at=at(8, 8))
        closed = visit_check_in(person=person, location=self.hall, at=at(7, 8), check_out=at(7, 9))
        self.assertEqual(open_visit.effective_end, at(8, 16))
        result = self.load(
            "0912345678,,G1,2021-09-08T11:00:00+07:00,\n"
            "0912345678,,G1,2021-09-08T12:00:00+07:00,2021-09-08T13:00:00+07:00\n"
        )
        open_visit.refresh_from_db()
        closed.refresh_from_db()
        self.assertEqual(presence_end(open_visit), at(8, 11))
        self.assertEqual(open_visit.effective_end, at(8, 16))  # the stored row: not rewritten
        self.assertEqual(presence_end(closed), at(7, 9))
        self.assertEqual(self.end_of(at(8, 11)), at(8, 12))
        self.assertEqual(result.imported, 2)

    def test_an_import_does_not_lengthen_a_stored_cut(self) -> None:
        person = person_upsert(identity="+84912345678")
        first = visit_check_in(person=person, location=self.hall, at=at(8, 8))
        visit_check_in(person=person, location=self.gate, at=at(8, 9))
        self.load("0912345678,,G1,2021-09-08T11:00:00+07:00,\n")
        first.refresh_from_db()
        self.assertEqual(presence_end(first), at(8, 9))

    def test_the_ends_match_the_service_for_a_random_day(self) -> None:
        """The bulk path and visit_check_in, fed the same records, give the same ends."""
        import random

        rng = random.Random(7)
        rows = []
        # Distinct instants: visit_check_in cuts only the latest earlier visit, so two
        # visits at the same instant are a case where it and tracing.md part ways.
        slots = rng.sample([(d, h, m) for d in (8, 9) for h in range(24) for m in (0, 30)], 40)
        for day, hour, minute in slots:
            start = at(day, hour, minute)
            closed = rng.random() < 0.5
            end = start.replace(minute=59) if closed and start.minute < 59 else None
            rows.append((rng.choice(["G1", "G2"]), start, end))
        text = "".join(
            f"0912345678,,{g},{s.isoformat()},{e.isoformat() if e else ''}\n" for g, s, e in rows
        )
        self.load(text)
        imported = {
            (v.location.code, v.check_in, v.check_out): presence_end(v)
            for v in Visit.objects.select_related("location")
        }
        Visit.objects.all().delete()
        PersonCheckin.objects.all().delete()
        person = Person.objects.get()
        for code, start, end in sorted(set(rows), key=lambda r: r[1]):
            location = self.gate if code == "G1" else self.hall
            visit_check_in(person=person, location=location, at=start, check_out=end)
        serviced = {
            (v.location.code, v.check_in, v.check_out): presence_end(v)
            for v in Visit.objects.select_related("location")
        }
        diff = {k: (v, serviced.get(k)) for k, v in imported.items() if v != serviced.get(k)}
        self.assertEqual(diff, {})


class IndexRebuildTests(TestCase):
    def indexes(self) -> set[str]:
        with connection.cursor() as cursor:
            return {
                index
                for index, info in connection.introspection.get_constraints(
                    cursor, Visit._meta.db_table
                ).items()
                if info["index"]
            }

    def test_a_large_load_leaves_every_index_in_place(self) -> None:
        unit = Unit.objects.create(code="SO", name="Sở")
        Location.objects.create(code="G1", name="Cổng", unit=unit)
        before = self.indexes()
        parsed = parse_text(
            HEADER
            + "".join(f"09123456{n:02d},,G1,2021-09-08T08:{n:02d}:00+07:00,\n" for n in range(50))
        )
        with mock.patch.object(sql, "REBUILD_MIN", 10):
            result = import_records(parsed.records)
        self.assertEqual(result.imported, 50)
        self.assertEqual(self.indexes(), before)
        self.assertIn("visit_person_time", before)
