"""The optional "Xưng hô" column of a staff list: anh/chị/ông/bà or blank; another word is
an error of its row; a file without the column keeps what is stored."""

from __future__ import annotations

from typing import Any

from phongdich.org.models import Staff, StaffImport
from phongdich.org.tests.helpers import HEADER, ImportTestCase, person, xlsx_bytes

WITH_COLUMN = [*HEADER, "Xưng hô"]


def row(n: int, title: str, **over: Any) -> list[Any]:
    return [*person(n, **over), title]


class FormOfAddressImportTests(ImportTestCase):
    def test_the_column_sets_the_form_of_address(self) -> None:
        rows = [row(1, "Chị"), row(2, "anh"), row(3, "")]
        job = self.run_import(xlsx_bytes(rows, header=WITH_COLUMN))
        self.assertEqual(job.status, StaffImport.Status.DONE, job.row_errors)
        titles = dict(
            Staff.objects.filter(staff_code__startswith="NV").values_list(
                "staff_code", "form_of_address"
            )
        )
        self.assertEqual(titles, {"NV00001": "chị", "NV00002": "anh", "NV00003": ""})

    def test_an_unknown_word_is_an_error_of_its_row(self) -> None:
        job = self.run_import(xlsx_bytes([row(1, "chị"), row(2, "cô")], header=WITH_COLUMN))
        self.assertEqual(job.status, StaffImport.Status.REJECTED)
        errors = self.errors_by_line(job)
        self.assertEqual(list(errors), [3])
        self.assertIn("Xưng hô “cô” không hợp lệ", errors[3])
        self.assertFalse(Staff.objects.filter(staff_code__startswith="NV").exists())

    def test_a_file_without_the_column_keeps_the_stored_form_of_address(self) -> None:
        self.run_import(xlsx_bytes([row(1, "chị")], header=WITH_COLUMN))
        job = self.run_import(xlsx_bytes([person(1, position="Phó Trưởng phòng")]))
        self.assertEqual(job.status, StaffImport.Status.DONE, job.row_errors)
        staff = Staff.objects.get(staff_code="NV00001")
        self.assertEqual((staff.form_of_address, staff.position), ("chị", "Phó Trưởng phòng"))
