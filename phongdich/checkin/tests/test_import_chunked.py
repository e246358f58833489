"""The bulk import in batches and chunks stores exactly what the rules say.

A random file (people in mixed phone spellings and staff codes, several gates, open
and closed visits, exact duplicate rows, rows differing only in the check-out, bad
rows) is imported on top of an earlier import of part of it. What is stored (every
visit with its effective end, every person-keyed check-in) must equal an
independent reference computed record by record with ``presence.open_visit_end``,
whether the import runs in one batch or in batches of a few rows, stored people
read a few at a time, and the indexes dropped and rebuilt.
"""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta
from unittest import mock
from zoneinfo import ZoneInfo

from django.db import connection
from django.test import SimpleTestCase, TestCase
from hypothesis import given, settings
from hypothesis import strategies as st

from phongdich.checkin import sql
from phongdich.checkin.importer import _fast_phone, _identity, parse_text
from phongdich.checkin.models import DiseaseProfile, Location, Person, PersonCheckin, Visit
from phongdich.checkin.presence import open_visit_end
from phongdich.checkin.services.imports import import_parsed
from phongdich.core.crypto import decrypt
from phongdich.org.models import Unit

VN = ZoneInfo("Asia/Ho_Chi_Minh")
HEADER = "person,name,location,check_in,check_out\n"
SPELLINGS = [
    lambda n: f"0{n}",
    lambda n: f"+84{n}",
    lambda n: f"84{n}",
    lambda n: f"0{n[:3]}.{n[3:6]}.{n[6:]}",
    lambda n: f"+84 {n[:3]} {n[3:6]} {n[6:]}",
    lambda n: f"0{n[:3]}-{n[3:6]}-{n[6:]}",
]


def random_file(seed: int, rows: int) -> tuple[list[str], list[str]]:
    """(valid lines, bad lines) of a CSV body."""
    rng = random.Random(seed)
    nationals = [f"9{n:08d}" for n in rng.sample(range(10**8), 14)]
    start = datetime(2021, 9, 8, 6, 0, tzinfo=VN)
    lines: list[str] = []
    for _ in range(rows):
        n = rng.randrange(16)
        person = f"CB{n:03d}" if n >= 14 else rng.choice(SPELLINGS)(nationals[n])
        check_in = start + timedelta(minutes=15 * rng.randrange(0, 4 * 40))
        out = ""
        if rng.random() < 0.7:
            out = (check_in + timedelta(minutes=rng.randrange(1, 300))).isoformat()
        name = "Người Thử" if rng.random() < 0.2 else ""
        line = f"{person},{name},G{rng.randrange(1, 4)},{check_in.isoformat()},{out}\n"
        lines.append(line)
        if rng.random() < 0.1:
            lines.append(line)  # an exact duplicate
    bad = [
        "0123,,G1,2021-09-08T07:00:00+07:00,\n",  # not a phone number
        "0912345678,,G1,2021-09-08T07:00:00,\n",  # no time zone
        "0912345678,,G1,2021-09-08T07:00:00+07:00,2021-09-08T06:00:00+07:00\n",
        "0912345678,,G 1,2021-09-08T07:00:00+07:00,\n",  # bad gate code
    ]
    return lines, bad


def reference(files: list[list[str]], hours: int) -> tuple[set, set]:
    """Visits (identity, code, check_in, check_out, end) and check-ins (identity, code,
    check_in) the rules give for ``files`` imported one after the other: a visit's end
    is computed from every check-in of its person known when it is stored (the files
    so far) and never rewritten afterwards."""
    visits: dict[tuple, datetime] = {}
    starts: dict[str, set[datetime]] = {}
    checkins = set()
    for lines in files:
        records = [
            r for r in dict.fromkeys(parse_text(HEADER + "".join(lines)).records) if r not in visits
        ]
        for identity, code, check_in, _out in records:
            starts.setdefault(identity, set()).add(check_in)
            checkins.add((identity, code, check_in))
        for record in records:
            identity, _code, check_in, check_out = record
            if check_out is None:
                later = [s for s in starts[identity] if s > check_in]
                visits[record] = open_visit_end(
                    check_in, open_visit_hours=hours, next_check_in=min(later) if later else None
                ).astimezone(UTC)
            else:
                visits[record] = check_out
    return {(*record, end) for record, end in visits.items()}, checkins


def stored() -> tuple[list[tuple], set]:
    identity = {p.pk: p.identity for p in Person.objects.all()}
    code = dict(Location.objects.values_list("pk", "code"))
    visits = [
        (identity[v.person_id], code[v.location_id], v.check_in, v.check_out, v.effective_end)
        for v in Visit.objects.all()
    ]
    checkins = {
        (identity[c.person_id], code[c.location_id], c.check_in)
        for c in PersonCheckin.objects.all()
    }
    return visits, checkins


class ChunkedImportTests(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        unit = Unit.objects.create(code="SO", name="Sở")
        for n in range(1, 4):
            Location.objects.create(code=f"G{n}", name=f"Cổng {n}", unit=unit)
        cls.hours = DiseaseProfile.active().open_visit_hours

    def run_import(self, body: str, *, small: bool) -> tuple[int, int, int]:
        parsed = parse_text(HEADER + body)
        if not small:
            result = import_parsed(parsed)
        else:
            with (
                mock.patch.object(sql, "BATCH", 7),
                mock.patch.object(sql, "IN_CHUNK", 3),
                mock.patch.object(sql, "REBUILD_MIN", 5),
            ):
                result = import_parsed(parsed)
        return result.imported, result.duplicates_in_file, result.duplicates_in_db

    def check(self, seed: int, *, small: bool) -> None:
        lines, bad = random_file(seed, 160)
        earlier = lines[: len(lines) // 3] + lines[-10:]
        self.run_import("".join(earlier), small=small)
        body = lines + bad
        random.Random(seed).shuffle(body)
        parsed = parse_text(HEADER + "".join(body))
        self.assertEqual(len(parsed.errors), len(bad))
        counts = self.run_import("".join(body), small=small)
        visits, checkins = stored()
        want_visits, want_checkins = reference([earlier, lines], self.hours)
        self.assertEqual(set(visits), want_visits)
        self.assertEqual(len(visits), len(want_visits))  # no visit stored twice
        self.assertEqual(checkins, want_checkins)
        self.assertEqual(PersonCheckin.objects.count(), len(want_checkins))
        unique = len(dict.fromkeys(parsed.records))
        self.assertEqual(counts[1], len(lines) - unique)  # duplicates within the file
        self.assertEqual(counts[0] + counts[2], unique)  # new + already stored

    def test_in_batches_and_chunks_it_stores_what_the_rules_say(self) -> None:
        self.check(1, small=True)

    def test_in_one_batch_it_stores_what_the_rules_say(self) -> None:
        self.check(1, small=False)

    def test_another_file_in_batches_and_chunks(self) -> None:
        self.check(2, small=True)

    def test_names_are_encrypted_and_filled_in_once(self) -> None:
        self.run_import("0912345678,,G1,2021-09-08T07:00:00+07:00,\n", small=False)
        self.run_import(
            "0912345678,Lan,G1,2021-09-08T09:00:00+07:00,\n"
            "0912345678,Mai,G1,2021-09-08T10:00:00+07:00,\n",
            small=True,
        )
        person = Person.objects.get()
        self.assertEqual(person.full_name, "Lan")
        with connection.cursor() as cursor:
            cursor.execute("SELECT full_name, identity FROM checkin_person")
            name_token, identity_token = cursor.fetchone()
        self.assertEqual((decrypt(name_token), decrypt(identity_token)), ("Lan", "+84912345678"))


class FastPhoneTests(SimpleTestCase):
    @settings(max_examples=600, deadline=None)
    @given(st.text(alphabet="0123456789+84 .-()/\u00a0\t\u2010abx", max_size=16))
    def test_the_fast_path_answers_only_what_the_slow_path_answers(self, text: str) -> None:
        fast = _fast_phone(text)
        if fast is not None:
            self.assertEqual(fast, _identity(text))

    @settings(max_examples=300, deadline=None)
    @given(
        st.integers(min_value=0, max_value=10**8 - 1),
        st.sampled_from("35789"),
        st.sampled_from(range(len(SPELLINGS))),
    )
    def test_the_usual_spellings_take_the_fast_path(
        self, rest: int, first: str, spelling: int
    ) -> None:
        national = f"{first}{rest:08d}"
        text = SPELLINGS[spelling](national)
        self.assertEqual(_fast_phone(text), "+84" + national)
        self.assertEqual(_identity(text), "+84" + national)
