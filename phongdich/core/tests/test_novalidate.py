"""No browser-native blocking in another language: every form on every page of the
access table whose fields carry a constraint the browser would check (required,
pattern, min/max, type=email/url/number) has ``novalidate``, so the server's
Vietnamese messages show, all at once."""

from __future__ import annotations

from html.parser import HTMLParser
from typing import Any

from django.test import Client, TestCase, override_settings
from django.urls import reverse

from phongdich.core.tests.access import ANONYMOUS, MEMBERS
from phongdich.core.tests.base import make_cast
from phongdich.core.tests.test_access import ROUTES

CHECKED_TYPES = {"email", "url", "number"}
CONSTRAINTS = {"required", "pattern", "min", "max", "minlength"}


class _Forms(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.stack: list[dict[str, Any]] = []
        self.bad: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        names = dict(attrs)
        if tag == "form":
            self.stack.append({"novalidate": "novalidate" in names, "action": names.get("action")})
        elif tag in {"input", "select", "textarea"} and self.stack:
            checked = CONSTRAINTS & names.keys() or names.get("type") in CHECKED_TYPES
            if checked and not self.stack[-1]["novalidate"]:
                self.bad.append(
                    f"form action={self.stack[-1]['action']!r} field {names.get('name')!r}"
                )

    def handle_endtag(self, tag: str) -> None:
        if tag == "form" and self.stack:
            self.stack.pop()


def _who(route: Any) -> str:
    if route.expected(ANONYMOUS) == 200:
        return ANONYMOUS
    return next((m for m in MEMBERS if route.expected(m) == 200), "")


@override_settings(PUBLIC_BASE_URL="https://phongdich.example.vn")
class NoValidateTests(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        make_cast(cls)

    def test_every_form_with_checked_fields_has_novalidate(self) -> None:
        bad: list[str] = []
        pages = 0
        for route in ROUTES:
            who = _who(route)
            if route.method != "get" or not who:
                continue
            client = Client()
            if who != ANONYMOUS:
                client.force_login(getattr(self, who))
            response = client.get(reverse(route.name, kwargs=route.kwargs(self)))
            if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
                continue
            pages += 1
            parser = _Forms()
            parser.feed(response.content.decode())
            bad += [f"{route.name} ({who}): {b}" for b in parser.bad]
        self.assertGreater(pages, 50)
        self.assertEqual(bad, [], "\n".join(bad))
