"""The pages: who sees which requests, the phone form, the queue, the team, the
dashboard, the knowledge base; query counts pinned on every list page."""

from __future__ import annotations

import datetime as dt
import io

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from phongdich.support.models import Article, Partner, ServiceLevel, State, SupportRequest
from phongdich.support.services.knowledge import ArticleInput, article_save
from phongdich.support.services.requests import request_act
from phongdich.support.tests.helpers import SupportTestCase


def png() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (20, 20), (0, 90, 200)).save(out, format="PNG")
    return out.getvalue()


class PagesTestCase(SupportTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        now = timezone.now()
        cls.mine = [cls().open_request(title=f"Máy tính số {n}", now=now) for n in range(3)]
        from phongdich.org.models import Staff

        cls.theirs = cls().open_request(
            title="Mạng ở trung tâm chập chờn",
            unit=cls.unit_b,
            requester=Staff.objects.get(user=cls.head_b),
            now=now,
        )
        cls.qr = article_save(
            data=ArticleInput(
                title="Quét mã QR khi vào cơ quan",
                body="Mở camera.\nHướng vào mã QR.",
                keywords="qr, quét mã, camera",
                publish=True,
            ),
            actor=cls.it,
            ip=None,
        )
        cls.draft = article_save(
            data=ArticleInput(title="Bản nháp chữ ký số", body="Bước 1"), actor=cls.it, ip=None
        )


class RequestListTests(PagesTestCase):
    def test_staff_see_only_their_own_requests(self):
        self.login(self.staff_user)
        with self.assertNumQueries(10):
            response = self.client.get("/ho-tro/")
        self.assertContains(response, "Máy tính số 0")
        self.assertNotContains(response, "Mạng ở trung tâm")

    def test_a_unit_head_sees_the_units_requests_and_not_another_units(self):
        self.login(self.head_a)
        response = self.client.get("/ho-tro/")
        self.assertContains(response, "Máy tính số 2")
        self.assertNotContains(response, "Mạng ở trung tâm")
        self.login(self.head_b)
        response = self.client.get("/ho-tro/")
        self.assertContains(response, "Mạng ở trung tâm")
        self.assertNotContains(response, "Máy tính số 2")
        self.assertEqual(self.client.get(f"/ho-tro/{self.mine[0].pk}/").status_code, 404)

    def test_the_query_count_does_not_grow_with_the_rows(self):
        self.login(self.it)
        with self.assertNumQueries(10):
            self.client.get("/ho-tro/")
        for n in range(5):
            self.open_request(title=f"Thêm {n}")
        with self.assertNumQueries(10):
            self.client.get("/ho-tro/")

    def test_the_queue_shows_the_members_units_and_is_pinned(self):
        self.login(self.it2)
        with self.assertNumQueries(12):
            response = self.client.get("/ho-tro/hang-doi/")
        self.assertContains(response, "Máy tính số 1")
        self.assertNotContains(response, "Mạng ở trung tâm")  # unit B is not theirs
        response = self.client.get("/ho-tro/hang-doi/?scope=unassigned&state=open")
        self.assertContains(response, "Mạng ở trung tâm")
        response = self.client.get("/ho-tro/hang-doi/?scope=all&state=")
        self.assertContains(response, "Mạng ở trung tâm")

    def test_filters_by_state(self):
        request_act(request=self.mine[0], action="take", actor=self.it2, ip=None)
        self.login(self.staff_user)
        response = self.client.get("/ho-tro/?state=taken")
        self.assertContains(response, "Máy tính số 0")
        self.assertNotContains(response, "Máy tính số 1")


class RequestFormTests(PagesTestCase):
    def test_a_staff_member_opens_a_request_with_a_screenshot(self):
        self.login(self.staff_user)
        response = self.client.get("/ho-tro/moi/")
        self.assertContains(response, 'name="title"')
        self.assertContains(response, 'accept="image/jpeg,image/png,image/webp"')
        response = self.client.post(
            "/ho-tro/moi/",
            {
                "title": "Máy in không nhận lệnh in",
                "unit": self.unit_a.pk,
                "urgency": "high",
                "description": "Từ sáng nay",
                "image": SimpleUploadedFile("man-hinh.png", png(), content_type="image/png"),
            },
        )
        created = SupportRequest.objects.get(title="Máy in không nhận lệnh in")
        self.assertRedirects(response, f"/ho-tro/{created.pk}/")
        self.assertEqual((created.assignee, created.urgency), (self.m2, "high"))
        self.assertTrue(created.image_path)
        page = self.client.get(f"/ho-tro/{created.pk}/")
        self.assertContains(page, f"/ho-tro/{created.pk}/anh/")

    def test_a_bad_upload_is_shown_on_the_form(self):
        self.login(self.staff_user)
        response = self.client.post(
            "/ho-tro/moi/",
            {
                "title": "Lỗi",
                "unit": self.unit_a.pk,
                "urgency": "normal",
                "image": SimpleUploadedFile("x.png", b"MZ\x90\x00 not an image"),
            },
        )
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "không phải ảnh hợp lệ: chỉ nhận ảnh .jpg")
        self.assertFalse(SupportRequest.objects.filter(title="Lỗi").exists())

    def test_plain_staff_cannot_open_a_request_for_another_unit(self):
        self.login(self.staff_user)
        response = self.client.post(
            "/ho-tro/moi/", {"title": "Mạng", "unit": self.unit_b.pk, "urgency": "normal"}
        )
        self.assertEqual(response.status_code, 200)
        self.assertFalse(SupportRequest.objects.filter(title="Mạng").exists())

    def test_the_form_suggests_articles_by_the_words_of_the_request(self):
        self.login(self.staff_user)
        response = self.client.get("/ho-tro/goi-y/", {"title": "khong quet duoc ma QR o cong"})
        self.assertContains(response, "Quét mã QR khi vào cơ quan")
        response = self.client.get("/ho-tro/goi-y/", {"title": "máy in hỏng"})
        self.assertNotContains(response, "Quét mã QR")
        response = self.client.get("/ho-tro/goi-y/", {"title": "chữ ký số"})
        self.assertNotContains(response, "Bản nháp")  # drafts are never suggested

    def test_the_requester_confirms_and_rates_from_the_page(self):
        r = self.mine[0]
        request_act(request=r, action="take", actor=self.it2, ip=None)
        request_act(request=r, action="resolve", actor=self.it2, ip=None, note="Xong")
        self.login(self.staff_user)
        page = self.client.get(f"/ho-tro/{r.pk}/")
        self.assertContains(page, "Xác nhận đã xong")
        self.assertContains(page, "Chưa được, mở lại")
        self.assertNotContains(page, "Tiếp nhận</button>")
        self.client.post(f"/ho-tro/{r.pk}/xu-ly/", {"action": "confirm", "rating": "4"})
        r.refresh_from_db()
        self.assertEqual((r.state, r.rating), (State.CLOSED, 4))

    def test_an_illegal_action_is_refused_with_a_message(self):
        self.login(self.staff_user)
        response = self.client.post(
            f"/ho-tro/{self.mine[1].pk}/xu-ly/", {"action": "reopen", "note": "x"}, follow=True
        )
        self.assertContains(response, "Không thể “mở lại”")
        self.login(self.staff_user)
        response = self.client.post(
            f"/ho-tro/{self.mine[1].pk}/xu-ly/", {"action": "take"}, follow=True
        )
        self.assertContains(response, "Bạn không được làm thao tác này.")
        self.assertEqual(SupportRequest.objects.get(pk=self.mine[1].pk).state, State.NEW)

    def test_another_units_request_is_404_for_every_action(self):
        self.login(self.head_a)
        url = f"/ho-tro/{self.theirs.pk}/"
        self.assertEqual(self.client.get(url).status_code, 404)
        self.assertEqual(self.client.post(url + "xu-ly/", {"action": "reply"}).status_code, 404)


class TeamPagesTests(PagesTestCase):
    def test_the_team_page_lists_members_and_assignments_pinned(self):
        self.login(self.office)
        with self.assertNumQueries(11):
            response = self.client.get("/ho-tro/to-cntt/")
        self.assertContains(response, "Phạm Văn Hai")
        self.assertContains(response, "Quyết định kiện toàn Tổ (.docx)")

    def test_the_uncovered_page_shows_units_without_a_primary_or_backup(self):
        self.login(self.director)
        with self.assertNumQueries(10):
            response = self.client.get("/ho-tro/to-cntt/chua-phan-cong/")
        self.assertContains(response, self.unit_b.name)
        self.assertNotContains(response, "Tổ Tuyển sinh")  # covered through unit A
        self.assertNotContains(response, "Phân công</a>")  # the Director only reads

    def test_the_office_assigns_a_unit(self):
        self.login(self.office)
        response = self.client.post(
            f"/ho-tro/to-cntt/don-vi/{self.unit_b.pk}/",
            {"primary": self.m3.pk, "backup": self.m3.pk},
        )
        self.assertContains(response, "Người dự phòng phải khác người phụ trách chính.")
        self.client.post(
            f"/ho-tro/to-cntt/don-vi/{self.unit_b.pk}/",
            {"primary": self.m3.pk, "backup": self.m2.pk},
        )
        self.assertEqual(self.unit_b.it_assignment.primary, self.m3)

    def test_only_staff_with_the_it_role_can_be_added(self):
        self.login(self.office)
        response = self.client.get("/ho-tro/to-cntt/thanh-vien/moi/")
        self.assertNotContains(response, "Cán Bộ ·")  # plain staff are not offered
        self.client.post(
            f"/ho-tro/to-cntt/thanh-vien/{self.m2.pk}/",
            {"sort_order": 5, "is_active": "on", "absent_until": "2026-03-06"},
        )
        self.m2.refresh_from_db()
        self.assertEqual(self.m2.absent_until, dt.date(2026, 3, 6))

    def test_partners_list_and_the_read_of_a_contact_is_audited(self):
        from phongdich.core.models import AuditEvent

        partner = Partner.objects.create(
            name="Viettel Thanh Hóa", kind="telecom", purpose="Mạng", phone="0986000111"
        )
        self.login(self.it)
        with self.assertNumQueries(9):
            self.client.get("/ho-tro/doi-tac/")
        response = self.client.get(f"/ho-tro/doi-tac/{partner.pk}/")
        self.assertContains(response, "0986000111")
        self.assertTrue(AuditEvent.objects.filter(action="support.partner.view").exists())

    def test_the_partner_phone_is_encrypted_at_rest(self):
        from django.db import connection

        partner = Partner.objects.create(
            name="VNPT", kind="vendor", purpose="Chữ ký số", phone="0912000222", email="a@b.vn"
        )
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT phone, email FROM {Partner._meta.db_table} WHERE id = %s", [partner.pk]
            )
            phone, email = cursor.fetchone()
        self.assertNotIn("0912000222", phone)
        self.assertNotIn("a@b.vn", email)


class DashboardAndLevelsTests(PagesTestCase):
    def test_the_dashboard_is_pinned_and_draws_a_chart_per_unit(self):
        request_act(request=self.mine[0], action="take", actor=self.it2, ip=None)
        self.login(self.director)
        with self.assertNumQueries(11):
            response = self.client.get("/ho-tro/theo-doi/")
        self.assertContains(response, "<svg", count=2)  # unit A and unit B
        self.assertContains(response, "Phạm Văn Hai")
        self.assertNotContains(response, "style=")

    def test_the_it_team_edits_a_service_level(self):
        level = ServiceLevel.objects.get(urgency="high")
        self.login(self.it)
        self.client.post(
            "/ho-tro/muc-dich-vu/",
            {
                "level": level.pk,
                f"l{level.pk}-take_minutes": 45,
                f"l{level.pk}-resolve_minutes": 300,
                f"l{level.pk}-remind_before_minutes": 15,
            },
        )
        level.refresh_from_db()
        self.assertEqual((level.take_minutes, level.resolve_minutes), (45, 300))
        response = self.client.post(
            "/ho-tro/muc-dich-vu/",
            {
                "level": level.pk,
                f"l{level.pk}-take_minutes": 400,
                f"l{level.pk}-resolve_minutes": 300,
                f"l{level.pk}-remind_before_minutes": 15,
            },
        )
        self.assertContains(response, "không được ngắn hơn")

    def test_a_holiday_is_added_and_listed(self):
        self.login(self.it)
        self.client.post(
            "/ho-tro/muc-dich-vu/", {"holiday": "1", "date": "02/9/2026", "name": "Quốc khánh"}
        )
        response = self.client.post(
            "/ho-tro/muc-dich-vu/", {"holiday": "1", "date": "02/09/2026", "name": "Lặp"}
        )
        self.assertContains(response, "đã có trong danh sách")
        self.login(self.director)
        response = self.client.post(
            "/ho-tro/muc-dich-vu/", {"holiday": "1", "date": "03/09/2026", "name": "X"}
        )
        self.assertEqual(response.status_code, 403)


class KnowledgeTests(PagesTestCase):
    def test_search_ignores_diacritics_and_hides_drafts_from_staff(self):
        self.login(self.staff_user)
        with self.assertNumQueries(10):  # the page count included
            response = self.client.get("/ho-tro/huong-dan/", {"q": "quet ma"})
        self.assertContains(response, "Quét mã QR khi vào cơ quan")
        self.assertNotContains(self.client.get("/ho-tro/huong-dan/"), "Bản nháp chữ ký số")
        self.assertEqual(self.client.get(f"/ho-tro/huong-dan/{self.draft.slug}/").status_code, 404)
        self.login(self.it)
        self.assertEqual(self.client.get(f"/ho-tro/huong-dan/{self.draft.slug}/").status_code, 200)

    def test_the_it_team_writes_and_publishes_an_article(self):
        self.login(self.it)
        response = self.client.post(
            "/ho-tro/huong-dan/moi/",
            {"title": "Tham gia họp trực tuyến", "body": "Mở đường liên kết.", "publish": "on"},
        )
        article = Article.objects.get(title="Tham gia họp trực tuyến")
        self.assertRedirects(response, f"/ho-tro/huong-dan/{article.slug}/")
        self.assertEqual(article.slug, "tham-gia-hop-truc-tuyen")
        self.assertEqual(article.status, Article.Status.PUBLISHED)


class SuggestionRankingTests(SupportTestCase):
    def test_whole_words_count_and_short_words_count_half(self):
        from phongdich.support.selectors.knowledge import suggestions

        for title, body in (
            ("Quét mã QR khi vào cơ quan", "Mở camera, hướng vào mã QR."),
            ("Cài đặt và sử dụng PC-Covid", "Bấm Quét QR ở màn hình chính."),
            ("Gia hạn chữ ký số", "Token bị khóa mã PIN: gửi yêu cầu."),
        ):
            article_save(
                data=ArticleInput(title=title, body=body, publish=True), actor=None, ip=None
            )
        found = [a.title for a in suggestions(text="không quét được mã QR")]
        self.assertEqual(found, ["Quét mã QR khi vào cơ quan", "Cài đặt và sử dụng PC-Covid"])
        self.assertEqual(suggestions(text="và của"), [])


class ChartTests(SupportTestCase):
    def test_svg_numbers_use_a_dot_in_vietnamese_and_english(self):
        self.open_request()
        self.login(self.it)
        for language in ("vi", "en"):
            self.client.cookies["django_language"] = language
            response = self.client.get("/ho-tro/theo-doi/")
            svg = response.content.decode().split("<svg", 1)[1].split("</svg>", 1)[0]
            self.assertRegex(svg, r'<rect x="[0-9.]+" y="[0-9.]+" width="[0-9.]+"')
            self.assertNotRegex(svg, r'="[0-9]+,[0-9]+"')
