"""A 10,000-row list: imported once, then re-imported without duplicates."""

from __future__ import annotations

from typing import Any
from unittest import mock

from phongdich.org.models import Staff, StaffImport
from phongdich.org.services import staff_import
from phongdich.org.tests.helpers import ImportTestCase, csv_bytes, person, xlsx_bytes

N = 10_000


class LargeStaffImportTestCase(ImportTestCase):
    def test_it_imports_ten_thousand_rows_then_reimports_without_duplicating(self) -> None:
        rows = [person(n, unit=("P-A" if n % 2 else "TT-B")) for n in range(1, N + 1)]
        seen: list[int] = []
        real_apply = staff_import.staff_rows_apply

        def spy(**kwargs: Any) -> Any:
            progress = kwargs.pop("progress")

            def record(done: int) -> None:
                progress(done)
                seen.append(StaffImport.objects.get().progress_done)

            return real_apply(progress=record, **kwargs)

        with mock.patch.object(staff_import, "staff_rows_apply", spy):
            first = self.run_import(xlsx_bytes(rows))
        self.assertEqual(first.status, StaffImport.Status.DONE, first.row_errors[:3])
        self.assertEqual(
            (first.created_count, first.updated_count, first.progress_total), (N, 0, N)
        )
        self.assertEqual(seen, list(range(500, N + 1, 500)))
        self.assertEqual(Staff.objects.filter(staff_code__startswith="NV").count(), N)

        again = self.run_import(csv_bytes(rows, delimiter=";"), "lan-2.csv")
        self.assertEqual(
            (again.status, again.created_count, again.updated_count, again.unchanged_count),
            (StaffImport.Status.DONE, 0, 0, N),
        )

        rows[0] = person(1, position="Trưởng phòng")
        rows[41] = person(42, phone="0987 000 042", unit="P-A-1")
        rows.append(person(N + 1))
        changed = self.run_import(csv_bytes(rows), "lan-3.csv")
        self.assertEqual(
            (changed.created_count, changed.updated_count, changed.unchanged_count), (1, 2, N - 2)
        )
        self.assertEqual(Staff.objects.filter(staff_code__startswith="NV").count(), N + 1)
        self.assertEqual(Staff.objects.get(staff_code="NV00001").position, "Trưởng phòng")
        moved = Staff.objects.get(staff_code="NV00042")
        self.assertEqual((moved.phone, moved.unit), ("+84987000042", self.unit_a_team))
