"""The editorial pages: who sees which article, the form, the buttons, the messages."""

from __future__ import annotations

from django.urls import reverse

from phongdich.core.tests.base import BaseTestCase
from phongdich.news.models import Article
from phongdich.news.tests.helpers import article, jpeg_with_exif, move


class ArticlePageTests(BaseTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.draft = article(cls.staff_user, cls.unit_a, title="Bản nháp của cán bộ A")
        cls.other = article(cls.head_b, cls.unit_b, title="Bài của trung tâm B")

    def test_a_staff_member_writes_a_draft_with_a_cover(self) -> None:
        self.login(self.staff_user)
        response = self.client.post(
            reverse("news:article_create"),
            {
                "title": "Công đoàn với PC-Covid",
                "summary": "Tóm tắt",
                "body": "Đoạn một\n\nĐoạn hai",
                "topic": "technology",
                "unit": self.unit_a.pk,
                "directive_item": "7",
                "cover": jpeg_with_exif(),
            },
        )
        item = Article.objects.get(title="Công đoàn với PC-Covid")
        self.assertRedirects(response, reverse("news:article_detail", args=[item.pk]))
        self.assertEqual(item.body, "<p>Đoạn một</p><p>Đoạn hai</p>")
        self.assertEqual(item.author, self.staff_user)
        page = self.client.get(reverse("news:article_detail", args=[item.pk]))
        self.assertContains(page, reverse("news:image", args=[item.cover_id]))
        self.assertContains(page, "Gửi duyệt")
        self.assertEqual(
            self.client.get(reverse("news:image", args=[item.cover_id])).status_code, 200
        )

    def test_a_bad_cover_is_refused_on_the_form(self) -> None:
        self.login(self.staff_user)
        bad = jpeg_with_exif("x.jpg")
        bad.file.write(b"")
        bad.file.seek(0)
        bad.file.truncate(10)
        response = self.client.post(
            reverse("news:article_create"),
            {
                "title": "T",
                "summary": "S",
                "body": "B",
                "topic": "technology",
                "unit": self.unit_a.pk,
                "cover": bad,
            },
        )
        self.assertContains(response, "không phải ảnh hợp lệ: chỉ nhận ảnh .jpg, .png hoặc .webp")

    def test_authors_see_their_own_drafts_only(self) -> None:
        self.login(self.staff_a_user())
        response = self.client.get(reverse("news:article_list"))
        self.assertNotContains(response, "Bản nháp của cán bộ A")
        detail = self.client.get(reverse("news:article_detail", args=[self.draft.pk]))
        self.assertEqual(detail.status_code, 404)

    def staff_a_user(self):  # type: ignore[no-untyped-def]
        from django.contrib.auth import get_user_model

        user = get_user_model().objects.create_user(username="colleague", password="x")
        self.staff_a.user = user
        self.staff_a.save()
        return user

    def test_unit_heads_see_their_units_articles_and_the_board_sees_all(self) -> None:
        self.login(self.head_a)
        listing = self.client.get(reverse("news:article_list"))
        self.assertContains(listing, "Bản nháp của cán bộ A")
        self.assertNotContains(listing, "Bài của trung tâm B")
        self.assertEqual(
            self.client.get(reverse("news:article_detail", args=[self.other.pk])).status_code, 404
        )
        self.login(self.editor)
        listing = self.client.get(reverse("news:article_list"))
        self.assertContains(listing, "Bản nháp của cán bộ A")
        self.assertContains(listing, "Bài của trung tâm B")

    def test_the_list_takes_a_fixed_number_of_queries(self) -> None:
        for index in range(5):
            article(self.staff_user, self.unit_a, title=f"Bài {index}")
        self.login(self.editor)
        self.client.get(reverse("news:article_list"))  # warm the session
        with self.assertNumQueries(10):  # session, user, roles (2), count, page, bell, save (3)
            response = self.client.get(reverse("news:article_list"))
        self.assertEqual(len(response.context["articles"]), 7)

    def test_an_illegal_transition_shows_a_vietnamese_message(self) -> None:
        self.login(self.editor)
        response = self.client.post(
            reverse("news:article_transition", args=[self.draft.pk]),
            {"action": "publish"},
            follow=True,
        )
        self.assertContains(response, "Không thể “Đăng ngay” một bài ở trạng thái “Bản nháp”.")

    def test_the_board_returns_with_a_comment_and_the_author_sees_it(self) -> None:
        move(self.draft, "submit", self.staff_user)
        self.login(self.editor)
        self.client.post(
            reverse("news:article_transition", args=[self.draft.pk]),
            {"action": "return", "comment": "Bổ sung ảnh hoạt động."},
        )
        self.login(self.staff_user)
        page = self.client.get(reverse("news:article_detail", args=[self.draft.pk]))
        self.assertContains(page, "Bổ sung ảnh hoạt động.")
        self.assertContains(page, "Bị trả lại để sửa")
        version = self.client.get(reverse("news:article_version", args=[self.draft.pk, 1]))
        self.assertContains(version, "Bổ sung ảnh hoạt động.")

    def test_a_title_with_markup_is_shown_as_text(self) -> None:
        item = article(self.staff_user, self.unit_a, title="<script>alert(1)</script>")
        self.login(self.staff_user)
        page = self.client.get(reverse("news:article_detail", args=[item.pk]))
        self.assertNotContains(page, "<script>alert(1)")
        self.assertContains(page, "&lt;script&gt;alert(1)&lt;/script&gt;")
