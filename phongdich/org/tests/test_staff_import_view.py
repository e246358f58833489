"""The upload page: who may use it, what the form refuses, and the redirect to the status."""

from __future__ import annotations

from django.test import override_settings
from django.urls import reverse

from phongdich.org.models import Staff, StaffImport
from phongdich.org.tests.helpers import ImportTestCase, csv_bytes, person, upload, xlsx_bytes

URL = reverse("org:staff_import")


class StaffImportViewTestCase(ImportTestCase):
    def post(self, data: bytes, name: str = "can-bo.xlsx", *, follow: bool = False, **fields: str):  # type: ignore[no-untyped-def]
        """Upload; the job runs when the request's transaction commits, as in production.

        ``follow`` then opens the status page the upload redirected to.
        """
        with self.captureOnCommitCallbacks(execute=True):
            response = self.client.post(URL, {"file": upload(data, name), **fields})
        if follow:
            self.assertEqual(response.status_code, 302)
            return self.client.get(response["Location"])
        return response

    def test_it_sends_an_anonymous_visitor_to_the_login_page(self) -> None:
        response = self.client.get(URL)
        self.assertEqual(response.status_code, 302)
        self.assertIn(reverse("accounts:login"), response["Location"])

    def test_it_is_forbidden_to_roles_that_may_not_import(self) -> None:
        for user in (self.director, self.guard, self.tracer, self.staff_user, self.editor, self.it):
            with self.subTest(user.username):
                self.login(user)
                self.assertEqual(self.client.get(URL).status_code, 403)

    def test_it_shows_the_form_to_the_office_admin_and_unit_heads(self) -> None:
        for user in (self.office, self.admin, self.head_a):
            with self.subTest(user.username):
                self.login(user)
                response = self.client.get(URL)
                self.assertContains(response, 'type="file"')
                self.assertContains(response, 'accept=".xlsx,.csv"')
                self.assertContains(response, "Bỏ qua các dòng lỗi")

    def test_it_stores_the_upload_and_shows_the_finished_import(self) -> None:
        self.login(self.office)
        response = self.post(xlsx_bytes([person(1), person(2)]))
        job = StaffImport.objects.get()
        self.assertRedirects(response, reverse("org:staff_import_status", args=[job.pk]))
        self.assertEqual((job.started_by, job.original_name), (self.office, "can-bo.xlsx"))
        self.assertEqual(job.status, StaffImport.Status.DONE)
        self.assertEqual(Staff.objects.filter(staff_code__startswith="NV").count(), 2)
        page = self.client.get(response["Location"])
        self.assertContains(page, "Hoàn tất")
        self.assertContains(page, "Thêm mới 2, cập nhật 0, không đổi 0, bỏ qua 0 dòng lỗi.")
        self.assertContains(page, '<progress max="100" value="100"')
        self.assertNotContains(page, "hx-trigger")

    def test_it_shows_every_bad_row_and_imports_nothing(self) -> None:
        self.login(self.office)
        rows = [person(1), person(2, phone="12"), person(3, unit="<b>Lạ</b>")]
        response = self.post(csv_bytes(rows), "a.csv", follow=True)
        self.assertContains(response, "Có 2 dòng lỗi nên chưa nhập dòng nào.")
        self.assertContains(response, "<td>3</td><td>Số điện thoại “12” không hợp lệ")
        self.assertContains(response, "<td>4</td><td>Không tìm thấy đơn vị “&lt;b&gt;Lạ&lt;/b&gt;”")
        self.assertFalse(Staff.objects.filter(staff_code__startswith="NV").exists())

    def test_it_imports_the_valid_rows_when_the_box_is_ticked(self) -> None:
        self.login(self.office)
        rows = [person(1), person(2, phone="12"), person(3)]
        response = self.post(xlsx_bytes(rows), skip_invalid="on", follow=True)
        self.assertContains(response, "Thêm mới 2, cập nhật 0, không đổi 0, bỏ qua 1 dòng lỗi.")
        self.assertContains(response, "<td>3</td>")
        self.assertEqual(Staff.objects.filter(staff_code__startswith="NV").count(), 2)

    def test_it_rejects_a_unit_heads_rows_for_another_unit_one_by_one(self) -> None:
        self.login(self.head_b)
        rows = [person(1, unit="TT-B"), person(2, unit="P-A")]
        response = self.post(xlsx_bytes(rows), follow=True)
        self.assertContains(
            response, "<td>3</td><td>Bạn không có quyền nhập cán bộ cho đơn vị “P-A”."
        )
        self.assertNotContains(response, "<td>2</td>")
        self.assertFalse(Staff.objects.filter(staff_code__startswith="NV").exists())

    def test_it_reports_wrong_headers_on_the_status_page(self) -> None:
        self.login(self.office)
        data = csv_bytes([["A", "1", "P-A"]], header=["Tên", "Mã", "Đơn vị"])
        response = self.post(data, "a.csv", follow=True)
        self.assertContains(response, "Thiếu cột bắt buộc: Họ và tên, Mã cán bộ.")

    def test_it_refuses_a_disallowed_extension_in_the_form(self) -> None:
        self.login(self.office)
        for name in ("can-bo.xls", "can-bo.pdf", "can-bo"):
            with self.subTest(name):
                response = self.post(csv_bytes([person(1)]), name)
                self.assertEqual(response.status_code, 200)
                self.assertContains(response, "Chỉ nhận tệp .xlsx hoặc .csv.")
        self.assertFalse(StaffImport.objects.exists())
        self.assertEqual(self.stored_files(), [])

    @override_settings(STAFF_IMPORT_MAX_BYTES=2048)
    def test_it_refuses_an_oversized_file(self) -> None:
        self.login(self.office)
        response = self.post(csv_bytes([person(n) for n in range(100)]), "lon.csv")
        self.assertContains(response, "Tệp lớn quá 2,0\u00a0KB (tệp của bạn: ")
        self.assertFalse(StaffImport.objects.exists())
        self.assertEqual(self.stored_files(), [])

    def test_it_refuses_an_empty_upload(self) -> None:
        self.login(self.office)
        response = self.post(b"", "trong.csv")
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, '<p class="error" id="id_file_error">')
        self.assertFalse(StaffImport.objects.exists())

    def test_it_asks_for_a_file_when_none_is_sent(self) -> None:
        self.login(self.office)
        response = self.client.post(URL, {})
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, '<p class="error" id="id_file_error">')
        self.assertFalse(StaffImport.objects.exists())
