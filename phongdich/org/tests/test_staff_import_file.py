"""Reading the uploaded file: formats, encodings, headers; file-level rejections."""

from __future__ import annotations

import io
import unicodedata
import zipfile
from unittest import mock

from phongdich.org.models import Staff, StaffImport
from phongdich.org.services import staff_import, staff_import_run
from phongdich.org.tests.helpers import HEADER, ImportTestCase, csv_bytes, person, xlsx_bytes


class StaffImportFileTestCase(ImportTestCase):
    def assertRejectedFile(self, job: StaffImport, *fragments: str) -> None:
        self.assertEqual(job.status, StaffImport.Status.REJECTED)
        self.assertEqual(job.row_errors, [])
        for fragment in fragments:
            self.assertIn(fragment, job.error)

    def test_it_imports_a_plain_xlsx(self) -> None:
        job = self.run_import(xlsx_bytes([person(1), person(2, unit="TT-B")]))
        self.assertEqual(job.status, StaffImport.Status.DONE)
        self.assertEqual((job.created_count, job.progress_total, job.percent), (2, 2, 100))
        staff = Staff.objects.get(staff_code="NV00001")
        self.assertEqual(staff.full_name, "Nguyễn Văn Thử 1")
        self.assertEqual(staff.phone, "+84900000001")
        self.assertEqual(staff.unit, self.unit_a)
        self.assertEqual(Staff.objects.get(staff_code="NV00002").unit, self.unit_b)

    def test_it_deletes_the_stored_upload_once_done(self) -> None:
        self.run_import(xlsx_bytes([person(1)]))
        self.assertEqual(self.stored_files(), [])

    def test_it_rejects_a_file_with_wrong_headers(self) -> None:
        data = xlsx_bytes([person(1)], header=["STT", "Tên", "Mã", "SĐT", "Email", "Đơn vị", "X"])
        job = self.run_import(data)
        self.assertRejectedFile(
            job, "Thiếu cột bắt buộc: Họ và tên, Mã cán bộ.", "Tên, Mã, SĐT, Email, Đơn vị"
        )
        self.assertNotIn("Thiếu cột bắt buộc: Họ và tên, Mã cán bộ, Đơn vị", job.error)
        self.assertFalse(Staff.objects.filter(staff_code="NV00001").exists())

    def test_it_names_only_the_missing_column_when_one_is_missing(self) -> None:
        header = ["Họ và tên", "Số điện thoại", "Đơn vị"]
        job = self.run_import(csv_bytes([["A", "0912345678", "P-A"]], header=header), "a.csv")
        self.assertRejectedFile(job, "Thiếu cột bắt buộc: Mã cán bộ.")

    def test_it_accepts_headers_without_diacritics_or_in_other_case(self) -> None:
        header = ["HO VA TEN", "ma can bo", "Sdt", "DON VI"]
        data = csv_bytes([["Lê Thị Hoa", "x-1", "0912 345 678", "p-a"]], header=header)
        job = self.run_import(data, "a.csv")
        self.assertEqual(job.status, StaffImport.Status.DONE, job.row_errors or job.error)
        staff = Staff.objects.get(staff_code="X-1")
        self.assertEqual((staff.phone, staff.unit), ("+84912345678", self.unit_a))

    def test_it_rejects_an_empty_file(self) -> None:
        job = self.run_import(b"", "a.csv")
        self.assertRejectedFile(job, "Tệp trống")

    def test_it_rejects_an_xlsx_with_no_cells(self) -> None:
        job = self.run_import(xlsx_bytes([], header=None))
        self.assertRejectedFile(job, "Tệp trống")

    def test_it_rejects_a_header_only_file(self) -> None:
        for data, name in ((xlsx_bytes([]), "a.xlsx"), (csv_bytes([]), "a.csv")):
            with self.subTest(name):
                job = self.run_import(data, name)
                self.assertRejectedFile(job, "chỉ có dòng tiêu đề")

    def test_it_rejects_a_file_that_is_not_an_xlsx(self) -> None:
        job = self.run_import(b"Ho va ten,Ma can bo\r\n", "a.xlsx")
        self.assertRejectedFile(job, "tệp bị hỏng hoặc không phải tệp Excel")

    def test_it_rejects_a_truncated_xlsx(self) -> None:
        data = xlsx_bytes([person(n) for n in range(50)])
        job = self.run_import(data[: len(data) // 2])
        self.assertRejectedFile(job, "tệp bị hỏng")

    def test_it_rejects_an_xlsx_whose_sheet_is_damaged(self) -> None:
        source = zipfile.ZipFile(io.BytesIO(xlsx_bytes([person(1)])))
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w") as target:
            for item in source.infolist():
                content = source.read(item.filename)
                if item.filename == "xl/worksheets/sheet1.xml":
                    content = content[: len(content) // 2]
                target.writestr(item, content)
        job = self.run_import(out.getvalue())
        self.assertRejectedFile(job, "tệp bị hỏng")
        self.assertEqual(Staff.objects.filter(staff_code="NV00001").count(), 0)

    def test_it_rejects_a_disallowed_extension_even_past_the_form(self) -> None:
        job = self.run_import(csv_bytes([person(1)]), "a.txt")
        self.assertRejectedFile(job, "Chỉ nhận tệp .xlsx hoặc .csv.")

    def test_it_reads_a_csv_with_a_byte_order_mark(self) -> None:
        data = b"\xef\xbb\xbf" + csv_bytes([person(1)])
        job = self.run_import(data, "a.csv")
        self.assertEqual(job.status, StaffImport.Status.DONE, job.error)
        self.assertTrue(Staff.objects.filter(staff_code="NV00001").exists())

    def test_it_reads_a_csv_with_semicolons(self) -> None:
        row = person(1, name="Phạm Thị Lan, Jr", position="Phó trưởng phòng; kiêm nhiệm")
        job = self.run_import(csv_bytes([row], delimiter=";"), "a.csv")
        self.assertEqual(job.status, StaffImport.Status.DONE, job.error)
        staff = Staff.objects.get(staff_code="NV00001")
        self.assertEqual(staff.full_name, "Phạm Thị Lan, Jr")
        self.assertEqual(staff.position, "Phó trưởng phòng; kiêm nhiệm")

    def test_it_reads_a_csv_with_semicolons_below_a_title_line(self) -> None:
        text = "DANH SÁCH CÁN BỘ, VIÊN CHỨC NĂM 2024\r\n\r\n"
        data = text.encode() + csv_bytes([person(1)], delimiter=";")
        job = self.run_import(data, "a.csv")
        self.assertEqual(job.status, StaffImport.Status.DONE, job.error)
        self.assertTrue(Staff.objects.filter(staff_code="NV00001").exists())

    def test_it_reads_a_tab_separated_utf16_file_as_excel_writes_unicode_text(self) -> None:
        data = csv_bytes([person(1)], delimiter="\t", encoding="utf-16")
        self.assertTrue(data.startswith(b"\xff\xfe"))
        job = self.run_import(data, "a.csv")
        self.assertEqual(job.status, StaffImport.Status.DONE, job.error)
        self.assertEqual(Staff.objects.get(staff_code="NV00001").full_name, "Nguyễn Văn Thử 1")

    def test_it_reads_a_csv_in_windows_1258(self) -> None:
        row = person(1, name="Đặng Thị Hường", unit="Phòng Giáo dục nghề nghiệp")
        data = csv_bytes([row], encoding="cp1258")
        with self.assertRaises(UnicodeDecodeError):
            data.decode("utf-8")
        job = self.run_import(data, "a.csv")
        self.assertEqual(job.status, StaffImport.Status.DONE, job.error or job.row_errors)
        staff = Staff.objects.get(staff_code="NV00001")
        self.assertEqual(staff.full_name, "Đặng Thị Hường")
        self.assertTrue(unicodedata.is_normalized("NFC", staff.full_name))
        self.assertEqual(staff.unit, self.unit_a)

    def test_it_finds_the_header_below_title_rows(self) -> None:
        rows = [
            ["SỞ THỬ NGHIỆM"],
            ["DANH SÁCH CÁN BỘ"],
            [],
            HEADER,
            person(1),
            [],
            person(2, phone="0911 111 112"),
        ]
        job = self.run_import(xlsx_bytes(rows, header=None))
        self.assertEqual(job.status, StaffImport.Status.DONE, job.error)
        self.assertEqual(job.created_count, 2)

    def test_it_reports_lines_as_excel_numbers_them_when_the_header_is_low(self) -> None:
        rows = [["DANH SÁCH CÁN BỘ"], [], HEADER, person(1), [], person(2, phone="123")]
        job = self.run_import(xlsx_bytes(rows, header=None))
        self.assertEqual(list(self.errors_by_line(job)), [6])

    def test_it_gives_up_on_a_header_further_down_than_ten_rows(self) -> None:
        rows = [[f"Ghi chú {n}"] for n in range(12)] + [HEADER, person(1)]
        job = self.run_import(xlsx_bytes(rows, header=None))
        self.assertRejectedFile(job, "Không tìm thấy dòng tiêu đề hợp lệ")

    def test_it_restores_the_leading_zero_of_numeric_phone_cells(self) -> None:
        rows = [person(1, phone=912345678), person(2, phone=912345679.0), person(3, phone=0)]
        job = self.run_import(xlsx_bytes(rows), skip_invalid=True)
        self.assertEqual(Staff.objects.get(staff_code="NV00001").phone, "+84912345678")
        self.assertEqual(Staff.objects.get(staff_code="NV00002").phone, "+84912345679")
        self.assertEqual(list(self.errors_by_line(job)), [4])

    def test_it_keeps_numeric_staff_codes_without_a_decimal_point(self) -> None:
        self.run_import(xlsx_bytes([person(1, code=10234)]))
        self.assertTrue(Staff.objects.filter(staff_code="10234").exists())


class StaffImportCrashTestCase(ImportTestCase):
    def test_a_crash_marks_the_import_failed_in_vietnamese_and_removes_the_file(self) -> None:
        with mock.patch.object(staff_import, "staff_rows_apply", side_effect=RuntimeError("boom")):
            job = self.run_import(xlsx_bytes([person(1)]))
        self.assertEqual(job.status, StaffImport.Status.FAILED)
        self.assertIn("Lỗi hệ thống khi nhập tệp", job.error)
        self.assertNotIn("boom", job.error)
        self.assertIsNotNone(job.finished_at)
        self.assertEqual(self.stored_files(), [])

    def test_a_finished_import_is_not_run_twice(self) -> None:
        job = self.run_import(xlsx_bytes([person(1)]))
        again = staff_import_run(job_id=str(job.pk))
        self.assertEqual((again.status, again.created_count), (StaffImport.Status.DONE, 1))
        self.assertEqual(Staff.objects.filter(staff_code="NV00001").count(), 1)
