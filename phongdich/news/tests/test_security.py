"""XSS payloads never survive to any page that shows an article (public page, staff
page, feed, export), and the news pages keep the strict Content Security Policy."""

from __future__ import annotations

from html.parser import HTMLParser

from django.urls import reverse

from phongdich.core.tests.base import BaseTestCase
from phongdich.news.models import Article
from phongdich.news.services.articles import article_image_upload, article_update
from phongdich.news.tests.helpers import fields, png, published
from phongdich.news.tests.test_richtext import PAYLOADS


class _Scripts(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.bad: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in {"script", "iframe", "object", "embed", "svg", "math", "base", "meta"}:
            if tag == "script" and dict(attrs).get("src", "").startswith("/static/"):
                return  # the site's own script file (staff pages load htmx)
            if tag == "meta" and not dict(attrs).get("http-equiv"):
                return
            self.bad.append(tag)
        for name, value in attrs:
            text = (value or "").strip().lower()
            if name.startswith("on") or name == "style":
                self.bad.append(f"{tag}[{name}]")
            if name in {"href", "src"} and text.startswith(("javascript:", "data:", "vbscript:")):
                self.bad.append(f"{tag}[{name}={text[:20]}]")


def scripts_in(html: str) -> list[str]:
    parser = _Scripts()
    parser.feed(html)
    return parser.bad


class XssTests(BaseTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.item = published(cls.staff_user, cls.editor, cls.unit_a)
        Article.objects.filter(pk=cls.item.pk).update(status="approved")
        cls.item.refresh_from_db()
        Article.objects.filter(pk=cls.item.pk).update(status="submitted")
        cls.item.refresh_from_db()
        image = article_image_upload(
            article=cls.item, upload=png('"><svg onload=alert(1)>.png'), actor=cls.editor, ip=None
        )
        src = reverse("news:image", args=[image.pk])
        body = f'<p><img src="{src}" alt="&quot;><script>alert(1)</script>"></p>' + "".join(
            PAYLOADS
        )
        article_update(
            article=cls.item,
            fields=fields(
                cls.unit_a,
                title='<script>alert("t")</script>',
                summary='"><img src=x onerror=alert(1)>',
                body=body,
            ),
            actor=cls.editor,
            ip=None,
        )
        Article.objects.filter(pk=cls.item.pk).update(status="published")

    def test_no_page_showing_the_article_carries_script(self) -> None:
        self.login(self.editor)
        pages = {
            "public": reverse("news:detail", args=[self.item.pk]),
            "index": reverse("news:index"),
            "staff": reverse("news:article_detail", args=[self.item.pk]),
            "version": reverse("news:article_version", args=[self.item.pk, 2]),
            "export": reverse("news:article_export", args=[self.item.pk, "html"]),
        }
        for name, url in pages.items():
            with self.subTest(page=name):
                response = self.client.get(url)
                self.assertEqual(response.status_code, 200)
                self.assertEqual(scripts_in(response.content.decode()), [])
        feed = self.client.get(reverse("news:feed")).content.decode()
        self.assertNotIn("<script", feed)
        self.assertNotIn("onerror=", feed.replace("onerror=alert(1)&gt;", ""))

    def test_the_image_keeps_its_alt_text_as_text(self) -> None:
        page = self.client.get(reverse("news:detail", args=[self.item.pk])).content.decode()
        self.assertIn('alt="&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;"', page)

    def test_images_are_served_as_images_and_never_sniffed(self) -> None:
        image = self.item.images.get()
        response = self.client.get(reverse("news:image", args=[image.pk]))
        self.assertEqual(response["Content-Type"], "image/png")
        self.assertEqual(response["X-Content-Type-Options"], "nosniff")

    def test_news_pages_keep_the_strict_policy(self) -> None:
        self.login(self.editor)
        for url in (
            reverse("news:index"),
            reverse("news:detail", args=[self.item.pk]),
            reverse("news:article_detail", args=[self.item.pk]),
            reverse("news:bulletin_list"),
        ):
            with self.subTest(url=url):
                policy = self.client.get(url)["Content-Security-Policy"]
                self.assertIn("script-src 'self'", policy)
                self.assertIn("style-src 'self'", policy)
                self.assertNotIn("unsafe-inline", policy)
                self.assertNotIn("unsafe-eval", policy)
