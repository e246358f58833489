"""Response headers, the Content Security Policy, third-party hosts and error pages."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.test import Client, override_settings
from django.urls import include, path, reverse

from phongdich.core.tests.base import BaseTestCase

TEMPLATES = Path(settings.BASE_DIR) / "templates"
# Every folder templates are served from: the root one and each app's templates/.
TEMPLATE_DIRS = [TEMPLATES, *sorted((Path(settings.BASE_DIR) / "phongdich").glob("*/templates"))]
ALLOWED_SOURCES = {"'self'", "'none'", "data:"}


def parse_csp(header: str) -> dict[str, list[str]]:
    directives: dict[str, list[str]] = {}
    for part in header.split(";"):
        name, *sources = part.split()
        directives[name] = sources
    return directives


class Tags(HTMLParser):
    """Every tag of a page with its attributes."""

    def __init__(self, html: str) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.feed(html)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))


URL_ATTRIBUTES = ("src", "href", "action", "formaction", "poster", "data", "srcset")


def external_references(html: str) -> list[str]:
    found = []
    for _tag, attrs in Tags(html).tags:
        for name in URL_ATTRIBUTES:
            value = (attrs.get(name) or "").strip()
            if re.match(r"^([a-z][a-z0-9+.-]*:)?//", value, re.I) or value.startswith(
                ("http:", "https:")
            ):
                found.append(value)
    found += re.findall(r"url\(\s*['\"]?(?:https?:)?//[^)]*\)", html)
    found += re.findall(r"@import\s+['\"]?(?:https?:)?//\S+", html)
    return found


class ContentSecurityPolicyTests(BaseTestCase):
    def pages(self) -> list[tuple[str, Any]]:
        responses = [("login", self.client.get(reverse("accounts:login")))]
        responses.append(("reset", self.client.get(reverse("accounts:password_reset"))))
        for name, user in self.cast.items():
            self.login(user)
            responses.append((name, self.client.get(reverse("core:home"))))
        self.login(self.office)
        for url_name in ("org:staff_list", "org:unit_list", "org:staff_import"):
            responses.append((url_name, self.client.get(reverse(url_name))))
        responses.append(("404", self.client.get("/khong-co-trang-nay/")))
        return responses

    def test_every_page_has_a_strict_policy(self) -> None:
        for name, response in self.pages():
            with self.subTest(name):
                policy = parse_csp(response["Content-Security-Policy"])
                self.assertEqual(policy["default-src"], ["'self'"])
                self.assertEqual(policy["object-src"], ["'none'"])
                self.assertEqual(policy["frame-ancestors"], ["'none'"])
                self.assertEqual(policy["base-uri"], ["'self'"])
                self.assertEqual(policy["form-action"], ["'self'"])
                for directive, sources in policy.items():
                    for source in sources:
                        self.assertNotIn("unsafe", source, directive)
                        self.assertTrue(
                            source in ALLOWED_SOURCES or source.startswith("'nonce-"),
                            f"{directive} allows {source}",
                        )

    def test_the_htmx_script_carries_the_nonce_of_the_header(self) -> None:
        response = self.client.get(reverse("accounts:login"))
        nonce = re.search(r"'nonce-([^']+)'", response["Content-Security-Policy"])
        assert nonce is not None
        self.assertGreaterEqual(len(nonce.group(1)), 16)
        scripts = [a for tag, a in Tags(response.content.decode()).tags if tag == "script"]
        htmx = [a for a in scripts if "vendor/htmx/htmx-2.0.11.min.js" in (a.get("src") or "")]
        self.assertEqual(len(htmx), 1)
        self.assertEqual(htmx[0]["nonce"], nonce.group(1))

    def test_the_nonce_changes_on_every_response(self) -> None:
        header = "Content-Security-Policy"
        first = self.client.get(reverse("accounts:login"))[header]
        second = self.client.get(reverse("accounts:login"))[header]
        self.assertNotEqual(first, second)

    def test_every_script_is_a_same_origin_file_with_the_nonce(self) -> None:
        for name, response in self.pages():
            nonce = re.search(r"'nonce-([^']+)'", response["Content-Security-Policy"])
            assert nonce is not None
            for tag, attrs in Tags(response.content.decode()).tags:
                if tag != "script":
                    continue
                with self.subTest(name, script=attrs.get("src")):
                    self.assertTrue((attrs.get("src") or "").startswith(settings.STATIC_URL))
                    self.assertEqual(attrs.get("nonce"), nonce.group(1))

    def test_no_page_references_a_third_party_host(self) -> None:
        for name, response in self.pages():
            with self.subTest(name):
                self.assertEqual(external_references(response.content.decode()), [])

    def test_the_reference_finder_sees_third_party_hosts(self) -> None:
        html = (
            '<script src="https://cdn.example/x.js"></script><link href="//fonts.example/f">'
            '<img src="/static/a.png"><form action="http://evil.example/"></form>'
            "<style>body{background:url(https://x.example/b.png)}</style>"
        )
        self.assertEqual(len(external_references(html)), 4)

    def test_page_templates_have_no_inline_script_style_or_handlers(self) -> None:
        pattern = re.compile(
            r"<style|\sstyle\s*=|\son[a-z]+\s*=|javascript:|<script(?![^>]*\ssrc=)", re.I
        )
        checked = 0
        templates = [path for folder in TEMPLATE_DIRS for path in folder.rglob("*.html")]
        for template in templates:
            text = template.read_text(encoding="utf-8")
            if "{# print:" in text or template.name == "500.html":
                continue  # print templates (WeasyPrint, marked) and the bare 500 page
            checked += 1
            with self.subTest(str(template.relative_to(settings.BASE_DIR))):
                self.assertIsNone(pattern.search(text))
        self.assertGreater(checked, 10)

    def test_the_static_css_loads_nothing_from_elsewhere(self) -> None:
        for css in (Path(settings.BASE_DIR) / "static").rglob("*.css"):
            with self.subTest(css.name):
                self.assertEqual(external_references(css.read_text(encoding="utf-8")), [])


class HeaderTests(BaseTestCase):
    def test_pages_forbid_framing_sniffing_and_cross_origin_referrers(self) -> None:
        response = self.client.get(reverse("accounts:login"))
        self.assertEqual(response["X-Frame-Options"], "DENY")
        self.assertEqual(response["X-Content-Type-Options"], "nosniff")
        self.assertEqual(response["Referrer-Policy"], "same-origin")
        self.assertEqual(response["Cross-Origin-Opener-Policy"], "same-origin")

    def test_pages_of_a_signed_in_user_are_not_cached(self) -> None:
        self.login(self.office)
        response = self.client.get(reverse("org:staff_list"))
        self.assertIn("Cookie", response["Vary"])

    def test_the_csrf_cookie_is_http_only_and_same_site(self) -> None:
        response = self.client.get(reverse("accounts:login"))
        cookie = response.cookies[settings.CSRF_COOKIE_NAME]
        self.assertTrue(cookie["httponly"])
        self.assertEqual(cookie["samesite"], "Lax")


SECRET_MESSAGE = "db password is hunter2 for +84912345678"


def boom(request: HttpRequest) -> HttpResponse:
    raise RuntimeError(SECRET_MESSAGE)


def forbidden(request: HttpRequest) -> HttpResponse:
    raise PermissionDenied(SECRET_MESSAGE)


urlpatterns = [
    path("boom/", boom),
    path("forbidden/", forbidden),
    path("", include("phongdich.urls")),
]


@override_settings(ROOT_URLCONF=__name__, DEBUG=False)
class ErrorPageTests(BaseTestCase):
    LEAKS = (
        SECRET_MESSAGE,
        "hunter2",
        "Traceback",
        "RuntimeError",
        "PermissionDenied",
        "URLconf",
        "phongdich.urls",
        "settings",
        "SECRET_KEY",
        "DATABASES",
        "site-packages",
        "quan-tri",
        "Django",
    )

    def assert_no_leak(self, response: Any) -> None:
        body = response.content.decode()
        for leak in self.LEAKS:
            self.assertNotIn(leak, body)

    def test_a_crash_shows_a_plain_vietnamese_500_page(self) -> None:
        client = Client(raise_request_exception=False)
        response = client.get("/boom/")
        self.assertEqual(response.status_code, 500)
        self.assertContains(response, "Lỗi hệ thống", status_code=500)
        self.assert_no_leak(response)

    def test_a_crash_of_a_signed_in_user_leaks_nothing_either(self) -> None:
        client = Client(raise_request_exception=False)
        client.force_login(self.admin)
        response = client.get("/boom/")
        self.assertEqual(response.status_code, 500)
        self.assert_no_leak(response)

    def test_an_unknown_url_shows_a_404_page_without_the_url_list(self) -> None:
        response = self.client.get("/khong-co/trang-nay/")
        self.assertContains(response, "Không tìm thấy trang", status_code=404)
        self.assert_no_leak(response)

    def test_a_refusal_shows_a_403_page_without_the_reason(self) -> None:
        self.login(self.staff_user)
        response = self.client.get("/forbidden/")
        self.assertContains(response, "Không có quyền truy cập", status_code=403)
        self.assert_no_leak(response)

    def test_a_csrf_failure_shows_a_page_without_the_reason(self) -> None:
        client = Client(enforce_csrf_checks=True)
        response = client.post(reverse("accounts:login"), {"username": "x", "password": "y"})
        self.assertContains(response, "Phiên làm việc đã hết hạn", status_code=403)
        self.assertNotIn("CSRF", response.content.decode())
        self.assert_no_leak(response)

    def test_a_bad_host_gets_a_400_without_details(self) -> None:
        response = self.client.get("/", headers={"host": "evil.example"})
        self.assertEqual(response.status_code, 400)
        self.assertNotIn("evil.example", response.content.decode())
        self.assert_no_leak(response)
