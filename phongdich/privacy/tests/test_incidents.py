"""The breach register (issue 9 item 9): the Admin records an incident, sees the 72-hour
deadline count down (overdue in red, with text), records the notification, downloads it
in the Decree 30 format and the list of the people affected."""

from __future__ import annotations

import io
import tempfile
import unicodedata
from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import docx
import pypdfium2
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from phongdich.checkin.tests.helpers import make_gates, make_visit
from phongdich.core.models import AuditEvent
from phongdich.core.tests.base import BaseTestCase
from phongdich.core.tests.office import pdf_pages_text, require_soffice, to_pdf
from phongdich.privacy.models import Incident
from phongdich.privacy.tests.helpers import make_incident

HCM = ZoneInfo("Asia/Ho_Chi_Minh")


def flat(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).split())


def form_data(**over: str) -> dict[str, object]:
    data: dict[str, object] = {
        "title": "Máy tính bảng của bảo vệ bị mất",
        "description": "Máy tính bảng đang đăng nhập trang bảo vệ bị mất tại cổng chính.",
        "discovered_at": timezone.localtime(timezone.now() - timedelta(hours=2)).strftime(
            "%d/%m/%Y %H:%M"
        ),
        "data_kinds": ["name", "phone", "health"],
        "affected_count": "120",
        "consequences": "",
        "measures": "Đã khoá tài khoản bảo vệ, đổi mật khẩu.",
        "symbol": "SLĐTBXH-VP",
        "addressee": "Cục An ninh mạng và phòng, chống tội phạm sử dụng công nghệ cao",
        "signer_title": "GIÁM ĐỐC",
        "signer_name": "Vũ Thị Hương",
    }
    data.update(over)
    return data


class IncidentPagesTests(BaseTestCase):
    def test_the_admin_records_an_incident_and_it_is_audited(self) -> None:
        self.login(self.admin)
        response = self.client.post(reverse("privacy:incident_create"), form_data())
        incident = Incident.objects.get()
        self.assertRedirects(response, reverse("privacy:incident_detail", args=[incident.pk]))
        self.assertEqual(incident.data_kinds, ["name", "phone", "health"])
        self.assertEqual(incident.affected_count, 120)
        self.assertEqual(incident.created_by, self.admin)
        event = AuditEvent.objects.get(action="privacy.incident.create")
        self.assertEqual((event.actor, event.object_id), (self.admin, str(incident.pk)))
        page = self.client.get(reverse("privacy:incident_detail", args=[incident.pk]))
        self.assertContains(page, "Còn 2 ngày 21 giờ")
        self.assertContains(page, "72 giờ kể từ lúc phát hiện")
        self.assertNotContains(page, "ĐÃ QUÁ HẠN")

    def test_bad_input_gets_vietnamese_messages_and_nothing_is_saved(self) -> None:
        self.login(self.admin)
        later = timezone.localtime(timezone.now() + timedelta(hours=3)).strftime("%d/%m/%Y %H:%M")
        response = self.client.post(
            reverse("privacy:incident_create"),
            form_data(
                title="",
                discovered_at=later,
                data_kinds=[],  # type: ignore[arg-type]
                affected_count="-1",
                scope_from="01/10/2026",
                signer_name="",
            ),
        )
        self.assertEqual(response.status_code, 400)
        for text in (
            "Vui lòng nhập tóm tắt sự cố.",
            "Thời điểm phát hiện không được ở tương lai.",
            "Vui lòng chọn ít nhất một loại dữ liệu.",
            "Số người không được âm.",
            "Nhập cả hai ngày (hoặc bỏ trống cả hai).",
            "Vui lòng nhập họ tên người ký.",
        ):
            self.assertContains(response, text, status_code=400)
        response = self.client.post(
            reverse("privacy:incident_create"), form_data(discovered_at="31/02/2026 10:00")
        )
        self.assertContains(response, "dd/mm/yyyy hh:mm", status_code=400)
        self.assertFalse(Incident.objects.exists())

    def test_an_overdue_incident_is_red_with_text_in_the_list_and_on_its_page(self) -> None:
        overdue = make_incident(self.admin, found=timezone.now() - timedelta(hours=80))
        fresh = make_incident(self.admin, title="Sự cố mới", found=timezone.now())
        self.login(self.admin)
        page = self.client.get(reverse("privacy:incident_list")).content.decode()
        row = page[page.index(f'id="incident-{overdue.pk}"') :]
        row = row[: row.index("</tr>")]
        self.assertIn('class="overdue"', row)
        self.assertIn('class="deadline overdue"', row)
        self.assertIn("Quá hạn 8 giờ", row)
        fresh_row = page[page.index(f'id="incident-{fresh.pk}"') :]
        self.assertNotIn("Quá hạn", fresh_row[: fresh_row.index("</tr>")])
        detail = self.client.get(reverse("privacy:incident_detail", args=[overdue.pk]))
        self.assertContains(detail, "ĐÃ QUÁ HẠN THÔNG BÁO")
        self.assertContains(detail, 'class="deadline overdue"')

    def test_recording_the_notification_stops_the_clock(self) -> None:
        incident = make_incident(self.admin, found=timezone.now() - timedelta(hours=80))
        self.login(self.admin)
        url = reverse("privacy:incident_notified", args=[incident.pk])
        response = self.client.post(url, follow=True)
        self.assertContains(response, "thông báo sau hạn 72 giờ")
        incident.refresh_from_db()
        self.assertEqual(incident.status, Incident.Status.NOTIFIED)
        self.assertTrue(incident.notified_late)
        self.assertEqual(
            AuditEvent.objects.get(action="privacy.incident.notified").detail, {"late": True}
        )
        again = self.client.post(url, follow=True)
        self.assertContains(again, "đã được ghi nhận là đã thông báo")
        self.client.post(reverse("privacy:incident_close", args=[incident.pk]))
        incident.refresh_from_db()
        self.assertEqual(incident.status, Incident.Status.CLOSED)

    def test_an_edit_keeps_the_clock_of_the_discovery(self) -> None:
        incident = make_incident(self.admin)
        self.login(self.admin)
        url = reverse("privacy:incident_edit", args=[incident.pk])
        self.assertContains(self.client.get(url), incident.title)
        found = timezone.localtime(incident.discovered_at).strftime("%d/%m/%Y %H:%M")
        response = self.client.post(url, form_data(discovered_at=found, affected_count="40"))
        self.assertEqual(response.status_code, 302)
        incident.refresh_from_db()
        self.assertEqual(incident.affected_count, 40)
        self.assertTrue(AuditEvent.objects.filter(action="privacy.incident.update").exists())

    def test_the_list_has_a_fixed_number_of_queries(self) -> None:
        self.login(self.admin)
        make_incident(self.admin)
        self.client.get(reverse("privacy:incident_list"))
        with CaptureQueriesContext(connection) as one:
            self.client.get(reverse("privacy:incident_list"))
        for n in range(5):
            make_incident(self.admin, title=f"Sự cố {n}")
        with CaptureQueriesContext(connection) as six:
            response = self.client.get(reverse("privacy:incident_list"))
        self.assertEqual(len(response.context["incidents"]), 6)
        self.assertEqual(len(six), len(one))

    def test_only_the_admin_reaches_the_register(self) -> None:
        incident = make_incident(self.admin)
        for name, user in self.cast.items():
            with self.subTest(member=name):
                self.login(user)
                expected = 200 if name == "admin" else 403
                for url in (
                    reverse("privacy:incident_list"),
                    reverse("privacy:incident_detail", args=[incident.pk]),
                    reverse("privacy:incident_notification", args=[incident.pk, "docx"]),
                ):
                    self.assertEqual(self.client.get(url).status_code, expected, url)

    def test_the_register_exports_every_incident_to_xlsx_for_the_admin_only(self) -> None:
        from phongdich.privacy.services.incidents import incident_mark_notified

        late = make_incident(
            self.admin, found=timezone.now() - timedelta(hours=100), title="Sự cố cũ"
        )
        incident_mark_notified(incident=late, by=self.admin)
        for n in range(26):  # more than a page of 25
            make_incident(self.admin, title=f"Sự cố {n:02}", affected_count=n + 1)
        self.login(self.admin)
        list_page = self.client.get(reverse("privacy:incident_list"))
        self.assertContains(list_page, reverse("privacy:incident_export"))
        self.assertEqual(len(list_page.context["incidents"]), 25)
        response = self.client.get(reverse("privacy:incident_export"))
        self.assertEqual(response.status_code, 200)
        book = load_workbook(io.BytesIO(response.content))
        rows = [r for r in book["Sổ sự cố"].iter_rows(values_only=True) if any(r)]
        header = next(i for i, r in enumerate(rows) if r[0] == "STT")
        self.assertIn("SỔ SỰ CỐ DỮ LIỆU CÁ NHÂN", [r[0] for r in rows[:header]])
        self.assertEqual(
            rows[header],
            (
                "STT",
                "Phát hiện lúc",
                "Sự cố",
                "Loại dữ liệu bị ảnh hưởng",
                "Số người",
                "Trạng thái",
                "Hạn thông báo (72 giờ)",
                "Đã thông báo lúc",
                "Thông báo",
                "Biện pháp đã thực hiện",
            ),
        )
        body = rows[header + 1 :]
        self.assertEqual(len(body), 27)  # every incident, not one page
        self.assertEqual(body[-1][2], "Sự cố cũ")  # newest first, as on the page
        self.assertEqual(body[-1][5:6] + body[-1][8:9], ("Đã thông báo", "Đã thông báo sau hạn"))
        self.assertIsInstance(body[-1][7], datetime)
        newest = body[0]
        self.assertEqual(
            newest[:1] + newest[2:6],
            (
                1,
                "Sự cố 25",
                "Họ và tên, Số điện thoại, Lịch sử ra vào cơ quan",
                26,
                "Chưa thông báo",
            ),
        )
        self.assertEqual((newest[7], newest[8]), (None, "Chưa thông báo"))
        due = timezone.localtime(Incident.objects.get(title="Sự cố 25").notify_due)
        moment = newest[6]
        assert isinstance(moment, datetime)
        self.assertLess(abs(moment - due.replace(tzinfo=None)), timedelta(seconds=1))
        for member in ("office", "director", "it", "staff_user"):
            self.login(self.cast[member])
            self.assertEqual(self.client.get(reverse("privacy:incident_export")).status_code, 403)

    def test_an_unknown_incident_or_format_is_404(self) -> None:
        incident = make_incident(self.admin)
        self.login(self.admin)
        self.assertEqual(
            self.client.get(reverse("privacy:incident_detail", args=[999999])).status_code, 404
        )
        url = reverse("privacy:incident_notification", args=[incident.pk, "odt"])
        self.assertEqual(self.client.get(url).status_code, 404)


class IncidentDocumentsTests(BaseTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        make_gates(cls)
        day = datetime(2026, 10, 14, 8, 0, tzinfo=HCM)
        make_visit(cls.gate_a, phone="+84912345301", name="Lý Thị Hoa", at=day)
        make_visit(cls.gate_b, phone="+84912345302", name="Trần Văn Bình", at=day)
        make_visit(
            cls.gate_a, phone="+84912345303", name="Ngoài Phạm Vi", at=day - timedelta(days=5)
        )
        cls.incident = make_incident(
            cls.admin,
            number=12,
            scope_from=date(2026, 10, 14),
            scope_to=date(2026, 10, 14),
            scope_units=[cls.office_unit],
        )

    def download(self, fmt: str) -> bytes:
        self.login(self.admin)
        url = reverse("privacy:incident_notification", args=[self.incident.pk, fmt])
        response = self.client.get(url)
        self.assertEqual(response.status_code, 200)
        self.assertIn(
            f"12-thong-bao-su-co-du-lieu-ca-nhan-{self.incident.pk}.{fmt}",
            response["Content-Disposition"],
        )
        return response.content

    def check_text(self, text: str) -> None:
        for expected in (
            "Số: 12/SLĐTBXH-VP",
            "V/v thông báo vi phạm quy định về bảo vệ dữ liệu cá nhân",
            "Kính gửi: Cục An ninh mạng và phòng, chống tội phạm sử dụng công nghệ cao",
            "Lộ tệp nhật ký ra vào qua thư điện tử gửi nhầm",
            "họ và tên, số điện thoại, lịch sử ra vào cơ quan",
            "37 người (danh sách kèm theo)",
            "Người nhận đã xác nhận xoá tệp.",
            "VŨ THỊ HƯƠNG" if "VŨ THỊ HƯƠNG" in text else "Vũ Thị Hương",
            "Nơi nhận",
        ):
            self.assertIn(expected, text)

    def test_the_docx_is_a_decree_30_letter_of_one_or_two_pages_in_libreoffice(self) -> None:
        data = self.download("docx")
        text = flat("\n".join(p.text for p in docx.Document(io.BytesIO(data)).paragraphs))
        tables = docx.Document(io.BytesIO(data)).tables
        header = flat(" ".join(c.text for t in tables for row in t.rows for c in row.cells))
        self.check_text(header + " " + text)
        soffice = require_soffice()
        with tempfile.TemporaryDirectory() as tmp:
            source = Path(tmp) / "thong-bao.docx"
            source.write_bytes(data)
            pages = pdf_pages_text(to_pdf(soffice, source))
        self.assertIn(len(pages), (1, 2))
        self.check_text(flat(" ".join(pages)))
        self.assertNotIn("…", " ".join(pages))

    def test_the_pdf_is_the_same_letter(self) -> None:
        document = pypdfium2.PdfDocument(self.download("pdf"))
        try:
            pages = [page.get_textpage().get_text_range() for page in document]
            width, height = document[0].get_size()
        finally:
            document.close()
        self.assertIn(len(pages), (1, 2))
        self.assertAlmostEqual(width / 72 * 25.4, 210, delta=1)  # A4
        self.assertAlmostEqual(height / 72 * 25.4, 297, delta=1)
        self.check_text(flat(" ".join(pages)))
        event = AuditEvent.objects.get(action="privacy.incident.notification.download")
        self.assertEqual(event.detail, {"fmt": "pdf"})

    def test_the_affected_people_are_listed_in_an_xlsx_and_the_export_is_audited(self) -> None:
        self.login(self.admin)
        response = self.client.get(reverse("privacy:incident_affected", args=[self.incident.pk]))
        self.assertEqual(response.status_code, 200)
        ws = load_workbook(io.BytesIO(response.content)).active
        header = next(int(r[0].row or 0) for r in ws.iter_rows() if r[0].value == "STT")
        rows = [[c.value for c in r] for r in ws.iter_rows(min_row=header + 1)]
        self.assertEqual([r[1:3] for r in rows], [["Lý Thị Hoa", "+84912345301"]])
        self.assertEqual(rows[0][4], datetime(2026, 10, 14, 8, 0))
        block = " ".join(str(ws.cell(row=r, column=1).value) for r in range(1, header))
        self.assertIn("Tài liệu chứa dữ liệu cá nhân", block)
        self.assertIn("Tại: Văn phòng Sở", block)
        event = AuditEvent.objects.get(action="privacy.incident.affected.export")
        self.assertEqual(event.detail, {"rows": 1})
        self.assertIn("người bị ảnh hưởng", event.reason)
