"""Knowledge-base links on the check-in and meeting pages (issue 12 item 5): the IT team
ties a published article to a page (``Article.topic``); the page links it, and nothing
at all when no published article is tied to it; the public check-in pages never expose
a draft or an article meant for signed-in staff only."""

from __future__ import annotations

from django.urls import reverse

from phongdich.checkin.models import Location
from phongdich.checkin.tests.public_helpers import submit
from phongdich.core.tests.base import BaseTestCase
from phongdich.meetings.tests.helpers import make_meeting
from phongdich.support.models import Article
from phongdich.support.services.knowledge import ArticleInput, article_save

QR = "Hướng dẫn quét mã QR"
MEETING = "Hướng dẫn tham gia họp trực tuyến"


def article(title: str, *, topic: str, publish: bool) -> Article:
    return article_save(
        data=ArticleInput(title=title, body="Bước 1\nBước 2", topic=topic, publish=publish),
        actor=None,
        ip=None,
    )


class HelpLinkTests(BaseTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.gate = Location.objects.create(code="CP-9", name="Cổng chính", unit=cls.office_unit)

    def result_page(self) -> str:
        self.client.cookies.clear()
        response = submit(self.client, self.gate, full_name="Khách Lạ", phone="0987111222")
        self.assertEqual(response.status_code, 302)
        return self.client.get(response["Location"]).content.decode()

    def test_the_public_result_page_links_the_published_check_in_article_only(self) -> None:
        self.assertNotIn("help-links", self.result_page())
        draft = article(QR, topic="checkin", publish=False)
        article(MEETING, topic="meeting", publish=True)
        article("Gia hạn chữ ký số", topic="", publish=True)
        html = self.result_page()
        self.assertNotIn("help-links", html)  # a draft, and articles of other pages
        self.assertNotIn(QR, html)
        draft = article_save(
            article=draft,
            data=ArticleInput(title=QR, body="Bước 1", topic="checkin", publish=True),
            actor=None,
            ip=None,
        )
        html = self.result_page()
        link = reverse("public:help_article", args=[draft.slug])
        self.assertIn(f'href="{link}"', html)
        self.assertIn(QR, html)
        self.assertNotIn(MEETING, html)
        self.assertNotIn("/ho-tro/", html)  # the visitor has no account

    def test_the_public_article_page_shows_published_check_in_articles_only(self) -> None:
        shown = article(QR, topic="checkin", publish=True)
        hidden = [
            article("Bản nháp quét mã", topic="checkin", publish=False),
            article(MEETING, topic="meeting", publish=True),
            article("Gia hạn chữ ký số", topic="", publish=True),
        ]
        response = self.client.get(reverse("public:help_article", args=[shown.slug]))
        self.assertContains(response, QR)
        self.assertContains(response, "Bước 2")
        for other in hidden:
            response = self.client.get(reverse("public:help_article", args=[other.slug]))
            self.assertEqual(response.status_code, 404, other.title)
            self.assertContains(response, "Không tìm thấy bài hướng dẫn", status_code=404)
            self.assertNotContains(response, other.title, status_code=404)
        missing = self.client.get(reverse("public:help_article", args=["khong-co"]))
        self.assertEqual(missing.status_code, 404)

    def test_the_guard_console_links_the_article_when_published(self) -> None:
        self.login(self.guard)
        url = reverse("checkin:guard_index")
        self.assertNotContains(self.client.get(url), "help-links")
        qr = article(QR, topic="checkin", publish=False)
        self.assertNotContains(self.client.get(url), QR)
        qr.status = Article.Status.PUBLISHED
        qr.save()
        self.assertContains(
            self.client.get(url), f'href="{reverse("support:kb_detail", args=[qr.slug])}"'
        )

    def test_the_meeting_page_links_the_online_meeting_article_when_published(self) -> None:
        meeting = make_meeting(self)
        self.login(self.staff_user)
        url = reverse("meetings:detail", args=[meeting.pk])
        self.assertNotContains(self.client.get(url), "help-links")
        online = article(MEETING, topic="meeting", publish=False)
        article(QR, topic="checkin", publish=True)
        self.assertNotContains(self.client.get(url), "help-links")
        online.status = Article.Status.PUBLISHED
        online.save()
        page = self.client.get(url)
        self.assertContains(page, f'href="{reverse("support:kb_detail", args=[online.slug])}"')
        self.assertNotContains(page, QR)

    def test_the_it_team_sets_the_page_on_the_article_and_bad_values_are_refused(self) -> None:
        self.login(self.it)
        data = {"title": QR, "body": "Bước 1", "topic": "checkin", "publish": "on"}
        response = self.client.post(reverse("support:kb_create"), data)
        self.assertEqual(response.status_code, 302)
        self.assertEqual(Article.objects.get(title=QR).topic, "checkin")
        bad = self.client.post(
            reverse("support:kb_create"), {**data, "title": "X", "topic": "home"}
        )
        self.assertContains(bad, "Hãy chọn một trang trong danh sách.")
        self.assertFalse(Article.objects.filter(title="X").exists())
