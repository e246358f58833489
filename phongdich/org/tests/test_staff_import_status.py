"""The status page of one import and its htmx-polled progress fragment."""

from __future__ import annotations

import uuid

from django.urls import reverse

from phongdich.org.models import StaffImport
from phongdich.org.tests.helpers import ImportTestCase, person, xlsx_bytes


class StaffImportStatusTestCase(ImportTestCase):
    def job(self, user=None, **fields) -> StaffImport:  # type: ignore[no-untyped-def]
        return StaffImport.objects.create(
            started_by=user or self.office, original_name="danh-sach.xlsx", **fields
        )

    def url(self, job: StaffImport) -> str:
        return reverse("org:staff_import_status", args=[job.pk])

    def test_it_shows_a_progress_bar_that_polls_while_the_import_runs(self) -> None:
        job = self.job(status=StaffImport.Status.RUNNING, progress_total=200, progress_done=50)
        self.login(self.office)
        response = self.client.get(self.url(job))
        self.assertContains(response, "<html")
        self.assertContains(response, "danh-sach.xlsx")
        self.assertContains(response, '<progress max="100" value="25"')
        self.assertContains(response, "Đã xử lý 50/200 dòng (25%).")
        self.assertContains(response, f'hx-get="{self.url(job)}"')
        self.assertContains(response, 'hx-trigger="every 1s"')
        self.assertContains(response, '<meta http-equiv="refresh" content="2">')

    def test_the_htmx_request_gets_only_the_progress_fragment(self) -> None:
        job = self.job(status=StaffImport.Status.RUNNING, progress_total=400, progress_done=300)
        self.login(self.office)
        response = self.client.get(self.url(job), headers={"HX-Request": "true"})
        self.assertEqual(response.status_code, 200)
        html = response.content.decode()
        self.assertTrue(html.startswith('<div id="import-progress"'), html[:80])
        self.assertNotIn("<html", html)
        self.assertNotIn("danh-sach.xlsx", html)
        self.assertIn('<progress max="100" value="75"', html)
        self.assertIn('hx-swap="outerHTML"', html)

    def test_the_fragment_stops_polling_once_the_import_is_finished(self) -> None:
        self.login(self.office)
        job = self.run_import(xlsx_bytes([person(1)]))
        response = self.client.get(self.url(job), headers={"HX-Request": "true"})
        self.assertContains(response, "Hoàn tất")
        self.assertContains(response, '<progress max="100" value="100"')
        self.assertNotContains(response, "hx-get")

    def test_a_rejected_import_shows_every_checked_row_and_no_polling(self) -> None:
        self.login(self.office)
        job = self.run_import(xlsx_bytes([person(1), person(2, phone="1")]))
        response = self.client.get(self.url(job), headers={"HX-Request": "true"})
        self.assertContains(response, "Bị từ chối")
        self.assertContains(response, "Đã xử lý 2/2 dòng (100%).")
        self.assertContains(response, "<td>3</td>")
        self.assertNotContains(response, "hx-get")

    def test_it_shows_at_most_500_row_errors(self) -> None:
        errors = [{"line": n, "reasons": [f"Lỗi số {n}"]} for n in range(2, 702)]
        job = self.job(status=StaffImport.Status.REJECTED, progress_total=700, row_errors=errors)
        self.login(self.office)
        response = self.client.get(self.url(job))
        self.assertContains(response, "Lỗi số 501")
        self.assertNotContains(response, "Lỗi số 502")
        self.assertContains(response, "Chỉ hiển thị 500 dòng lỗi đầu tiên.")

    def test_the_status_of_another_users_import_is_not_found(self) -> None:
        job = self.job(user=self.office)
        for user in (self.head_a, self.head_b):
            with self.subTest(user.username):
                self.login(user)
                self.assertEqual(self.client.get(self.url(job)).status_code, 404)
                response = self.client.get(self.url(job), headers={"HX-Request": "true"})
                self.assertEqual(response.status_code, 404)

    def test_the_admin_may_follow_any_import(self) -> None:
        job = self.job(user=self.head_a)
        self.login(self.admin)
        self.assertEqual(self.client.get(self.url(job)).status_code, 200)

    def test_an_unknown_import_is_not_found(self) -> None:
        self.login(self.office)
        url = reverse("org:staff_import_status", args=[uuid.uuid4()])
        self.assertEqual(self.client.get(url).status_code, 404)

    def test_it_is_forbidden_to_roles_that_may_not_import(self) -> None:
        job = self.job(user=self.guard)
        self.login(self.guard)
        self.assertEqual(self.client.get(self.url(job)).status_code, 403)

    def test_it_sends_an_anonymous_visitor_to_the_login_page(self) -> None:
        response = self.client.get(self.url(self.job()))
        self.assertEqual(response.status_code, 302)
