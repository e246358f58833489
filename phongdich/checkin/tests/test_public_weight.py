"""The check-in page must stay tiny: at most 30 KB with everything it loads, and no
request to any third-party host."""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

from django.contrib.staticfiles import finders

from phongdich.checkin.models import Location
from phongdich.checkin.tests.public_helpers import checkin_url, submit
from phongdich.core.tests.base import BaseTestCase

BUDGET = 30 * 1024


class _Resources(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        wanted = {"link": "href", "script": "src", "img": "src", "iframe": "src", "source": "src"}
        attr = wanted.get(tag)
        for name, value in attrs:
            if name == attr and value:
                self.urls.append(value)
            if name == "style" and value and "url(" in value:
                self.urls.append(value)


def page_weight(testcase: BaseTestCase, html: bytes) -> tuple[int, list[str]]:
    parser = _Resources()
    parser.feed(html.decode())
    total = len(html)
    for url in parser.urls:
        parts = urlsplit(url)
        testcase.assertFalse(parts.netloc, f"{url} is loaded from another host")
        path = parts.path
        if path.startswith("/static/"):
            found = finders.find(path.removeprefix("/static/"))
            testcase.assertIsNotNone(found, path)
            total += Path(str(found)).stat().st_size
            css = Path(str(found)).read_text() if path.endswith(".css") else ""
            testcase.assertNotIn("url(http", css.replace(" ", ""))
            testcase.assertNotIn("@import", css)
        else:
            total += len(testcase.client.get(path).content)
    return total, parser.urls


class PageWeightTests(BaseTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.gate = Location.objects.create(code="G1", name="Cổng chính Sở", unit=cls.office_unit)

    def test_the_first_visit_page_weighs_at_most_30_kb_with_everything_it_loads(self) -> None:
        response = self.client.get(checkin_url(self.gate))
        total, urls = page_weight(self, response.content)
        self.assertTrue(urls, "the page loads its stylesheet")
        self.assertLessEqual(total, BUDGET, f"{total} bytes")

    def test_the_result_page_weighs_at_most_30_kb(self) -> None:
        response = submit(self.client, self.gate)
        page = self.client.get(response["Location"])
        total, _ = page_weight(self, page.content)
        self.assertLessEqual(total, BUDGET, f"{total} bytes")

    def test_the_check_in_pages_need_no_javascript(self) -> None:
        first = self.client.get(checkin_url(self.gate)).content.decode()
        response = submit(self.client, self.gate)
        result = self.client.get(response["Location"]).content.decode()
        returning = self.client.get(checkin_url(self.gate)).content.decode()
        for html in (first, result, returning):
            self.assertNotIn("<script", html)
