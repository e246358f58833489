"""The public news page: no sign-in, light on a phone, filter, search, feed, exports; and
nothing unpublished reachable by any URL or id."""

from __future__ import annotations

import io
import zipfile

from django.urls import reverse
from docx import Document

from phongdich.checkin.tests.test_public_weight import page_weight
from phongdich.core.tests.base import BaseTestCase
from phongdich.news.models import Article
from phongdich.news.services.articles import article_image_upload
from phongdich.news.tests.helpers import article, move, png, published

BUDGET = 30 * 1024


class PublicNewsTests(BaseTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.live = published(
            cls.staff_user,
            cls.editor,
            cls.unit_a,
            title="Cài đặt PC-Covid cho cán bộ",
            topic="technology",
        )
        cls.vaccine = published(
            cls.staff_user,
            cls.editor,
            cls.unit_b,
            title="Lịch tiêm chủng",
            summary="Lịch tiêm mũi ba.",
            topic="vaccination",
        )
        cls.hidden = {}
        for state in ("draft", "submitted", "returned", "approved", "unpublished"):
            item = article(cls.staff_user, cls.unit_a, title=f"Bí mật {state}")
            Article.objects.filter(pk=item.pk).update(status=state)
            cls.hidden[state] = item

    def test_the_page_needs_no_sign_in_and_shows_unit_and_date(self) -> None:
        response = self.client.get(reverse("news:index"))
        self.assertContains(response, "Cài đặt PC-Covid cho cán bộ")
        self.assertContains(response, self.unit_a.name)
        detail = self.client.get(reverse("news:detail", args=[self.live.pk]))
        self.assertContains(detail, self.unit_a.name)
        self.assertContains(detail, self.live.published_at.astimezone().strftime("%d/%m/%Y"))

    def test_the_pages_weigh_at_most_30_kb_with_everything_they_load(self) -> None:
        for index in range(10):
            published(self.staff_user, self.editor, self.unit_a, title=f"Tin số {index}")
        for url in (reverse("news:index"), reverse("news:detail", args=[self.live.pk])):
            response = self.client.get(url)
            total, urls = page_weight(self, response.content)
            self.assertTrue(urls)
            self.assertLessEqual(total, BUDGET, f"{url}: {total} bytes")
            self.assertNotIn(b"<script", response.content)

    def test_topic_filter_and_search(self) -> None:
        by_topic = self.client.get(reverse("news:index"), {"topic": "vaccination"})
        self.assertContains(by_topic, "Lịch tiêm chủng")
        self.assertNotContains(by_topic, "Cài đặt PC-Covid")
        search = self.client.get(reverse("news:index"), {"q": "PC-Covid"})
        self.assertContains(search, "Cài đặt PC-Covid")
        self.assertNotContains(search, "Lịch tiêm chủng")

    def test_the_list_takes_a_fixed_number_of_queries(self) -> None:
        with self.assertNumQueries(3):  # the count, the public warnings, the page
            self.client.get(reverse("news:index"))

    def test_the_atom_feed_lists_published_articles_only(self) -> None:
        response = self.client.get(reverse("news:feed"))
        self.assertEqual(response["Content-Type"], "application/atom+xml; charset=utf-8")
        self.assertContains(response, "Cài đặt PC-Covid cho cán bộ")
        self.assertNotContains(response, "Bí mật")

    def test_unpublished_content_is_unreachable_by_any_url_or_id(self) -> None:
        self.login(self.editor)  # even the board sees only published articles on public pages
        for state, item in self.hidden.items():
            with self.subTest(state=state):
                self.assertEqual(
                    self.client.get(reverse("news:detail", args=[item.pk])).status_code, 404
                )
                title = f"Bí mật {state}"
                self.assertNotContains(self.client.get(reverse("news:index")), title)
                search = self.client.get(reverse("news:index"), {"q": "Bí mật"})
                self.assertNotContains(search, title)
                self.assertNotContains(self.client.get(reverse("news:feed")), title)
        self.assertEqual(self.client.get(reverse("news:detail", args=[999999])).status_code, 404)

    def test_images_of_unpublished_articles_are_not_public(self) -> None:
        draft = self.hidden["draft"]
        Article.objects.filter(pk=draft.pk).update(status="draft")
        draft.refresh_from_db()
        image = article_image_upload(article=draft, upload=png(), actor=self.staff_user, ip=None)
        url = reverse("news:image", args=[image.pk])
        self.assertEqual(self.client.get(url).status_code, 404)  # anonymous
        self.login(self.head_b)
        self.assertEqual(self.client.get(url).status_code, 404)  # another unit
        self.login(self.staff_user)
        self.assertEqual(self.client.get(url).status_code, 200)  # the author

    def test_a_scheduled_article_is_hidden_until_its_time(self) -> None:
        import datetime as dt

        from django.utils import timezone

        item = article(self.staff_user, self.unit_a, title="Hẹn giờ")
        move(item, "submit", self.staff_user)
        move(item, "approve", self.editor)
        move(item, "schedule", self.editor, publish_at=timezone.now() + dt.timedelta(hours=1))
        self.assertEqual(self.client.get(reverse("news:detail", args=[item.pk])).status_code, 404)
        Article.objects.filter(pk=item.pk).update(
            publish_at=timezone.now() - dt.timedelta(minutes=1)
        )
        self.assertEqual(self.client.get(reverse("news:detail", args=[item.pk])).status_code, 200)


class ExportTests(BaseTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.item = published(
            cls.staff_user,
            cls.editor,
            cls.unit_a,
            title="Bài cho Cổng thông tin",
            body="<h2>Mục một</h2><p><strong>Đậm</strong> và <em>nghiêng</em></p>"
            '<ul><li>ý một</li></ul><p><a href="https://so.vn">liên kết</a></p>',
        )

    def test_the_board_exports_html_for_the_portal(self) -> None:
        self.login(self.editor)
        response = self.client.get(reverse("news:article_export", args=[self.item.pk, "html"]))
        self.assertEqual(
            response["Content-Disposition"], f'attachment; filename="bai-viet-{self.item.pk}.html"'
        )
        html = response.content.decode()
        self.assertIn("<h2>Mục một</h2>", html)
        self.assertIn(self.unit_a.name, html)
        self.assertNotIn("<script", html)

    def test_the_board_exports_a_plain_docx(self) -> None:
        self.login(self.editor)
        response = self.client.get(reverse("news:article_export", args=[self.item.pk, "docx"]))
        self.assertTrue(zipfile.is_zipfile(io.BytesIO(response.content)))
        document = Document(io.BytesIO(response.content))
        texts = [p.text for p in document.paragraphs]
        self.assertEqual(texts[0], "Bài cho Cổng thông tin")
        self.assertIn("Mục một", texts)
        self.assertIn("ý một", texts)
        self.assertIn("liên kết (https://so.vn)", texts)
        bold = [r.text for p in document.paragraphs for r in p.runs if r.bold]
        self.assertIn("Đậm", bold)

    def test_an_unpublished_article_is_not_exported(self) -> None:
        move(self.item, "unpublish", self.editor)
        self.login(self.editor)
        response = self.client.get(reverse("news:article_export", args=[self.item.pk, "docx"]))
        self.assertEqual(response.status_code, 404)
