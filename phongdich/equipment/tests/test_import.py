"""The sheets units already have: messy headers, title rows, merged cells, dates."""

from __future__ import annotations

import datetime as dt
import io
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse
from openpyxl import Workbook

from phongdich.equipment.models import Equipment, EquipmentImport
from phongdich.equipment.services.imports import equipment_import_file, parse_year
from phongdich.equipment.tests.helpers import EquipmentTestCase, make_equipment

HEADER: list[Any] = [
    "STT",
    "Loại thiết bị",
    "Mã tài sản",
    "Model",
    "Số serial",
    "Năm sử dụng",
    "Tình trạng",
    "Mã cán bộ (người sử dụng)",
    "Ghi chú",
]


def xlsx(rows: list[list[Any]], *, title: bool = True, merges: Sequence[str] = ()) -> bytes:
    book = Workbook()
    sheet = book.active
    if title:
        sheet.append(["DANH SÁCH THIẾT BỊ CNTT CỦA ĐƠN VỊ"])
        sheet.merge_cells("A1:I1")
        sheet.append(["(Kèm theo Công văn số 2987/SLĐTBXH-VP)"])
        sheet.append([])
    for row in rows:
        sheet.append(row)
    for ref in merges:
        sheet.merge_cells(ref)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


class ReadingTests(EquipmentTestCase):
    def run_import(self, data: bytes, name: str = "tb.xlsx", **kw: object):
        return equipment_import_file(
            data=data, filename=name, unit=kw.pop("unit", self.unit_a), **kw
        )

    def test_a_messy_sheet_with_title_rows_merged_cells_and_dates_imports(self) -> None:
        rows: list[list[Any]] = [
            [
                "stt",
                "LOAI THIET BI",
                "Ma tai san",
                "Model",
                "So serial",
                "Nam su dung",
                "Tinh trang",
                "Ma can bo",
                "Ghi chu",
            ],
            [
                1,
                "Máy tính xách tay",
                "TS-100",
                "Dell 3420",
                "DL100",
                dt.datetime(2021, 3, 15),
                "Tốt",
                "T007",
                "",
            ],
            [2, None, "TS-101", "Dell 3420", "DL101", "15/03/2020", "cần sửa", "", "Pin chai"],
            [3, "PC", "TS-102", "HP ProDesk", "HP102", 2019.0, "Hỏng", "", ""],
        ]
        # The kind of row 2 is merged with row 1's (a merged cell covering both).
        data = xlsx([HEADER[:1] + rows[0][1:], *rows[1:]], merges=["B5:B6"])
        checked, result = self.run_import(data, skip_invalid=False)
        self.assertEqual(checked.errors, [])
        self.assertEqual(result.created, 3)
        second = Equipment.objects.get(asset_code="TS-101")
        self.assertEqual(second.kind.code, "laptop")
        self.assertEqual(second.year_acquired, 2020)
        self.assertEqual(second.condition, "repair")
        self.assertEqual(second.note, "Pin chai")
        first = Equipment.objects.get(asset_code="TS-100")
        self.assertEqual(first.year_acquired, 2021)
        self.assertEqual(first.holder.user, self.staff_user)
        self.assertEqual(Equipment.objects.get(asset_code="TS-102").kind.code, "desktop")
        self.assertEqual(first.events.get().action, "imported")

    def test_every_bad_row_is_reported_with_its_line_and_nothing_is_written(self) -> None:
        data = xlsx(
            [
                HEADER,
                [1, "Máy pha cà phê", "TS-200", "", "", "2020", "Tốt", "", ""],
                [2, "Laptop", "TS-201", "", "", "năm ngoái", "Tốt", "", ""],
                [3, "Laptop", "TS-202", "", "SNB1", "2020", "Tốt", "", ""],
                [4, "Laptop", "TS-203", "", "", "2020", "Tốt", "ZZ999", ""],
                [5, "Laptop", "TS-204", "", "", "1890", "Tốt", "", ""],
                [6, "Laptop", "TS-205", "", "", "2020", "Tốt", "SB01", ""],
                [7, "Laptop", "TS-206", "", "", "2020", "Tốt", "", ""],
            ]
        )
        checked, result = self.run_import(data, skip_invalid=False)
        self.assertIsNone(result)
        lines = {e["line"]: " ".join(e["reasons"]) for e in checked.errors}
        self.assertIn("Không rõ loại thiết bị “Máy pha cà phê”", lines[5])
        self.assertIn("Năm sử dụng “năm ngoái” không hợp lệ", lines[6])
        self.assertIn("Số serial SNB1 đã thuộc thiết bị của Trung tâm Dịch vụ việc làm", lines[7])
        self.assertIn("Không có cán bộ mã ZZ999", lines[8])
        self.assertIn("Năm sử dụng 1890 không hợp lệ", lines[9])
        self.assertIn("thuộc Trung tâm Dịch vụ việc làm, không thuộc đơn vị nhập", lines[10])
        self.assertNotIn(11, lines)
        self.assertFalse(Equipment.objects.filter(asset_code__startswith="TS-2").exists())

    def test_skip_invalid_imports_the_good_rows(self) -> None:
        data = xlsx(
            [
                HEADER,
                [1, "Laptop", "TS-300", "", "", "", "", "", ""],
                [2, "Bàn ghế", "TS-301", "", "", "", "", "", ""],
            ]
        )
        checked, result = self.run_import(data, skip_invalid=True)
        self.assertEqual(result.created, 1)
        self.assertEqual([e["line"] for e in checked.errors], [6])

    def test_a_reimport_updates_by_asset_code_or_serial_and_never_duplicates(self) -> None:
        data = xlsx(
            [
                HEADER,
                [1, "Laptop", "TS-A-01", "Model mới", "SNA1", "2022", "Hỏng", "", ""],
                [2, "Laptop", "", "Model khác", "SNA2", "2022", "Tốt", "", ""],
            ]
        )
        checked, result = self.run_import(data, skip_invalid=False)
        self.assertEqual((result.created, result.updated), (0, 2))
        self.laptop_a.refresh_from_db()
        self.assertEqual(self.laptop_a.model_name, "Model mới")
        self.assertEqual(self.laptop_a.condition, "broken")
        self.assertEqual(Equipment.objects.filter(serial="SNA2").count(), 1)
        event = self.laptop_a.events.first()
        self.assertEqual(event.changes["condition"], ["good", "broken"])
        again, result = self.run_import(data, skip_invalid=False)
        self.assertEqual((result.created, result.updated, result.unchanged), (0, 0, 2))

    def test_a_serial_claimed_twice_in_the_file_is_refused(self) -> None:
        data = xlsx(
            [
                HEADER,
                [1, "Laptop", "X1", "", "DUP", "", "", "", ""],
                [2, "Laptop", "X2", "", "dup", "", "", "", ""],
            ]
        )
        checked, result = self.run_import(data, skip_invalid=False)
        self.assertIn("Số serial DUP trùng với dòng 5", " ".join(checked.errors[0]["reasons"]))

    def test_a_csv_with_semicolons_and_no_diacritics(self) -> None:
        text = (
            "Danh sach thiet bi\n\n"
            "STT;Loai thiet bi;Ma tai san;Model;So serial;Nam su dung;Tinh trang;"
            "Ma can bo;Ghi chu\n"
            "1;Laptop;C-1;Lenovo;LN1;01/02/2018;tot;;\n"
        )
        checked, result = self.run_import(text.encode(), "tb.csv", skip_invalid=False)
        self.assertEqual(checked.errors, [])
        self.assertEqual(Equipment.objects.get(asset_code="C-1").year_acquired, 2018)

    def test_a_file_without_the_header_names_what_is_missing(self) -> None:
        from phongdich.core.sheets import SheetError

        with self.assertRaisesMessage(SheetError, "Thiếu cột bắt buộc: Loại thiết bị"):
            self.run_import(xlsx([["STT", "Tên", "Ghi chú"], [1, "a", "b"]]), skip_invalid=False)
        with self.assertRaisesMessage(SheetError, "Chỉ nhận tệp .xlsx hoặc .csv."):
            self.run_import(b"x", "tb.pdf", skip_invalid=False)
        with self.assertRaisesMessage(SheetError, "tệp bị hỏng"):
            self.run_import(b"PK not a zip", "tb.xlsx", skip_invalid=False)

    def test_a_five_thousand_row_file_imports_and_reimports(self) -> None:
        rows = [HEADER] + [
            [n, "Máy tính để bàn", f"BIG-{n:05d}", "HP", f"SN{n:05d}", "2020", "Tốt", "", ""]
            for n in range(1, 5001)
        ]
        data = xlsx(rows)
        checked, result = self.run_import(data, skip_invalid=False)
        self.assertEqual(result.created, 5000)
        rows[10][6] = "Hỏng"
        checked, result = self.run_import(xlsx(rows), skip_invalid=False)
        self.assertEqual((result.created, result.updated, result.unchanged), (0, 1, 4999))
        self.assertEqual(Equipment.objects.filter(asset_code__startswith="BIG-").count(), 5000)

    def test_parse_year(self) -> None:
        self.assertEqual(parse_year(dt.date(2019, 1, 2)), 2019)
        self.assertEqual(parse_year("02/01/2019"), 2019)
        self.assertEqual(parse_year("2019"), 2019)
        self.assertIsNone(parse_year(""))
        with self.assertRaises(ValueError):
            parse_year("abc")


class CommandTests(EquipmentTestCase):
    def write(self, data: bytes, suffix: str = ".xlsx") -> str:
        handle = tempfile.NamedTemporaryFile(suffix=suffix, delete=False)
        handle.write(data)
        handle.close()
        self.addCleanup(Path(handle.name).unlink)
        return handle.name

    def test_it_exits_2_on_rejected_input_and_imports_with_skip_invalid(self) -> None:
        path = self.write(
            xlsx(
                [
                    HEADER,
                    [1, "Laptop", "K-1", "", "", "", "", "", ""],
                    [2, "???", "K-2", "", "", "", "", "", ""],
                ]
            )
        )
        err = io.StringIO()
        with self.assertRaises(CommandError) as caught:
            call_command("import_equipment", path, "--unit", "P-A", stderr=err)
        self.assertEqual(caught.exception.returncode, 2)
        self.assertIn("Dòng 6:", err.getvalue())
        self.assertFalse(Equipment.objects.filter(asset_code="K-1").exists())
        out = io.StringIO()
        call_command(
            "import_equipment",
            path,
            "--unit",
            "P-A",
            "--skip-invalid",
            stdout=out,
            stderr=io.StringIO(),
        )
        self.assertIn("Thêm mới 1", out.getvalue())

    def test_an_unknown_unit_or_file_exits_2(self) -> None:
        with self.assertRaises(CommandError) as caught:
            call_command("import_equipment", "/nonexistent.xlsx", "--unit", "P-A")
        self.assertEqual(caught.exception.returncode, 2)
        with self.assertRaises(CommandError) as caught:
            call_command("import_equipment", self.write(b"a"), "--unit", "NOPE")
        self.assertEqual(caught.exception.returncode, 2)


class UploadTests(EquipmentTestCase):
    def test_a_unit_head_uploads_and_sees_the_result(self) -> None:
        self.login(self.head_a)
        upload = SimpleUploadedFile(
            "tb.xlsx", xlsx([HEADER, [1, "Laptop", "W-1", "", "", "", "", "", ""]])
        )
        with self.captureOnCommitCallbacks(execute=True):
            response = self.client.post(
                reverse("equipment:import"), {"unit": self.unit_a.pk, "file": upload}
            )
        job = EquipmentImport.objects.get()
        self.assertRedirects(response, reverse("equipment:import_status", args=[job.pk]))
        job.refresh_from_db()
        self.assertEqual(job.status, "done")
        self.assertEqual(job.percent, 100)
        response = self.client.get(reverse("equipment:import_status", args=[job.pk]))
        self.assertContains(response, "Thêm mới 1, cập nhật 0")
        self.assertTrue(Equipment.objects.filter(asset_code="W-1", unit=self.unit_a).exists())
        partial = self.client.get(
            reverse("equipment:import_status", args=[job.pk]), HTTP_HX_REQUEST="true"
        )
        self.assertNotContains(partial, "<html")

    def test_a_rejected_upload_lists_the_bad_rows(self) -> None:
        self.login(self.head_a)
        upload = SimpleUploadedFile(
            "tb.xlsx", xlsx([HEADER, [1, "Tủ lạnh", "W-2", "", "", "", "", "", ""]])
        )
        with self.captureOnCommitCallbacks(execute=True):
            self.client.post(reverse("equipment:import"), {"unit": self.unit_a.pk, "file": upload})
        job = EquipmentImport.objects.get()
        response = self.client.get(reverse("equipment:import_status", args=[job.pk]))
        self.assertContains(response, "Có 1 dòng lỗi nên chưa nhập dòng nào")
        self.assertContains(response, "Không rõ loại thiết bị “Tủ lạnh”")

    def test_a_unit_head_cannot_import_into_another_unit(self) -> None:
        self.login(self.head_a)
        upload = SimpleUploadedFile("tb.xlsx", xlsx([HEADER]))
        response = self.client.post(
            reverse("equipment:import"), {"unit": self.unit_b.pk, "file": upload}
        )
        self.assertEqual(response.status_code, 200)
        self.assertFalse(EquipmentImport.objects.exists())

    def test_someone_elses_import_is_a_404(self) -> None:
        job = EquipmentImport.objects.create(
            unit=self.unit_a, started_by=self.head_a, original_name="a.xlsx", stored_path="/x"
        )
        self.login(self.office)
        self.assertEqual(
            self.client.get(reverse("equipment:import_status", args=[job.pk])).status_code, 404
        )

    def test_make_equipment_helper_still_unique(self) -> None:
        make_equipment(self.unit_a, asset_code="U-1")
        self.assertEqual(Equipment.objects.filter(asset_code="U-1").count(), 1)
