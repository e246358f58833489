"""Every page has a "?" link to the section of the guide that explains it.

The walk takes every GET row of the access table (core/tests/test_access.py ROUTES,
with each module's access_rows), opens it as the first member allowed (or as a
visitor when the page is public), and for each page drawn from templates/base.html
checks that its "?" points at an anchor of the guide that member reads: a renamed
heading, a section made private, or a new page with no ``<!-- help: … -->`` line in
docs/huong-dan-su-dung.md fails here.
"""

from __future__ import annotations

import re
from typing import Any

from django.test import Client, TestCase, override_settings
from django.urls import reverse

from phongdich.core.tests.access import ANONYMOUS, MEMBERS, Route
from phongdich.core.tests.base import make_cast
from phongdich.core.tests.test_access import ROUTES
from phongdich.guide.rendering import book

HELP_LINK = re.compile(r'<a class="help-link" href="(?P<href>[^"]*)"')

# Pages drawn from base.html that may go without a section of their own (none now):
# name → why.
EXCEPTIONS: dict[str, str] = {}


def _viewer(route: Route) -> str | None:
    if route.anonymous == 200:
        return ANONYMOUS
    return next((member for member in MEMBERS if route.expected(member) == 200), None)


def _uses_base(response: Any) -> bool:
    return any(template.name == "base.html" for template in response.templates or ())


@override_settings(PUBLIC_BASE_URL="https://phongdich.example.vn")
class HelpLinkWalkTest(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        make_cast(cls)
        cls.route_kwargs = {route.name: route.kwargs(cls) for route in ROUTES}

    def test_every_page_links_to_its_section_of_the_guide(self) -> None:
        guide = book()
        prefix = reverse("guide:index")
        checked: list[str] = []
        problems: list[str] = []
        for route in ROUTES:
            viewer = _viewer(route)
            if route.method != "get" or viewer is None:
                continue
            client = Client()
            if viewer != ANONYMOUS:
                client.force_login(getattr(self, viewer))
            url = reverse(route.name, kwargs=self.route_kwargs[route.name])
            response = client.get(url)
            if response.status_code != 200 or not _uses_base(response):
                continue  # a download, a redirect, a page of its own layout
            checked.append(route.name)
            if route.name in EXCEPTIONS:
                continue
            links = HELP_LINK.findall(response.content.decode())
            if len(links) != 1:
                problems.append(f"{route.name} ({viewer}): {len(links)} help links")
                continue
            path, _, anchor = links[0].partition("#")
            readable = guide.guide_for(signed_in=viewer != ANONYMOUS).anchors
            if path != prefix or anchor not in readable:
                problems.append(f"{route.name} ({viewer}): {links[0]} is not a section")
        assert problems == [], "\n".join(problems)
        # The walk saw the pages it is about (not an empty loop).
        assert {"core:home", "checkin:guard_index", "accounts:login", "guide:index"} <= set(
            checked
        ), checked
        assert len(checked) > 100, len(checked)

    def test_each_role_s_home_links_to_that_role_s_section(self) -> None:
        expected = {
            "guard": "bao-ve",
            "tracer": "to-truy-vet",
            "staff_user": "can-bo",
            "head_a": "truong-don-vi",
            "office": "van-phong-so",
            "director": "giam-doc-pho-giam-doc",
            "admin": "quan-tri-he-thong",
        }
        for member, anchor in expected.items():
            client = Client()
            client.force_login(getattr(self, member))
            html = client.get(reverse("core:home")).content.decode()
            assert f'href="{reverse("guide:index")}#{anchor}"' in html, member

    def test_the_public_check_in_links_a_visitor_to_the_check_in_section(self) -> None:
        from phongdich.checkin.models import Location

        gate = Location.objects.create(code="VP-HD", name="Cổng thử", unit=self.office_unit)
        html = Client().get(reverse("public:checkin", kwargs={"token": gate.poster_token}))
        found = re.findall(
            r'<a href="(/huong-dan/[^"]*)"[^>]*>Hướng dẫn</a>', html.content.decode()
        )
        assert found == ["/huong-dan/#check-in-bang-dien-thoai-khach-va-can-bo"]
        assert found[0].partition("#")[2] in book().public.anchors


def test_exceptions_name_pages_of_the_table() -> None:
    assert set(EXCEPTIONS) <= {route.name for route in ROUTES}
