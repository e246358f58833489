"""Importing the lists unions and units keep: spellings, bad rows, re-import, command."""

from __future__ import annotations

import io
import tempfile
from pathlib import Path

from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse
from openpyxl import Workbook

from phongdich.adoption.models import (
    AdoptionImport,
    Declaration,
    DeclarationEvent,
    Status,
    UnionMembership,
)
from phongdich.adoption.services.imports import adoption_import_file, parse_status
from phongdich.adoption.tests.helpers import AdoptionTestCase
from phongdich.core import sheets

TITLE = "CÔNG ĐOÀN SỞ\nDANH SÁCH ĐOÀN VIÊN CÀI ĐẶT ỨNG DỤNG\n\n"


def csv(
    *lines: str, header: str = "STT;Ma can bo;So dien thoai;Ho va ten;Ung dung;Trang thai;Ghi chu"
) -> bytes:
    return (TITLE + header + "\n" + "\n".join(lines) + "\n").encode("utf-8")


class ImportTests(AdoptionTestCase):
    def run_import(self, data: bytes, *, skip: bool = False, unit=None, union=None, name="ds.csv"):
        return adoption_import_file(
            data=data, filename=name, unit=unit, union=union, skip_invalid=skip
        )

    def test_headers_and_values_without_diacritics_in_any_case_below_title_rows(self) -> None:
        data = csv(
            "1;SA01;;NGUYEN VAN A;bluezone;da cai;",
            "2;;0912000002;Trần Thị Bê;PC COVID;ĐANG SỬ DỤNG;",
            "3;sa01;;Nguyễn Văn Ạ;Smart Thanh Hoa;khong co dien thoai thong minh;Điện thoại cũ",
            "4;SB01;;;Cổng DVC quốc gia;Chưa cài;",
        )
        checked, result = self.run_import(data)
        self.assertEqual(checked.errors, [])
        self.assertEqual(result.created, 4)
        got = {(d.staff.staff_code, d.app.code): d.status for d in Declaration.objects.all()}
        self.assertEqual(
            got,
            {
                ("SA01", "bluezone"): Status.INSTALLED,
                ("SB01", "pc-covid"): Status.USING,
                ("SA01", "smart-thanh-hoa"): Status.NO_SMARTPHONE,
                ("SB01", "dvc-quoc-gia"): Status.NOT_INSTALLED,
            },
        )
        self.assertEqual(DeclarationEvent.objects.count(), 4)
        note = Declaration.objects.get(app__code="smart-thanh-hoa")
        self.assertEqual(note.reason, "Điện thoại cũ")

    def test_every_bad_row_is_reported_with_its_line_and_nothing_is_imported(self) -> None:
        data = csv(
            "1;SA01;;Nguyễn Văn Ạ;Bluezone;đã cài;",  # line 5: good
            "2;ZZ99;;Ai Đó;Bluezone;đã cài;",  # unknown code
            "3;SB01;;Trần Thị Bê;Zalo;đã cài;",  # unknown app
            "4;SB01;;Trần Thị Bê;Bluezone;hình như có;",  # unknown status
            "5;SB01;;Lê Văn Khác;PC-Covid;đã cài;",  # name does not match
            "6;SA01;;Nguyễn Văn Ạ;blue zone;đang sử dụng;",  # same person and app again
            "7;;0999;Ai Đó;Bluezone;đã cài;",  # bad phone
            "8;;;Ai Đó;Bluezone;đã cài;",  # nobody
        )
        checked, result = self.run_import(data)
        self.assertIsNone(result)
        self.assertEqual(Declaration.objects.count(), 0)
        lines = {e["line"]: " ".join(e["reasons"]) for e in checked.errors}
        self.assertEqual(sorted(lines), [6, 7, 8, 9, 10, 11, 12])
        self.assertIn("Không có cán bộ mã ZZ99", lines[6])
        self.assertIn("Không rõ ứng dụng “Zalo”", lines[7])
        self.assertIn("Trạng thái “hình như có” không rõ", lines[8])
        self.assertIn("không khớp với cán bộ SB01", lines[9])
        self.assertIn("đã có dòng 5", lines[10])
        self.assertIn("Số điện thoại “0999” không hợp lệ", lines[11])
        self.assertIn("Thiếu mã cán bộ và số điện thoại", lines[12])

    def test_skip_invalid_imports_the_good_rows(self) -> None:
        data = csv("1;SA01;;;Bluezone;đã cài;", "2;ZZ99;;;Bluezone;đã cài;")
        checked, result = self.run_import(data, skip=True)
        self.assertEqual(len(checked.errors), 1)
        self.assertEqual(result.created, 1)

    def test_a_reimport_updates_the_same_answer_and_keeps_its_history(self) -> None:
        self.run_import(csv("1;SA01;;;Bluezone;chưa cài;"))
        _, again = self.run_import(csv("1;SA01;;;Bluezone;chưa cài;"))
        self.assertEqual((again.created, again.updated, again.unchanged), (0, 0, 1))
        _, changed = self.run_import(csv("1;SA01;;;Bluezone;đang sử dụng;"))
        self.assertEqual((changed.created, changed.updated), (0, 1))
        self.assertEqual(Declaration.objects.get().status, Status.USING)
        self.assertEqual(DeclarationEvent.objects.count(), 2)

    def test_a_units_list_refuses_people_of_another_unit(self) -> None:
        checked, result = self.run_import(csv("1;SB01;;;Bluezone;đã cài;"), unit=self.unit_a)
        self.assertIsNone(result)
        self.assertIn("không thuộc đơn vị nhập", checked.errors[0]["reasons"][0])

    def test_a_unions_list_records_its_members(self) -> None:
        _, result = self.run_import(
            csv("1;SA01;;;Bluezone;đã cài;", "2;SB01;;;Bluezone;chưa cài;"), union=self.union_cd
        )
        self.assertEqual(result.members_added, 2)
        self.assertEqual(UnionMembership.objects.filter(union=self.union_cd).count(), 2)
        _, again = self.run_import(csv("1;SA01;;;Bluezone;đã cài;"), union=self.union_cd)
        self.assertEqual(again.members_added, 0)

    def test_an_xlsx_list_with_a_merged_title(self) -> None:
        book = Workbook()
        sheet = book.active
        sheet.append(["DANH SÁCH CÀI ĐẶT"])
        sheet.merge_cells("A1:E1")
        sheet.append([])
        sheet.append(["Mã cán bộ", "Họ và tên", "Ứng dụng", "TRẠNG THÁI", "Ghi chú"])
        sheet.append(["SA01", "Nguyễn Văn Ạ", "Bluezone", "Đang sử dụng", None])
        buffer = io.BytesIO()
        book.save(buffer)
        checked, result = self.run_import(buffer.getvalue(), name="ds.xlsx")
        self.assertEqual(checked.errors, [])
        self.assertEqual(result.created, 1)

    def test_a_file_without_a_person_column_is_refused_whole(self) -> None:
        data = csv(
            "1;Nguyễn Văn Ạ;Bluezone;đã cài;", header="STT;Họ và tên;Ứng dụng;Trạng thái;Ghi chú"
        )
        with self.assertRaisesMessage(sheets.SheetError, "“Mã cán bộ” hoặc “Số điện thoại”"):
            self.run_import(data)

    def test_status_spellings(self) -> None:
        self.assertEqual(parse_status("  ĐÃ CÀI  "), Status.INSTALLED)
        self.assertEqual(parse_status("Dang su dung"), Status.USING)
        self.assertEqual(parse_status("Không có điện thoại thông minh."), Status.NO_SMARTPHONE)
        self.assertEqual(parse_status("chua cai dat"), Status.NOT_INSTALLED)
        self.assertIsNone(parse_status("có lẽ"))


class CommandTests(AdoptionTestCase):
    def write(self, data: bytes, suffix: str = ".csv") -> str:
        handle = tempfile.NamedTemporaryFile(suffix=suffix, delete=False)
        handle.write(data)
        handle.close()
        self.addCleanup(Path(handle.name).unlink, missing_ok=True)
        return handle.name

    def test_bad_rows_exit_2_with_every_line_and_import_nothing(self) -> None:
        path = self.write(csv("1;SA01;;;Bluezone;đã cài;", "2;ZZ99;;;Bluezone;đã cài;"))
        err = io.StringIO()
        with self.assertRaises(CommandError) as caught:
            call_command("import_adoption", path, stderr=err)
        self.assertEqual(caught.exception.returncode, 2)
        self.assertIn("Dòng 6: Không có cán bộ mã ZZ99.", err.getvalue())
        self.assertEqual(Declaration.objects.count(), 0)

    def test_skip_invalid_imports_and_reports(self) -> None:
        path = self.write(csv("1;SA01;;;Bluezone;đã cài;", "2;ZZ99;;;Bluezone;đã cài;"))
        out, err = io.StringIO(), io.StringIO()
        call_command(
            "import_adoption",
            path,
            "--skip-invalid",
            "--union",
            "cong-doan",
            stdout=out,
            stderr=err,
        )
        self.assertIn("Thêm mới 1", out.getvalue())
        self.assertIn("thêm 1 thành viên", out.getvalue())
        self.assertEqual(Declaration.objects.count(), 1)

    def test_an_unreadable_file_exits_2(self) -> None:
        path = self.write(b"\x00\x01garbage", suffix=".xlsx")
        with self.assertRaises(CommandError) as caught:
            call_command("import_adoption", path)
        self.assertEqual(caught.exception.returncode, 2)

    def test_an_unknown_union_exits_2(self) -> None:
        path = self.write(csv("1;SA01;;;Bluezone;đã cài;"))
        with self.assertRaises(CommandError) as caught:
            call_command("import_adoption", path, "--union", "hoi-khac")
        self.assertEqual(caught.exception.returncode, 2)


class UploadTests(AdoptionTestCase):
    def test_a_unit_head_uploads_their_units_list_and_sees_the_result(self) -> None:
        self.login(self.head_a)
        upload = SimpleUploadedFile("ds.csv", csv("1;SA01;;;Bluezone;đã cài;"))
        with self.captureOnCommitCallbacks(execute=True):
            response = self.client.post(
                reverse("adoption:import"), {"unit": self.unit_a.pk, "file": upload}
            )
        response = self.client.get(response["Location"])
        job = AdoptionImport.objects.get()
        self.assertEqual(job.status, AdoptionImport.Status.DONE)
        self.assertContains(response, "Thêm mới 1")
        self.assertFalse(Path(job.stored_path).exists())

    def test_a_rejected_upload_lists_its_bad_rows(self) -> None:
        self.login(self.office)
        upload = SimpleUploadedFile("ds.csv", csv("1;ZZ99;;;Bluezone;đã cài;"))
        with self.captureOnCommitCallbacks(execute=True):
            response = self.client.post(reverse("adoption:import"), {"file": upload})
        response = self.client.get(response["Location"])
        self.assertContains(response, "Không có cán bộ mã ZZ99.")
        self.assertEqual(AdoptionImport.objects.get().status, AdoptionImport.Status.REJECTED)

    def test_a_unit_head_must_name_the_unit_and_cannot_pick_another(self) -> None:
        self.login(self.head_a)
        upload = SimpleUploadedFile("ds.csv", csv("1;SA01;;;Bluezone;đã cài;"))
        response = self.client.post(
            reverse("adoption:import"), {"unit": self.unit_b.pk, "file": upload}
        )
        self.assertEqual(response.status_code, 200)
        self.assertFalse(AdoptionImport.objects.exists())

    def test_a_union_leader_uploads_their_unions_list(self) -> None:
        from phongdich.adoption.tests.helpers import make_leader

        make_leader(self.staff_user, self.union_dtn)
        self.login(self.staff_user)
        upload = SimpleUploadedFile("ds.csv", csv("1;SB01;;;Bluezone;đã cài;"))
        with self.captureOnCommitCallbacks(execute=True):
            self.client.post(
                reverse("adoption:import"), {"union": self.union_dtn.pk, "file": upload}
            )
        job = AdoptionImport.objects.get()
        self.assertEqual((job.status, job.members_added), (AdoptionImport.Status.DONE, 1))

    def test_plain_staff_may_not_upload(self) -> None:
        self.login(self.staff_user)
        self.assertEqual(self.client.get(reverse("adoption:import")).status_code, 403)
