"""Validating every row: each bad row reported with its line and reason; all or nothing."""

from __future__ import annotations

import unicodedata

from phongdich.org.models import Staff, StaffImport, Unit
from phongdich.org.tests.helpers import (
    ImportTestCase,
    csv_bytes,
    imported_codes,
    person,
    xlsx_bytes,
)


class StaffImportRowsTestCase(ImportTestCase):
    def test_it_reports_bad_phones_with_their_lines_and_imports_nothing(self) -> None:
        rows = [person(1), person(2, phone="12345"), person(3), person(4, phone="0912abc678")]
        job = self.run_import(xlsx_bytes(rows))
        self.assertEqual(job.status, StaffImport.Status.REJECTED)
        errors = self.errors_by_line(job)
        self.assertEqual(list(errors), [3, 5])
        self.assertIn("Số điện thoại “12345” không hợp lệ", errors[3])
        self.assertIn("“0912abc678”", errors[5])
        self.assertEqual((job.progress_done, job.progress_total), (4, 4))
        self.assertFalse(Staff.objects.filter(staff_code__startswith="NV").exists())

    def test_it_normalises_every_spelling_of_a_phone_to_plus_84(self) -> None:
        spellings = [
            "0912.345.601",
            "+84 912 345 602",
            "84912345603",
            "(091) 234-5604",
            "912345605",
        ]
        rows = [person(n, phone=p) for n, p in enumerate(spellings, start=1)]
        job = self.run_import(csv_bytes(rows), "a.csv")
        self.assertEqual(job.status, StaffImport.Status.DONE, job.row_errors)
        phones = sorted(s.phone for s in Staff.objects.filter(staff_code__startswith="NV"))
        self.assertEqual(phones, [f"+8491234560{n}" for n in range(1, 6)])

    def test_it_accepts_a_row_without_a_phone(self) -> None:
        job = self.run_import(xlsx_bytes([person(1, phone=None)]))
        self.assertEqual(job.status, StaffImport.Status.DONE, job.row_errors)
        staff = Staff.objects.get(staff_code="NV00001")
        self.assertEqual((staff.phone, staff.phone_index), ("", ""))

    def test_it_reports_a_staff_code_repeated_within_the_file(self) -> None:
        rows = [person(1), person(2), person(3, code="nv00001")]
        job = self.run_import(xlsx_bytes(rows))
        self.assertEqual(job.status, StaffImport.Status.REJECTED)
        self.assertEqual(self.errors_by_line(job), {4: "Mã cán bộ NV00001 trùng với dòng 2."})

    def test_it_reports_a_phone_repeated_within_the_file_in_another_spelling(self) -> None:
        rows = [person(1, phone="0912345678"), person(2, phone="+84 912 345 678")]
        job = self.run_import(xlsx_bytes(rows))
        self.assertEqual(
            self.errors_by_line(job), {3: "Số điện thoại +8491****678 trùng với dòng 2."}
        )

    def test_it_reports_a_phone_already_owned_by_another_staff_member(self) -> None:
        job = self.run_import(xlsx_bytes([person(1), person(2, phone="0912000002")]))
        self.assertEqual(job.status, StaffImport.Status.REJECTED)
        self.assertEqual(
            self.errors_by_line(job), {3: "Số điện thoại +8491****002 đã thuộc cán bộ có mã SB01."}
        )
        self.assertEqual(Staff.objects.get(staff_code="SB01").phone, "+84912000002")

    def test_it_lets_a_staff_member_keep_their_own_phone(self) -> None:
        row = person(1, code="SA01", phone="0912000001", unit="P-A-1")
        job = self.run_import(xlsx_bytes([row]))
        self.assertEqual(job.status, StaffImport.Status.DONE, job.row_errors)
        self.assertEqual(job.updated_count, 1)

    def test_it_moves_a_phone_when_its_owner_gets_another_in_the_same_file(self) -> None:
        rows = [
            person(1, code="NEW1", phone="0912000001"),
            person(2, code="SA01", phone="0912000099", unit="P-A-1"),
        ]
        job = self.run_import(xlsx_bytes(rows))
        self.assertEqual(job.status, StaffImport.Status.DONE, job.row_errors)
        self.assertEqual(Staff.objects.get(staff_code="NEW1").phone, "+84912000001")
        self.assertEqual(Staff.objects.get(staff_code="SA01").phone, "+84912000099")

    def test_it_swaps_phones_of_two_staff_even_across_write_chunks(self) -> None:
        filler = [person(n) for n in range(1, 600)]
        rows = [
            person(0, code="SA01", phone="0912000002", unit="P-A-1"),
            *filler,
            person(600, code="SB01", phone="0912000001", unit="TT-B"),
        ]
        job = self.run_import(xlsx_bytes(rows))
        self.assertEqual(job.status, StaffImport.Status.DONE, job.row_errors or job.error)
        self.assertEqual(Staff.objects.get(staff_code="SA01").phone, "+84912000002")
        self.assertEqual(Staff.objects.get(staff_code="SB01").phone, "+84912000001")

    def test_it_refuses_a_phone_whose_owner_row_is_skipped_as_invalid(self) -> None:
        rows = [
            person(1, code="NEW1", phone="0912000001"),
            person(2, code="SA01", phone="0912000099", unit="NOWHERE"),
        ]
        job = self.run_import(xlsx_bytes(rows), skip_invalid=True)
        self.assertEqual(job.status, StaffImport.Status.DONE)
        self.assertEqual(list(self.errors_by_line(job)), [2, 3])
        self.assertIn("đã thuộc cán bộ có mã SA01", self.errors_by_line(job)[2])
        self.assertFalse(Staff.objects.filter(staff_code="NEW1").exists())
        self.assertEqual(Staff.objects.get(staff_code="SA01").phone, "+84912000001")

    def test_it_reports_an_unknown_unit(self) -> None:
        job = self.run_import(xlsx_bytes([person(1, unit="Phòng Không Có")]))
        self.assertEqual(
            self.errors_by_line(job),
            {2: "Không tìm thấy đơn vị “Phòng Không Có” (ghi mã hoặc tên đơn vị)."},
        )

    def test_it_finds_a_unit_by_code_name_or_short_name_without_diacritics(self) -> None:
        Unit.objects.filter(pk=self.unit_b.pk).update(short_name="TT DVVL")
        rows = [
            person(1, unit="p-a"),
            person(2, unit="phong giao duc nghe nghiep"),
            person(3, unit="TT DVVL"),
        ]
        job = self.run_import(xlsx_bytes(rows))
        self.assertEqual(job.status, StaffImport.Status.DONE, job.row_errors)
        units = dict(
            Staff.objects.filter(staff_code__startswith="NV").values_list("staff_code", "unit")
        )
        self.assertEqual(
            units, {"NV00001": self.unit_a.pk, "NV00002": self.unit_a.pk, "NV00003": self.unit_b.pk}
        )

    def test_it_asks_for_the_code_when_two_units_share_a_name(self) -> None:
        Unit.objects.create(code="TT-C-1", name="Tổ Tuyển sinh", parent=self.unit_b)
        job = self.run_import(xlsx_bytes([person(1, unit="Tổ Tuyển sinh")]))
        self.assertIn("P-A-1, TT-C-1", self.errors_by_line(job)[2])
        self.assertIn("hãy ghi mã đơn vị", self.errors_by_line(job)[2])

    def test_it_refuses_a_unit_that_no_longer_operates(self) -> None:
        Unit.objects.create(code="OLD", name="Phòng đã giải thể", parent=self.dept, is_active=False)
        job = self.run_import(xlsx_bytes([person(1, unit="OLD")]))
        self.assertEqual(self.errors_by_line(job), {2: "Đơn vị “OLD” đã ngừng hoạt động."})

    def test_it_refuses_a_unit_outside_the_unit_heads_scope_row_by_row(self) -> None:
        rows = [person(1, unit="P-A"), person(2, unit="TT-B"), person(3, unit="P-A-1")]
        job = self.run_import(xlsx_bytes(rows), user=self.head_a)
        self.assertEqual(job.status, StaffImport.Status.REJECTED)
        self.assertEqual(
            self.errors_by_line(job),
            {3: "Bạn không có quyền nhập cán bộ cho đơn vị “TT-B”."},
        )

    def test_it_imports_the_in_scope_rows_of_a_unit_head_when_asked_to_skip(self) -> None:
        rows = [person(1, unit="P-A"), person(2, unit="TT-B"), person(3, unit="P-A-1")]
        job = self.run_import(xlsx_bytes(rows), user=self.head_a, skip_invalid=True)
        self.assertEqual(job.status, StaffImport.Status.DONE)
        self.assertEqual((job.created_count, job.skipped_count), (2, 1))
        self.assertEqual(imported_codes(), {"NV00001", "NV00003"})

    def test_it_stops_a_unit_head_from_taking_over_staff_of_another_unit_by_code(self) -> None:
        row = person(1, code="SB01", phone="0912000002", unit="P-A", name="Kẻ Mạo Danh")
        job = self.run_import(xlsx_bytes([row]), user=self.head_a)
        self.assertEqual(job.status, StaffImport.Status.REJECTED)
        self.assertIn("ngoài phạm vi của bạn", self.errors_by_line(job)[2])
        staff = Staff.objects.get(staff_code="SB01")
        self.assertEqual((staff.full_name, staff.unit), ("Trần Thị Bê", self.unit_b))

    def test_it_does_not_tell_a_unit_head_who_owns_a_phone_in_another_unit(self) -> None:
        job = self.run_import(xlsx_bytes([person(1, phone="0912000002")]), user=self.head_a)
        self.assertEqual(
            self.errors_by_line(job), {2: "Số điện thoại +84912000002 đã thuộc một cán bộ khác."}
        )

    def test_it_lets_the_office_import_for_every_unit(self) -> None:
        rows = [person(1, unit="VP"), person(2, unit="TT-B"), person(3, unit="SO")]
        job = self.run_import(xlsx_bytes(rows), user=self.office)
        self.assertEqual((job.status, job.created_count), (StaffImport.Status.DONE, 3))

    def test_it_stores_nfd_vietnamese_text_as_nfc(self) -> None:
        name = unicodedata.normalize("NFD", "Nguyễn  Thị   Ánh Tuyết")
        position = unicodedata.normalize("NFD", "Phó Trưởng phòng")
        unit = unicodedata.normalize("NFD", "Phòng Giáo dục nghề nghiệp")
        self.assertNotEqual(name, unicodedata.normalize("NFC", name))
        rows = [person(1, name=name, position=position, unit=unit)]
        for data, filename in ((xlsx_bytes(rows), "a.xlsx"), (csv_bytes(rows), "a.csv")):
            with self.subTest(filename):
                job = self.run_import(data, filename)
                self.assertEqual(job.status, StaffImport.Status.DONE, job.row_errors)
                staff = Staff.objects.get(staff_code="NV00001")
                self.assertEqual(staff.full_name, "Nguyễn Thị Ánh Tuyết")
                self.assertTrue(unicodedata.is_normalized("NFC", staff.full_name))
                self.assertEqual(staff.position, "Phó Trưởng phòng")
                self.assertEqual(staff.unit, self.unit_a)

    def test_it_reports_every_problem_of_a_row_at_once(self) -> None:
        row = person(1, name="", code="", phone="1", email="khong-phai-email", unit="")
        job = self.run_import(xlsx_bytes([row]))
        reasons = job.row_errors[0]["reasons"]
        self.assertEqual(job.row_errors[0]["line"], 2)
        self.assertEqual(len(reasons), 5, reasons)
        joined = " ".join(reasons)
        expected = ["Thiếu họ và tên", "Thiếu mã cán bộ", "“1” không hợp lệ"]
        expected += ["Email", "Thiếu đơn vị"]
        for fragment in expected:
            self.assertIn(fragment, joined)

    def test_it_refuses_values_longer_than_their_columns(self) -> None:
        rows = [
            person(1, name="A" * 201),
            person(2, code="C" * 33),
            person(3, email=("e" * 250) + "@example.vn"),
            person(4, position="P" * 201),
        ]
        job = self.run_import(xlsx_bytes(rows))
        self.assertEqual(list(self.errors_by_line(job)), [2, 3, 4, 5])
        self.assertIn("dài quá", self.errors_by_line(job)[4])

    def test_it_imports_only_the_valid_rows_when_asked_to_skip_bad_ones(self) -> None:
        rows = [person(1), person(2, phone="0"), person(3), person(4, unit="")]
        job = self.run_import(xlsx_bytes(rows), skip_invalid=True)
        self.assertEqual(job.status, StaffImport.Status.DONE)
        self.assertEqual((job.created_count, job.skipped_count), (2, 2))
        self.assertEqual(list(self.errors_by_line(job)), [3, 5])
        self.assertEqual(imported_codes(), {"NV00001", "NV00003"})

    def test_it_updates_by_staff_code_instead_of_duplicating(self) -> None:
        self.run_import(xlsx_bytes([person(1), person(2)]))
        job = self.run_import(xlsx_bytes([person(1, position="Trưởng phòng"), person(2)]))
        self.assertEqual((job.created_count, job.updated_count, job.unchanged_count), (0, 1, 1))
        self.assertEqual(Staff.objects.filter(staff_code__startswith="NV").count(), 2)
        self.assertEqual(Staff.objects.get(staff_code="NV00001").position, "Trưởng phòng")

    def test_it_matches_a_code_stored_in_lower_case_without_duplicating(self) -> None:
        Staff.objects.create(full_name="Cũ", staff_code="nv00001", unit=self.unit_a)
        job = self.run_import(xlsx_bytes([person(1)]))
        self.assertEqual((job.created_count, job.updated_count), (0, 1))
        self.assertEqual(Staff.objects.filter(staff_code__iexact="NV00001").count(), 1)
        self.assertEqual(Staff.objects.get(staff_code="NV00001").full_name, "Nguyễn Văn Thử 1")

    def test_it_reactivates_a_staff_member_who_had_left(self) -> None:
        Staff.objects.filter(staff_code="SA01").update(is_active=False)
        row = person(1, code="SA01", name="Nguyễn Văn Ạ", phone="0912000001", unit="P-A-1")
        job = self.run_import(xlsx_bytes([row]))
        self.assertEqual(job.updated_count, 1)
        self.assertTrue(Staff.objects.get(staff_code="SA01").is_active)
