"""manage.py import_checkins: validation, exit codes, duplicates, people, gates."""

from __future__ import annotations

import tempfile
from io import StringIO
from pathlib import Path

from django.core.management import CommandError, call_command
from django.db import connection
from django.test import TestCase, override_settings

from phongdich.checkin.importer import parse_text
from phongdich.checkin.models import Location, Person, Visit
from phongdich.core.crypto import blind_index
from phongdich.core.tests.base import BaseTestCase
from phongdich.org.models import Unit

HEADER = "person,name,location,check_in,check_out\n"


class ImportMixin:
    def run_import(self, text: str, *args: str) -> tuple[int, str, str]:
        """(exit code, stdout, stderr) of the command on a file holding ``text``."""
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / "checkins.csv"
            path.write_text(text, encoding="utf-8")
            out, err = StringIO(), StringIO()
            try:
                call_command("import_checkins", str(path), *args, stdout=out, stderr=err)
            except CommandError as exc:
                err.write(str(exc))
                return exc.returncode, out.getvalue(), err.getvalue()
            return 0, out.getvalue(), err.getvalue()


class ImportCheckinsTests(ImportMixin, BaseTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.gate = Location.objects.create(code="SO-CONG-CHINH", name="Cổng chính", unit=cls.unit_a)

    def test_it_reports_every_invalid_row_with_its_line_and_imports_nothing(self) -> None:
        text = HEADER + (
            "0912345678,A,SO-CONG-CHINH,2021-09-08T07:30:00+07:00,2021-09-08T08:00:00+07:00\n"
            "0912345678,A,SO-CONG-CHINH,08/09/2021 07:30,\n"
            "0912345678,A,SO-CONG-CHINH,2021-09-08T07:30:00,\n"
            "0912345678,A,SO-CONG-CHINH,2021-09-08T09:00:00+07:00,2021-09-08T09:00:00+07:00\n"
            ",A,SO-CONG-CHINH,2021-09-08T07:30:00+07:00,\n"
            "0912 345,A,SO-CONG-CHINH,2021-09-08T07:30:00+07:00,\n"
            "0912345678,A,CỔNG 1,2021-09-08T07:30:00+07:00,\n"
            "0912345678,A,SO-CONG-CHINH,2021-09-08T07:30:00+07:00,2021-09-08T07:00:00\n"
            "0912345678,A,SO-CONG-CHINH\n"
            "0912345678,A," + "X" * 41 + ",2021-09-08T07:30:00+07:00,\n"
        )
        code, out, err = self.run_import(text)
        self.assertEqual(code, 2)
        self.assertEqual(Visit.objects.count(), 0)
        self.assertEqual(Person.objects.count(), 0)
        self.assertEqual(Location.objects.count(), 1)
        self.assertIn("Dòng 3: giờ vào “08/09/2021 07:30” không đúng định dạng ISO 8601", err)
        self.assertIn("Dòng 4: giờ vào “2021-09-08T07:30:00” thiếu múi giờ", err)
        self.assertIn("Dòng 5: giờ ra phải sau giờ vào", err)
        self.assertIn("Dòng 6: thiếu người check-in", err)
        self.assertIn("Dòng 7: số điện thoại không hợp lệ", err)
        self.assertIn("Dòng 8: mã địa điểm không hợp lệ “CỔNG 1”", err)
        self.assertIn("Dòng 9: giờ ra “2021-09-08T07:00:00” thiếu múi giờ", err)
        self.assertIn("Dòng 10: cần 5 cột", err)
        self.assertIn("Dòng 11: mã địa điểm không hợp lệ", err)
        self.assertNotIn("Dòng 2:", err)
        self.assertIn("9 dòng không hợp lệ trên 10 dòng", err)
        self.assertIn("--skip-invalid", err)

    def test_skip_invalid_imports_the_valid_rows_and_exits_zero(self) -> None:
        text = HEADER + (
            "0912345678,A,SO-CONG-CHINH,2021-09-08T07:30:00+07:00,2021-09-08T08:00:00+07:00\n"
            "0912345678,A,SO-CONG-CHINH,2021-09-08T07:30:00,\n"
            "0987654321,B,SO-CONG-CHINH,2021-09-08T09:00:00+07:00,\n"
        )
        code, out, err = self.run_import(text, "--skip-invalid")
        self.assertEqual(code, 0)
        self.assertIn("Dòng 3: giờ vào", err)
        self.assertEqual(Visit.objects.count(), 2)
        self.assertIn("Số dòng đã đọc: 3", out)
        self.assertIn("Đã nhập: 2 lượt check-in", out)
        self.assertIn("Bỏ qua (không hợp lệ): 1", out)

    def test_it_rejects_a_file_without_the_expected_columns(self) -> None:
        code, _, err = self.run_import("phone,gate,time\n0912345678,G,2021-09-08T07:30:00+07:00\n")
        self.assertEqual(code, 2)
        self.assertIn("Thiếu cột", err)

    def test_it_rejects_a_missing_file(self) -> None:
        with self.assertRaises(CommandError) as ctx:
            call_command("import_checkins", "/nonexistent/x.csv", stdout=StringIO())
        self.assertEqual(ctx.exception.returncode, 2)

    def test_columns_may_come_in_any_order_with_extra_ones(self) -> None:
        text = (
            "location,check_out,note,person,check_in,name\n"
            "SO-CONG-CHINH,,x,0912345678,2021-09-08T07:30:00+07:00,Lan\n"
        )
        code, _, err = self.run_import(text)
        self.assertEqual(code, 0, err)
        self.assertEqual(Visit.objects.get().location, self.gate)

    def test_identical_rows_are_one_record_in_a_file_and_across_imports(self) -> None:
        row = "0912345678,A,SO-CONG-CHINH,2021-09-08T07:30:00+07:00,2021-09-08T08:00:00+07:00\n"
        same_instant = (
            "+84 912 345 678,,SO-CONG-CHINH,2021-09-08T00:30:00+00:00,2021-09-08T01:00:00Z\n"
        )
        text = HEADER + row + row + same_instant
        code, out, _ = self.run_import(text)
        self.assertEqual(code, 0)
        self.assertEqual(Visit.objects.count(), 1)
        self.assertIn("Trùng lặp đã gộp: 2 (trong tệp: 2, đã có sẵn: 0)", out)
        code, out, _ = self.run_import(text)
        self.assertEqual(code, 0)
        self.assertEqual(Visit.objects.count(), 1)
        self.assertIn("Đã nhập: 0 lượt check-in", out)
        self.assertIn("đã có sẵn: 1", out)

    def test_a_row_differing_in_one_field_is_another_record(self) -> None:
        text = HEADER + (
            "0912345678,A,SO-CONG-CHINH,2021-09-08T07:30:00+07:00,2021-09-08T08:00:00+07:00\n"
            "0912345678,A,SO-CONG-CHINH,2021-09-08T07:30:00+07:00,\n"
        )
        self.run_import(text)
        self.assertEqual(Visit.objects.count(), 2)

    def test_unknown_gates_are_created_under_the_root_unit_and_listed(self) -> None:
        text = HEADER + (
            "0912345678,A,CONG-MOI,2021-09-08T07:30:00+07:00,\n"
            "0912345678,A,so-cong-chinh,2021-09-08T09:30:00+07:00,\n"
            "0912345678,A,KHO_2.B,2021-09-08T10:30:00+07:00,\n"
        )
        code, out, _ = self.run_import(text)
        self.assertEqual(code, 0)
        self.assertIn("Địa điểm mới (2, thuộc Sở Thử nghiệm (SO)): CONG-MOI, KHO_2.B", out)
        new = Location.objects.get(code="CONG-MOI")
        self.assertEqual(new.unit, self.dept)
        # A code that differs only in letter case is the existing gate.
        self.assertEqual(Visit.objects.filter(location=self.gate).count(), 1)
        visit = Visit.objects.get(location=new)
        self.assertEqual(visit.unit_id_snapshot, self.dept.pk)
        self.assertEqual(visit.source, Visit.Source.IMPORT)
        self.assertEqual(visit.status, Visit.Status.ADMITTED)

    def test_the_default_unit_setting_names_the_unit_of_new_gates(self) -> None:
        with override_settings(CHECKIN_IMPORT_DEFAULT_UNIT="TT-B"):
            self.run_import(HEADER + "0912345678,A,CONG-MOI,2021-09-08T07:30:00+07:00,\n")
        self.assertEqual(Location.objects.get(code="CONG-MOI").unit, self.unit_b)

    def test_an_unknown_default_unit_rejects_the_import(self) -> None:
        with override_settings(CHECKIN_IMPORT_DEFAULT_UNIT="NOPE"):
            code, _, err = self.run_import(HEADER + "0912345678,A,X1,2021-09-08T07:30:00+07:00,\n")
        self.assertEqual(code, 2)
        self.assertIn("CHECKIN_IMPORT_DEFAULT_UNIT", err)
        self.assertFalse(Location.objects.filter(code="X1").exists())

    def test_phones_in_mixed_formats_are_one_person(self) -> None:
        formats = ["0912345678", "84912345678", "+84 912 345 678", "0912.345.678", "0912-345-678"]
        text = HEADER + "".join(
            f'"{phone}",Nguyễn Văn Ạ,SO-CONG-CHINH,2021-09-0{n + 1}T07:30:00+07:00,\n'
            for n, phone in enumerate(formats)
        )
        code, out, _ = self.run_import(text)
        self.assertEqual(code, 0)
        person = Person.objects.get()
        self.assertEqual(person.identity, "+84912345678")
        self.assertEqual(person.identity_index, Person.index_of("+84912345678"))
        self.assertEqual(person.full_name, "Nguyễn Văn Ạ")
        self.assertEqual(person.visits.count(), 5)
        self.assertIn("Người mới: 1", out)
        # Stored encrypted, not in clear.
        with connection.cursor() as cursor:
            cursor.execute("SELECT identity, full_name FROM checkin_person")
            stored = " ".join(cursor.fetchone())
        self.assertNotIn("912345678", stored)
        self.assertNotIn("Nguyễn", stored)

    def test_people_are_linked_to_staff_by_phone_or_staff_code(self) -> None:
        text = HEADER + (
            "0912000001,,SO-CONG-CHINH,2021-09-08T07:30:00+07:00,\n"
            "sb01,,SO-CONG-CHINH,2021-09-08T07:30:00+07:00,\n"
            "ZZ99,,SO-CONG-CHINH,2021-09-08T07:30:00+07:00,\n"
        )
        self.run_import(text)
        by_phone = Person.objects.get(identity_index=Person.index_of("+84912000001"))
        by_code = Person.objects.get(identity_index=Person.index_of("SB01"))
        stranger = Person.objects.get(identity_index=Person.index_of("ZZ99"))
        self.assertEqual(by_phone.staff, self.staff_a)
        self.assertEqual(by_code.staff, self.staff_b)
        self.assertIsNone(stranger.staff)

    def test_an_existing_person_is_reused_and_gets_a_missing_name(self) -> None:
        from phongdich.checkin.services.checkin import person_upsert

        existing = person_upsert(identity="+84912345678")
        self.run_import(HEADER + "0912345678,Lê Thị Bê,SO-CONG-CHINH,2021-09-08T07:30:00+07:00,\n")
        existing.refresh_from_db()
        self.assertEqual(Person.objects.count(), 1)
        self.assertEqual(existing.full_name, "Lê Thị Bê")
        self.assertEqual(existing.visits.count(), 1)
        self.assertIsNotNone(existing.last_seen_at)

    def test_blind_index_shortcut_matches_the_project_function(self) -> None:
        from phongdich.checkin.services.imports import _hasher

        for value in ["+84912345678", "SB01", "Ạ"]:
            self.assertEqual(_hasher("person")(value), blind_index(value, purpose="person"))
            self.assertEqual(_hasher("phone")(value), blind_index(value, purpose="phone"))

    def test_staff_codes_may_be_numeric_but_phone_like_values_must_be_phones(self) -> None:
        parsed = parse_text(
            HEADER + "12345,,G,2021-09-08T07:30:00+07:00,\n"
            "123456789012,,G,2021-09-08T07:30:00+07:00,\n"
            "+1 555 1234,,G,2021-09-08T07:30:00+07:00,\n"
        )
        self.assertEqual([r[0] for r in parsed.records], ["12345"])
        self.assertEqual([e.line for e in parsed.errors], [3, 4])


class ImportWithoutUnitsTests(ImportMixin, TestCase):
    def test_a_default_unit_is_created_when_there_is_none(self) -> None:
        code, out, _ = self.run_import(HEADER + "0912345678,,G-1,2021-09-08T07:30:00+07:00,\n")
        self.assertEqual(code, 0)
        unit = Unit.objects.get()
        self.assertEqual(unit.name, "Đơn vị mặc định")
        self.assertEqual(Location.objects.get(code="G-1").unit, unit)
        self.assertIn("G-1", out)


class DemoVisitsTests(TestCase):
    def test_demo_visits_are_current_deterministic_and_made_once(self) -> None:
        from django.utils import timezone

        from phongdich.checkin.demo_visits import load_visits
        from phongdich.org.demo import load

        load()
        now = timezone.now()  # one moment: the people on duty arrived before it
        first = load_visits(days=14, now=now)
        self.assertGreater(first, 100)
        order = ("check_in", "location_id", "person__identity_index")
        fields = ("check_in", "check_out", "effective_end")
        ends = list(Visit.objects.order_by(*order).values_list(*fields))
        self.assertEqual(load_visits(days=14, now=now), first)
        self.assertEqual(Visit.objects.count(), first)
        self.assertEqual(list(Visit.objects.order_by(*order).values_list(*fields)), ends)
        latest = Visit.objects.order_by("-check_in").first()
        assert latest is not None
        self.assertLess(timezone.now() - latest.check_in, timezone.timedelta(days=4))
        self.assertTrue(Visit.objects.filter(check_out__isnull=True).exists())
        self.assertTrue(Visit.objects.filter(person__staff__isnull=False).exists())
