"""Report pages: the form, errors in Vietnamese, scope, review, history, attachments."""

from __future__ import annotations

from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import reverse

from phongdich.directives.models import Report, ReportAttachment
from phongdich.directives.services import reports
from phongdich.directives.tests.report_helpers import ReportTestCase, issue_directive


class FormTests(ReportTestCase):
    def test_the_form_has_a_typed_input_per_indicator(self) -> None:
        self.login(self.head_a)
        response = self.client.get(self.edit_url())
        self.assertContains(response, "Số cổng có mã QR")
        self.assertContains(response, 'inputmode="decimal"')
        self.assertContains(response, "Gửi báo cáo")
        self.assertContains(response, "Khó khăn, vướng mắc")
        self.assertContains(response, "Đề xuất, kiến nghị")

    def test_submit_then_see_it(self) -> None:
        self.login(self.head_a)
        response = self.client.post(self.edit_url(), self.form_data(), follow=True)
        report = Report.objects.get()
        self.assertRedirects(response, reverse("directives:report_detail", args=[report.pk]))
        self.assertContains(response, "Đã gửi báo cáo tới Văn phòng Sở.")
        self.assertContains(response, "87,50 %")
        self.assertEqual(report.state, Report.State.SUBMITTED)

    def test_wrongly_typed_values_are_explained_and_nothing_valid_is_lost(self) -> None:
        self.login(self.head_a)
        data = self.form_data(ind_integer="mười hai", ind_percentage="120", narrative="Giữ lại")
        response = self.client.post(self.edit_url(), data)
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "“Số cổng có mã QR” phải là số nguyên không âm")
        self.assertContains(response, "“Tỷ lệ cán bộ khai báo” phải từ 0 đến 100")
        self.assertContains(response, "Giữ lại")  # the narrative is still there
        self.assertContains(response, "Thiếu máy quét.")
        self.assertFalse(Report.objects.exists())
        data = self.form_data(ind_percentage="87,555")
        response = self.client.post(self.edit_url(), data)
        self.assertContains(response, "tối đa 2 chữ số thập phân")

    def test_missing_required_values_on_submit_keep_a_draft(self) -> None:
        self.login(self.head_a)
        data = self.form_data(ind_integer="", completed_on="")
        response = self.client.post(self.edit_url(), data)
        self.assertContains(response, "Chưa nhập chỉ tiêu bắt buộc “Số cổng có mã QR”.")
        self.assertContains(response, "Đã hoàn thành: vui lòng nhập ngày hoàn thành.")
        self.assertContains(response, "Đã lưu nháp; chưa gửi được")
        report = Report.objects.get()
        self.assertEqual(report.state, Report.State.DRAFT)
        self.assertEqual(report.current_version.narrative, "Đã lắp 12 cổng.")

    def test_a_bad_date_is_explained(self) -> None:
        self.login(self.head_a)
        response = self.client.post(self.edit_url(), self.form_data(completed_on="31/02/2026"))
        self.assertContains(response, "Ngày không hợp lệ: nhập theo dạng ngày/tháng/năm")

    def test_save_draft_then_submit_twice(self) -> None:
        self.login(self.head_a)
        response = self.client.post(self.edit_url(), self.form_data("draft"), follow=True)
        self.assertContains(response, "Đã lưu nháp báo cáo.")
        self.assertContains(response, "Đã lắp 12 cổng.")
        self.client.post(self.edit_url(), self.form_data())
        response = self.client.post(self.edit_url(), self.form_data(), follow=True)
        self.assertContains(response, "đang chờ Văn phòng xem xét")
        self.assertEqual(Report.objects.get().versions.count(), 1)

    def test_a_unit_head_reporting_for_another_unit_by_id_gets_404(self) -> None:
        self.login(self.head_b)
        self.assertEqual(self.client.get(self.edit_url()).status_code, 404)
        self.assertEqual(self.client.post(self.edit_url(), self.form_data()).status_code, 404)
        self.assertFalse(Report.objects.exists())
        # Their own unit supports task 1: they report for unit B.
        self.assertEqual(self.client.get(self.edit_url(unit=self.unit_b)).status_code, 200)

    def test_the_office_reports_on_behalf_others_may_not(self) -> None:
        self.login(self.office)
        response = self.client.get(self.edit_url())
        self.assertContains(response, "Văn phòng nhập báo cáo thay cho Phòng Giáo dục nghề nghiệp")
        for user in (self.director, self.staff_user, self.guard):
            self.login(user)
            self.assertEqual(self.client.get(self.edit_url()).status_code, 403)

    def test_a_task_of_a_unit_not_assigned_is_404(self) -> None:
        self.login(self.office)
        self.assertEqual(self.client.get(self.edit_url(self.task2, self.unit_a)).status_code, 404)
        self.assertEqual(self.client.get(self.edit_url() + "?ky=2020-01-01").status_code, 404)


class ReviewViewTests(ReportTestCase):
    def test_return_with_comment_then_resubmit_then_accept(self) -> None:
        report = self.submit()
        url = reverse("directives:report_detail", args=[report.pk])
        self.login(self.office)
        self.assertContains(self.client.get(url), "Tiếp nhận báo cáo")
        response = self.client.post(
            reverse("directives:report_return", args=[report.pk]), {"note": ""}, follow=True
        )
        self.assertContains(response, "Vui lòng ghi rõ nội dung cần bổ sung")
        response = self.client.post(
            reverse("directives:report_return", args=[report.pk]),
            {"note": "Thiếu số cổng phụ."},
            follow=True,
        )
        self.assertContains(response, "Đã trả lại báo cáo cho đơn vị.")
        self.login(self.head_a)
        response = self.client.get(self.edit_url())
        self.assertContains(response, "Thiếu số cổng phụ.")
        self.assertContains(response, "Đã lắp 12 cổng.")  # the returned text to start from
        self.client.post(self.edit_url(), self.form_data(narrative="Đã lắp 14 cổng."))
        self.login(self.office)
        self.client.post(reverse("directives:report_accept", args=[report.pk]))
        response = self.client.post(
            reverse("directives:report_return", args=[report.pk]), {"note": "Muộn"}, follow=True
        )
        self.assertContains(response, "không trả lại được")
        response = self.client.get(url)
        self.assertContains(response, "Phiên bản 2")
        self.assertContains(response, "Đã lắp 14 cổng.")
        self.assertContains(response, "Trả lại: Văn Phòng")
        old = self.client.get(reverse("directives:report_version", args=[report.pk, 1]))
        self.assertContains(old, "Đã lắp 12 cổng.")
        self.assertContains(old, "Thiếu số cổng phụ.")

    def test_unit_heads_cannot_review(self) -> None:
        report = self.submit()
        self.login(self.head_a)
        response = self.client.post(reverse("directives:report_accept", args=[report.pk]))
        self.assertEqual(response.status_code, 403)
        self.assertNotContains(
            self.client.get(reverse("directives:report_detail", args=[report.pk])),
            "Tiếp nhận báo cáo",
        )
        report.refresh_from_db()
        self.assertEqual(report.state, Report.State.SUBMITTED)

    def test_reports_of_another_unit_are_404(self) -> None:
        report = self.submit()
        self.login(self.head_b)
        self.assertEqual(
            self.client.get(reverse("directives:report_detail", args=[report.pk])).status_code,
            404,
        )


class AttachmentTests(ReportTestCase):
    def test_upload_and_download_with_permission_checks(self) -> None:
        self.login(self.head_a)
        data: dict[str, Any] = {**self.form_data()}
        data["attachments"] = SimpleUploadedFile("bien-ban.pdf", b"%PDF-1.4\n%%EOF\n")
        self.client.post(self.edit_url(), data)
        attachment = ReportAttachment.objects.get()
        self.assertTrue(attachment.file.name.startswith("directives/reports/"))
        self.assertNotIn("bien-ban", attachment.file.name)
        url = reverse("directives:report_attachment", args=[attachment.pk])
        for user, code in [
            (self.head_a, 200),
            (self.office, 200),
            (self.director, 200),
            (self.head_b, 404),
            (self.staff_user, 403),
        ]:
            self.login(user)
            response = self.client.get(url)
            self.assertEqual(response.status_code, code, user)
            if code == 200:
                self.assertIn("bien-ban.pdf", response["Content-Disposition"])
                self.assertEqual(response["X-Content-Type-Options"], "nosniff")
                b"".join(response.streaming_content)  # type: ignore[arg-type]

    def test_disallowed_and_oversized_files_are_refused_by_the_form(self) -> None:
        self.login(self.head_a)
        data: dict[str, Any] = {**self.form_data()}
        data["attachments"] = SimpleUploadedFile("a.html", b"<script>")
        response = self.client.post(self.edit_url(), data)
        self.assertContains(response, "Không nhận tệp “a.html”")
        with override_settings(DIRECTIVE_ATTACHMENT_MAX_MB=1):
            data["attachments"] = SimpleUploadedFile("a.pdf", b"%PDF-" + b"0" * (1024 * 1024))
            response = self.client.post(self.edit_url(), data)
        self.assertContains(response, "Tệp lớn quá")
        self.assertFalse(Report.objects.exists())

    def test_an_attachment_can_be_dropped_from_a_draft(self) -> None:
        data = self.good_input(uploads=[SimpleUploadedFile("x.txt", b"ghi chu")])
        report = reports.report_save_draft(
            task=self.task1,
            unit=self.unit_a,
            period_start=self.period_start,
            data=data,
            by=self.head_a,
        )
        attachment = ReportAttachment.objects.get()
        self.login(self.head_a)
        self.client.post(
            self.edit_url(), {**self.form_data("draft"), "remove_attachments": [attachment.pk]}
        )
        self.assertFalse(report.current_version.attachments.exists())


class ReportListQueryTests(ReportTestCase):
    """The unit's report list reads its rows in a fixed number of queries, however many
    tasks, periods and reports it shows."""

    def assert_list_queries(self) -> int:
        self.login(self.head_a)
        url = reverse("directives:report_list")
        self.client.get(url)
        # session, user, roles, staff unit, unit paths, assignments, reports, the bell's
        # unread count, and the session save (savepoint, update, release).
        with self.assertNumQueries(12):
            response = self.client.get(url)
        return len(response.context["rows"])

    def test_the_list_takes_a_fixed_number_of_queries(self) -> None:
        self.assertEqual(self.assert_list_queries(), 1)
        self.submit()
        issue_directive(self, number=43)
        weekly = issue_directive(self, number=44, days_ago=20)
        weekly.tasks.update(recurrence="weekly")  # a row per week since it was issued
        self.assertGreaterEqual(self.assert_list_queries(), 5)
