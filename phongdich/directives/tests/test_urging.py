"""The urging notice: only late units, the công văn in Decree 30 format, stored, notified,
downloadable by the Office and the recipients only."""

from __future__ import annotations

import io
from datetime import date
from typing import Any

from django.contrib.auth import get_user_model
from django.core import mail
from django.urls import reverse
from docx import Document as Docx
from docx.document import Document as DocxDocument

from phongdich.core.models import AuditEvent
from phongdich.directives.errors import UrgingError
from phongdich.directives.models import UrgingNotice
from phongdich.directives.services.urging import urging_create
from phongdich.directives.tests.helpers import DirectiveTestCase
from phongdich.directives.tests.office_helpers import put_report
from phongdich.notifications.models import Notification
from phongdich.org.models import RoleAssignment, Staff

LATE = date(2026, 4, 3)  # three days after every deadline of the fixtures


def make_deputy(obj: Any) -> Staff:
    """A Phó Giám đốc: Director role, position "Phó Giám đốc Sở"."""
    user = get_user_model().objects.create_user(username="phogiamdoc", password="x")
    RoleAssignment.objects.create(user=user, role="director")
    return Staff.objects.create(
        full_name="Lê Văn Phó",
        staff_code="PGD01",
        unit=obj.dept,
        user=user,
        position="Phó Giám đốc Sở",
    )


def texts(doc: DocxDocument) -> list[str]:
    return [p.text for p in doc.paragraphs]


def cell_texts(doc: DocxDocument) -> str:
    """The header and signature tables, wrapped lines joined."""
    return " ".join(
        " ".join(c.text for t in doc.tables for row in t.rows for c in row.cells).split()
    )


class UrgingServiceTests(DirectiveTestCase):
    def setUp(self) -> None:
        # Unit A has done its task (accepted, on time); unit B has not.
        put_report(self.issued.tasks.get(number="1"), self.unit_a, completed_on=date(2026, 3, 30))

    def make(self, **kw: object) -> UrgingNotice:
        with self.captureOnCommitCallbacks(execute=True):
            return urging_create(directive=self.issued, by=self.office, today=LATE, **kw)

    def test_it_is_addressed_to_the_late_units_only(self) -> None:
        notice = self.make(number=7)
        self.assertEqual(list(notice.units.all()), [self.unit_b])
        self.assertEqual(notice.items[0]["tasks"][0]["days_overdue"], 3)

    def test_the_docx_follows_decree_30(self) -> None:
        notice = self.make(number=7)
        doc = Docx(io.BytesIO(notice.docx.read()))
        header = cell_texts(doc)
        self.assertIn("UBND TỈNH THANH HÓA", header)
        self.assertIn("SỞ LAO ĐỘNG - THƯƠNG BINH VÀ XÃ HỘI", header)
        self.assertIn("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", header)
        self.assertIn("Độc lập - Tự do - Hạnh phúc", header)
        self.assertIn("Số: 07/SLĐTBXH-VP", header)
        self.assertIn("Thanh Hóa, ngày 03 tháng 4 năm 2026", header)
        self.assertIn("V/v đôn đốc thực hiện Công văn số 13/SLĐTBXH-VP ngày 03/3/2026", header)
        body = "\n".join(texts(doc))
        self.assertIn("Kính gửi", body)
        self.assertIn("Trung tâm Dịch vụ việc làm", body)
        self.assertNotIn("Phòng Giáo dục nghề nghiệp", body)
        self.assertIn("Kính gửi: Trung tâm Dịch vụ việc làm.", body)  # one unit: its name
        self.assertIn("các nhiệm vụ đã quá hạn: nhiệm vụ 2 (báo cáo của trung tâm B).", body)
        self.assertIn("trước ngày 06/4/2026", body)
        self.assertIn("./.", body)
        annex = next(t for t in doc.tables if t.rows[0].cells[0].text == "STT")
        self.assertEqual(
            [c.text for c in annex.rows[1].cells],
            [
                "1",
                "Trung tâm Dịch vụ việc làm",
                "Nhiệm vụ 2: Báo cáo của trung tâm B",
                "31/3/2026",
                "3",
                "Chưa báo cáo",
            ],
        )
        everything = body + header
        self.assertIn("Nơi nhận:", everything)
        self.assertIn("- Như trên;", everything)
        self.assertIn("- Lưu: VT, VP.", everything)
        self.assertIn("GIÁM ĐỐC", everything)
        self.assertNotIn("KT. GIÁM ĐỐC", everything)  # the Director signs by default
        section = doc.sections[0]
        self.assertAlmostEqual(section.left_margin.mm, 30, delta=0.1)
        self.assertAlmostEqual(section.right_margin.mm, 15, delta=0.1)
        self.assertAlmostEqual(section.top_margin.mm, 20, delta=0.1)
        self.assertAlmostEqual(section.page_width.mm, 210, delta=0.1)
        fonts = {r.font.name for p in doc.paragraphs for r in p.runs if r.text.strip()}
        self.assertEqual(fonts, {"Times New Roman"})

    def test_a_deputy_chosen_signs_on_behalf_of_the_director(self) -> None:
        deputy = make_deputy(self)
        doc = Docx(io.BytesIO(self.make(signer=deputy).docx.read()))
        everything = "\n".join(texts(doc)) + cell_texts(doc)
        self.assertIn("KT. GIÁM ĐỐC", everything)
        self.assertIn("PHÓ GIÁM ĐỐC", everything)
        self.assertIn("Lê Văn Phó", everything)
        self.assertIn("- Giám đốc Sở (để báo cáo);", everything)
        self.assertIn("Số: /SLĐTBXH-VP", cell_texts(doc))  # no number: for the clerk

    def test_the_pdf_is_stored_too(self) -> None:
        notice = self.make()
        self.assertTrue(notice.pdf.read().startswith(b"%PDF"))

    def test_the_late_units_heads_are_notified_in_the_app_and_by_email(self) -> None:
        notice = self.make()
        note = Notification.objects.get()
        self.assertEqual(note.user, self.head_b)
        self.assertEqual(note.url, f"/chi-dao/don-doc/{notice.pk}/tai/pdf/")
        self.assertEqual([m.to for m in mail.outbox], [["head_b@example.vn"]])

    def test_nobody_late_is_a_clear_refusal(self) -> None:
        with self.assertRaises(UrgingError) as ctx:
            urging_create(directive=self.issued, by=self.office, today=date(2026, 3, 31))
        self.assertIn("Không có đơn vị nào chậm", ctx.exception.messages[0])
        self.assertEqual(UrgingNotice.objects.count(), 0)


class UrgingViewTests(DirectiveTestCase):
    def post(self) -> object:
        return self.client.post(reverse("directives:urging_create", args=[self.issued.pk]))

    def test_the_office_urges_with_one_click(self) -> None:
        self.login(self.office)
        with self.captureOnCommitCallbacks(execute=True):
            response = self.post()
        self.assertRedirects(
            response,
            reverse("directives:followup", args=[self.issued.pk]),
            fetch_redirect_response=False,
        )
        notice = UrgingNotice.objects.get()
        self.assertEqual(set(notice.units.all()), {self.unit_a, self.unit_b})
        page = self.client.get(reverse("directives:followup", args=[self.issued.pk]))
        self.assertContains(page, "Đã tạo công văn đôn đốc gửi 2 đơn vị")
        self.assertContains(page, reverse("directives:urging_download", args=[notice.pk, "docx"]))

    def test_without_csrf_it_is_refused(self) -> None:
        from django.test import Client

        client = Client(enforce_csrf_checks=True)
        client.force_login(self.office)
        response = client.post(reverse("directives:urging_create", args=[self.issued.pk]))
        self.assertEqual(response.status_code, 403)

    def test_a_get_is_not_allowed(self) -> None:
        self.login(self.office)
        response = self.client.get(reverse("directives:urging_create", args=[self.issued.pk]))
        self.assertEqual(response.status_code, 405)

    def test_the_director_cannot_urge(self) -> None:
        self.login(self.director)
        self.assertEqual(self.post().status_code, 403)

    def test_recipients_download_and_others_do_not(self) -> None:
        put_report(self.issued.tasks.get(number="1"), self.unit_a, completed_on=date(2026, 3, 30))
        notice = urging_create(directive=self.issued, by=self.office)  # today: late for B
        url = reverse("directives:urging_download", args=[notice.pk, "docx"])
        for user, code in (
            (self.head_b, 200),
            (self.office, 200),
            (self.director, 200),
            (self.head_a, 404),
            (self.staff_user, 403),
        ):
            self.login(user)
            response = self.client.get(url)
            self.assertEqual(response.status_code, code, user.username)
        self.assertTrue(
            AuditEvent.objects.filter(action="directives.urging.download", actor=self.head_b)
        )
