"""Report services: drafts, submission, review, versions, late reports, bad input, the
save that keeps the valid part, text normalisation and audit."""

from __future__ import annotations

import unicodedata
from datetime import timedelta
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db.models import QuerySet
from django.test import override_settings

from phongdich.core.models import AuditEvent
from phongdich.directives.errors import ReportError
from phongdich.directives.models import Report, ReportVersion, TaskAssignment
from phongdich.directives.selectors.status import TaskStatus, status_of, today_local
from phongdich.directives.services import reports
from phongdich.directives.tests.report_helpers import ReportTestCase, issue_directive


class SubmitTests(ReportTestCase):
    def test_submit_writes_version_1_with_values(self) -> None:
        report = self.submit()
        self.assertEqual(report.state, Report.State.SUBMITTED)
        self.assertIsNotNone(report.first_submitted_at)
        version = report.versions.get()
        self.assertEqual(version.version, 1)
        self.assertEqual(version.submitted_by, self.head_a)
        values = {v.indicator.kind: v.value for v in version.values.all()}
        self.assertEqual(
            values,
            {"integer": 12, "percentage": Decimal("87.50"), "boolean": True, "text": "Đủ"},
        )
        self.assertEqual(version.issues, "Thiếu máy quét.\nCấp thêm 2 máy.")

    def test_submitting_twice_is_refused(self) -> None:
        self.submit()
        with self.assertRaisesMessage(ReportError, "đang chờ Văn phòng xem xét"):
            self.submit()
        self.assertEqual(ReportVersion.objects.count(), 1)

    def test_missing_required_indicators_and_completion_date(self) -> None:
        data = self.good_input(completed_on=None)
        data.values[self.ind["integer"].pk] = None
        data.values[self.ind["text"].pk] = None  # optional
        with self.assertRaises(ReportError) as caught:
            reports.report_submit(
                task=self.task1,
                unit=self.unit_a,
                period_start=self.period_start,
                data=data,
                by=self.head_a,
            )
        errors = caught.exception.field_errors
        self.assertEqual(
            errors[f"ind_{self.ind['integer'].pk}"],
            ["Chưa nhập chỉ tiêu bắt buộc “Số cổng có mã QR”."],
        )
        self.assertIn("completed_on", errors)
        self.assertNotIn(f"ind_{self.ind['text'].pk}", errors)
        self.assertFalse(Report.objects.exists())  # nothing written

    def test_a_draft_may_be_incomplete_but_not_wrongly_typed(self) -> None:
        data = self.good_input(completed_on=None, progress="in_progress")
        data.values[self.ind["integer"].pk] = None
        report = reports.report_save_draft(
            task=self.task1,
            unit=self.unit_a,
            period_start=self.period_start,
            data=data,
            by=self.head_a,
        )
        self.assertEqual(report.state, Report.State.DRAFT)
        self.assertIsNone(report.first_submitted_at)
        data.values[self.ind["integer"].pk] = -3
        data.values[self.ind["percentage"].pk] = Decimal("100.5")
        with self.assertRaises(ReportError) as caught:
            reports.report_save_draft(
                task=self.task1,
                unit=self.unit_a,
                period_start=self.period_start,
                data=data,
                by=self.head_a,
            )
        self.assertEqual(len(caught.exception.field_errors), 2)

    def test_completion_date_in_the_future_is_refused(self) -> None:
        with self.assertRaisesMessage(ReportError, "không được sau hôm nay"):
            self.submit(completed_on=today_local() + timedelta(days=1))

    def test_drafts_are_edited_in_place_then_submitted_as_the_same_version(self) -> None:
        for narrative in ["một", "hai"]:
            reports.report_save_draft(
                task=self.task1,
                unit=self.unit_a,
                period_start=self.period_start,
                data=self.good_input(narrative=narrative),
                by=self.head_a,
            )
        report = self.submit(narrative="ba")
        self.assertEqual(list(report.versions.values_list("version", "narrative")), [(1, "ba")])

    def test_a_unit_that_need_not_report_or_is_not_assigned_is_refused(self) -> None:
        with self.assertRaisesMessage(ReportError, "không có trách nhiệm báo cáo"):
            self.submit(unit=self.office_unit)
        TaskAssignment.objects.filter(task=self.task1, unit=self.unit_b).update(must_report=False)
        with self.assertRaisesMessage(ReportError, "không có trách nhiệm báo cáo"):
            self.submit(unit=self.unit_b)

    def test_a_period_that_is_not_the_tasks_is_refused(self) -> None:
        with self.assertRaisesMessage(ReportError, "Kỳ báo cáo không hợp lệ"):
            reports.report_submit(
                task=self.task1,
                unit=self.unit_a,
                period_start=self.period_start + timedelta(days=1),
                data=self.good_input(),
                by=self.head_a,
            )

    def test_bad_attachments_are_refused(self) -> None:
        bad = SimpleUploadedFile("virus.exe", b"MZ\x90\x00")
        with self.assertRaisesMessage(ReportError, "chỉ nhận tệp .pdf"):
            self.submit(uploads=[bad])
        with override_settings(DIRECTIVE_ATTACHMENT_MAX_MB=1):
            big = SimpleUploadedFile("big.pdf", b"%PDF-1.4\n" + b"0" * (1024 * 1024 + 1))
            with self.assertRaisesMessage(ReportError, "Tệp lớn quá"):
                self.submit(uploads=[big])
        self.assertFalse(Report.objects.exists())


class ReviewTests(ReportTestCase):
    def test_accept_makes_it_done_on_time(self) -> None:
        report = reports.report_accept(report=self.submit(), by=self.office)
        self.assertEqual(report.state, Report.State.ACCEPTED)
        version = report.versions.get()
        self.assertEqual((version.outcome, version.reviewed_by), ("accepted", self.office))
        report.refresh_from_db()
        status = status_of(due_on=report.due_on, report=report, today=today_local())
        self.assertEqual(status, (TaskStatus.DONE_ON_TIME, 0))

    def test_returning_needs_a_comment(self) -> None:
        report = self.submit()
        with self.assertRaisesMessage(ReportError, "Vui lòng ghi rõ"):
            reports.report_return(report=report, by=self.office, note="   ")
        report.refresh_from_db()
        self.assertEqual(report.state, Report.State.SUBMITTED)

    def test_returning_an_accepted_report_is_a_clear_error(self) -> None:
        report = reports.report_accept(report=self.submit(), by=self.office)
        with self.assertRaisesMessage(ReportError, "đã được tiếp nhận: không trả lại được"):
            reports.report_return(report=report, by=self.office, note="Sửa lại")
        with self.assertRaisesMessage(ReportError, "đã được tiếp nhận trước đó"):
            reports.report_accept(report=report, by=self.office)
        with self.assertRaisesMessage(ReportError, "không sửa hoặc gửi lại được"):
            self.submit()

    def test_a_draft_cannot_be_reviewed(self) -> None:
        report = reports.report_save_draft(
            task=self.task1,
            unit=self.unit_a,
            period_start=self.period_start,
            data=self.good_input(),
            by=self.head_a,
        )
        with self.assertRaisesMessage(ReportError, "chưa gửi"):
            reports.report_accept(report=report, by=self.office)

    def test_resubmitting_after_return_makes_a_new_version_and_keeps_the_old(self) -> None:
        attachment = SimpleUploadedFile("bien-ban.pdf", b"%PDF-1.4\n%%EOF\n")
        report = self.submit(uploads=[attachment])
        reports.report_return(report=report, by=self.office, note="Bổ sung số liệu cổng phụ.")
        report.refresh_from_db()
        self.assertEqual(report.state, Report.State.RETURNED)
        with self.assertRaisesMessage(ReportError, "chờ đơn vị gửi lại"):
            reports.report_return(report=report, by=self.office, note="Lần nữa")
        report = self.submit(narrative="Đã lắp 14 cổng.")
        versions = list(report.versions.order_by("version"))
        self.assertEqual([v.version for v in versions], [1, 2])
        self.assertEqual(versions[0].narrative, "Đã lắp 12 cổng.")
        self.assertEqual(versions[0].outcome, "returned")
        self.assertEqual(versions[0].review_note, "Bổ sung số liệu cổng phụ.")
        self.assertEqual(versions[1].narrative, "Đã lắp 14 cổng.")
        self.assertEqual(report.current_version, versions[1])
        # The attachment is carried to the new version and still on the old one.
        self.assertEqual(versions[0].attachments.get().original_name, "bien-ban.pdf")
        self.assertEqual(
            versions[1].attachments.get().file.name, versions[0].attachments.get().file.name
        )
        self.assertEqual(values_of(versions[0]), values_of(versions[1]))
        first = report.first_submitted_at
        reports.report_accept(report=report, by=self.office)
        report.refresh_from_db()
        self.assertEqual(report.first_submitted_at, first)


def values_of(version: ReportVersion) -> dict[str, object]:
    return {v.indicator.name: v.value for v in version.values.all()}


class LateTests(ReportTestCase):
    def test_a_late_submission_is_allowed_and_counted_late(self) -> None:
        late = issue_directive(self, number=77, days_ago=20, due_in=-5)
        task = late.tasks.get(number="1")
        report = reports.report_submit(
            task=task,
            unit=self.unit_a,
            period_start=late.issued_on or today_local(),
            data=self.good_input(task, completed_on=today_local() - timedelta(days=8)),
            by=self.head_a,
        )
        self.assertEqual(report.due_on, today_local() - timedelta(days=5))
        report = reports.report_accept(report=report, by=self.office)
        report.refresh_from_db()
        # Completed before the deadline by the unit's word, but reported 5 days late.
        self.assertEqual(
            status_of(due_on=report.due_on, report=report, today=today_local()),
            (TaskStatus.DONE_LATE, 5),
        )


NFD = unicodedata.normalize("NFD", "Đã lắp đủ cổng")  # "ắ", "ủ", "ổ" decomposed
NFC = unicodedata.normalize("NFC", "Đã lắp đủ cổng")


def report_events() -> QuerySet[AuditEvent]:
    return AuditEvent.objects.filter(object_type="directives.report")


class ReportSaveTests(ReportTestCase):
    """``report_save``, what the report form calls: submit, or save a draft, and keep the
    valid part as a draft when a submission lacks something."""

    def save(self, *, submit: bool, **changes: object) -> reports.ReportSaved:
        return reports.report_save(
            task=self.task1,
            unit=self.unit_a,
            period_start=self.period_start,
            data=self.good_input(**changes),
            submit=submit,
            by=self.head_a,
            ip="203.0.113.9",
        )

    def test_a_complete_submission_is_sent(self) -> None:
        saved = self.save(submit=True)
        self.assertTrue(saved.submitted)
        self.assertIsNone(saved.error)
        assert saved.report is not None
        self.assertEqual(saved.report.state, Report.State.SUBMITTED)

    def test_a_draft_is_saved_with_required_values_left_empty(self) -> None:
        saved = self.save(submit=False, values={})
        self.assertTrue(saved.draft)
        self.assertIsNone(saved.error)
        assert saved.report is not None
        self.assertEqual(saved.report.state, Report.State.DRAFT)

    def test_a_submission_lacking_something_keeps_the_valid_part_as_a_draft(self) -> None:
        saved = self.save(submit=True, completed_on=None, narrative="Giữ lại phần đã viết")
        self.assertFalse(saved.submitted)
        self.assertTrue(saved.draft)
        assert saved.error is not None and saved.report is not None
        self.assertIn("completed_on", saved.error.field_errors)
        self.assertEqual(saved.report.state, Report.State.DRAFT)
        version = saved.report.versions.get()
        self.assertEqual(version.narrative, "Giữ lại phần đã viết")
        self.assertEqual(len(version.values.all()), 4)
        actions = list(report_events().values_list("action", "ip_address"))
        self.assertEqual(actions, [("directives.report.draft", "203.0.113.9")])

    def test_a_value_of_the_wrong_type_saves_nothing(self) -> None:
        saved = self.save(submit=True, values={self.ind["integer"].pk: "mười hai"})
        self.assertIsNone(saved.report)
        self.assertFalse(saved.submitted or saved.draft)
        assert saved.error is not None
        self.assertIn(f"ind_{self.ind['integer'].pk}", saved.error.field_errors)
        self.assertFalse(Report.objects.exists())
        self.assertFalse(report_events().exists())

    def test_a_report_waiting_for_review_is_not_saved_again(self) -> None:
        self.save(submit=True)
        saved = self.save(submit=False, narrative="Sửa sau khi gửi")
        self.assertIsNone(saved.report)
        assert saved.error is not None
        self.assertIn("đang chờ Văn phòng xem xét", saved.error.messages[0])
        # An incomplete submission: its errors come back, and no draft replaces it.
        saved = self.save(submit=True, completed_on=None)
        self.assertIsNone(saved.report)
        assert saved.error is not None
        self.assertIn("completed_on", saved.error.field_errors)
        self.assertEqual(ReportVersion.objects.get().narrative, "Đã lắp 12 cổng.")

    def test_the_submission_is_audited_with_the_client_address(self) -> None:
        saved = self.save(submit=True)
        event = report_events().get()
        assert saved.report is not None
        self.assertEqual(
            (event.action, event.actor, event.object_id, event.ip_address),
            ("directives.report.submit", self.head_a, str(saved.report.pk), "203.0.113.9"),
        )


class TextNormalisationTests(ReportTestCase):
    """Every text of a report is NFC-normalised and stripped, whatever the keyboard sent."""

    def version(self, **changes: object) -> ReportVersion:
        report = self.submit(**changes)
        return report.versions.get()

    def test_the_narrative_is_nfc_and_stripped(self) -> None:
        self.assertEqual(self.version(narrative=f"  {NFD}\n ").narrative, NFC)

    def test_the_difficulties_are_nfc_and_stripped(self) -> None:
        self.assertEqual(self.version(difficulties=f"\t{NFD}  ").difficulties, NFC)

    def test_the_proposals_are_nfc_and_stripped(self) -> None:
        self.assertEqual(self.version(proposals=f" {NFD} ").proposals, NFC)

    def test_a_text_indicator_is_nfc_and_stripped(self) -> None:
        version = self.version(values={**self.good_input().values, self.ind["text"].pk: NFD})
        self.assertEqual(version.values.get(indicator=self.ind["text"]).value_text, NFC)

    def test_the_return_note_is_nfc_and_stripped(self) -> None:
        report = reports.report_return(report=self.submit(), by=self.office, note=f"  {NFD} ")
        self.assertEqual(report.review_note, NFC)
        self.assertEqual(report.versions.get().review_note, NFC)

    def test_the_accept_note_is_nfc_and_stripped(self) -> None:
        report = reports.report_accept(report=self.submit(), by=self.office, note=f" {NFD}\n")
        self.assertEqual(report.review_note, NFC)
