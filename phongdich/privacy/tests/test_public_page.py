"""The public page "Dữ liệu cá nhân của tôi" (issue 9 item 8): a person asks to see,
correct or delete their data or withdraws consent; the phone that checked in proves who
they are, otherwise the Office verifies the CCCD in person. Rate-limited, audited."""

from __future__ import annotations

import re
from zoneinfo import ZoneInfo

from django.core import signing
from django.test import Client
from django.urls import reverse

from phongdich.checkin.models import Location, Person
from phongdich.checkin.tests.public_helpers import submit
from phongdich.core.models import AuditEvent, RateCounter
from phongdich.core.tests.base import BaseTestCase
from phongdich.privacy.deadlines import add_days, add_working_days
from phongdich.privacy.models import SubjectRequest
from phongdich.privacy.views.public import FORM_SALT

HCM = ZoneInfo("Asia/Ho_Chi_Minh")
URL = reverse("privacy:public")
PHONE = "0912345678"
NAME = "Nguyễn Văn Khách"
FT_RE = re.compile(r'name="ft" value="([^"]+)"')


def token(client: Client) -> str:
    html = client.get(URL).content.decode()
    match = FT_RE.search(html)
    assert match is not None
    return match.group(1)


class PublicPageTestCase(BaseTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.gate = Location.objects.create(code="VP-1", name="Cổng chính Sở", unit=cls.office_unit)

    def check_in(self, client: Client | None = None, **over: str) -> Person:
        client = client or self.client
        response = submit(
            client, self.gate, full_name=over.get("name", NAME), phone=over.get("phone", PHONE)
        )
        self.assertEqual(response.status_code, 302)
        return Person.objects.get(
            identity_index=Person.index_of("+84" + over.get("phone", PHONE)[1:])
        )

    def send(self, client: Client | None = None, **data: str):  # type: ignore[no-untyped-def]
        client = client or self.client
        return client.post(URL, {"ft": token(client), **data})


class PublicPageTests(PublicPageTestCase):
    def test_anyone_reaches_it_and_without_the_cookie_only_the_office_can_verify(self) -> None:
        response = self.client.get(URL)
        self.assertEqual(response.status_code, 200)
        self.assertIn("no-store", response["Cache-Control"])
        html = response.content.decode()
        self.assertIn("Dữ liệu cá nhân của tôi", html)
        self.assertIn("Văn phòng xác minh trực tiếp bằng CCCD", html)
        self.assertNotIn('value="device"', html)
        self.assertIn(
            "tiếp nhận yêu cầu trong 2 ngày làm việc, thực hiện yêu cầu xem, sửa, xoá trong"
            " 10 ngày và yêu cầu rút lại sự đồng ý trong 15 ngày",
            html,
        )

    def test_the_check_in_pages_link_to_it_from_the_footer_and_the_consent_text(self) -> None:
        html = self.client.get(f"/c/{self.gate.poster_token}").content.decode()
        self.assertEqual(html.count(f'href="{URL}"'), 2)  # consent text and footer
        self.assertIn(
            f'href="{URL}"', self.client.get(reverse("public:manual_code")).content.decode()
        )

    def test_on_the_phone_that_checked_in_it_names_the_person_and_offers_the_device(self) -> None:
        self.check_in()
        html = self.client.get(URL).content.decode()
        self.assertIn(f"<strong>{NAME}</strong>", html)
        self.assertIn("+8491****678", html)
        self.assertNotIn("912345678", html)
        self.assertIn('value="device"', html)

    def test_a_request_from_the_phone_is_verified_at_once_and_gets_its_deadlines(self) -> None:
        person = self.check_in()
        response = self.send(kind="see", proof="device")
        request = SubjectRequest.objects.get()
        ticket = signing.dumps(request.code, salt="privacy.sent")
        self.assertRedirects(response, reverse("privacy:public_sent", args=[ticket]))
        self.assertEqual((request.person, request.kind, request.proof), (person, "see", "device"))
        self.assertIsNotNone(request.verified_at)
        self.assertEqual(request.phone, "+84912345678")
        self.assertEqual(request.ack_due, add_working_days(request.received_at, 2))
        # Decree 356/2025 (summaries, docs/privacy.md): 10 calendar days for "see".
        self.assertEqual(request.answer_due, add_days(request.received_at, 10))
        sent = self.client.get(response["Location"])
        self.assertContains(sent, request.code)
        event = AuditEvent.objects.get(action="privacy.request.submit")
        self.assertEqual(event.detail, {"kind": "see", "proof": "device", "person": person.pk})
        self.assertNotIn("912345678", str(event.detail) + event.reason)
        # The page on the phone lists it.
        self.assertContains(self.client.get(URL), request.code)

    def test_an_in_person_request_needs_a_name_and_a_phone_and_keeps_them_encrypted(self) -> None:
        response = self.send(kind="delete", proof="in_person", full_name="", phone="12")
        self.assertEqual(response.status_code, 400)
        self.assertContains(response, "Vui lòng nhập họ và tên.", status_code=400)
        self.assertContains(response, "Số điện thoại", status_code=400)
        response = self.send(
            kind="delete", proof="in_person", full_name="Trần Thị Bê", phone="0912 000 002"
        )
        self.assertEqual(response.status_code, 302)
        request = SubjectRequest.objects.get()
        self.assertIsNone(request.person)
        self.assertIsNone(request.verified_at)
        self.assertEqual((request.full_name, request.phone), ("Trần Thị Bê", "+84912000002"))
        sent = self.client.get(response["Location"])
        self.assertContains(sent, "mang thẻ CCCD")

    def test_a_correction_says_what_to_correct(self) -> None:
        self.check_in()
        response = self.send(kind="correct", proof="device", details="")
        self.assertContains(response, "Vui lòng ghi rõ thông tin cần sửa.", status_code=400)

    def test_the_device_proof_needs_the_cookie(self) -> None:
        response = self.send(kind="see", proof="device")
        self.assertEqual(response.status_code, 400)
        self.assertFalse(SubjectRequest.objects.exists())

    def test_a_forged_token_or_a_cross_site_post_is_refused(self) -> None:
        self.check_in()
        response = self.client.post(URL, {"ft": "forged", "kind": "see", "proof": "device"})
        self.assertContains(response, "Trang đã hết hạn", status_code=403)
        response = self.client.post(
            URL,
            {"ft": signing.dumps(1, salt=FORM_SALT), "kind": "see", "proof": "device"},
            HTTP_ORIGIN="https://evil.example",
        )
        self.assertEqual(response.status_code, 403)
        self.assertFalse(SubjectRequest.objects.exists())

    def test_it_is_rate_limited_per_phone_with_a_vietnamese_429_and_no_phone_in_the_keys(
        self,
    ) -> None:
        for n in range(5):
            client = Client(REMOTE_ADDR=f"10.0.0.{n + 1}")
            response = self.send(
                client, kind="see", proof="in_person", full_name="Trần Thị Bê", phone="0912000002"
            )
            self.assertEqual(response.status_code, 302)
        client = Client(REMOTE_ADDR="10.0.0.99")
        response = self.send(
            client, kind="see", proof="in_person", full_name="Trần Thị Bê", phone="0912000002"
        )
        self.assertEqual(response.status_code, 429)
        self.assertContains(response, "quá nhiều yêu cầu", status_code=429)
        self.assertEqual(SubjectRequest.objects.count(), 5)
        keys = list(RateCounter.objects.values_list("key", flat=True))
        self.assertTrue(any(k.startswith("privacy:phone:") for k in keys))
        self.assertFalse(any("912000002" in k for k in keys))

    def test_it_is_rate_limited_per_client(self) -> None:
        client = Client(REMOTE_ADDR="10.0.0.5")
        for n in range(5):
            response = self.send(
                client,
                kind="see",
                proof="in_person",
                full_name="Trần Thị Bê",
                phone=f"091200010{n}",
            )
            self.assertEqual(response.status_code, 302)
        response = self.send(
            client, kind="see", proof="in_person", full_name="Trần Thị Bê", phone="0912000109"
        )
        self.assertEqual(response.status_code, 429)

    def test_a_forged_sent_ticket_or_download_is_a_clear_404(self) -> None:
        self.assertEqual(
            self.client.get(reverse("privacy:public_sent", args=["forged"])).status_code, 404
        )
        response = self.client.get(reverse("privacy:public_download", args=["YC-NONE"]))
        self.assertContains(response, "chỉ tải được trên điện thoại đã check-in", status_code=404)
