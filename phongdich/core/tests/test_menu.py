"""The menu of base.html: what the role can do, grouped by module, the current page
marked; nothing for the anonymous visitor."""

from __future__ import annotations

import re

from django.conf import settings
from django.urls import reverse

from phongdich.core.templatetags.menu import menu_groups
from phongdich.core.tests.base import BaseTestCase


def menu_html(html: str) -> str:
    match = re.search(r'<nav class="menu".*?</nav>', html, re.S)
    assert match, "no menu on the page"
    return match.group(0)


class MenuTests(BaseTestCase):
    def test_the_menu_lists_only_what_the_role_can_do(self) -> None:
        self.login(self.guard)
        menu = menu_html(self.client.get(reverse("core:home")).content.decode())
        self.assertIn(reverse("checkin:guard_index"), menu)
        self.assertNotIn(reverse("org:staff_list"), menu)
        self.assertNotIn(reverse("tracing:dashboard"), menu)

    def test_the_links_are_grouped_by_module(self) -> None:
        groups = {g.key: [link.url for link in g.links] for g in menu_groups(self.office, "/")}
        self.assertIn(reverse("directives:index"), groups["directives"])
        self.assertIn(reverse("directives:dashboard"), groups["directives"])
        self.assertIn(reverse("org:staff_list"), groups["org"])

    def test_the_current_page_is_marked(self) -> None:
        self.login(self.office)
        url = reverse("org:unit_list")
        menu = menu_html(self.client.get(url).content.decode())
        marked = re.findall(r'<a href="([^"]+)" aria-current="page">', menu)
        self.assertEqual(set(marked), {url})  # in the phone list and in the bar
        self.assertNotIn(f'href="{reverse("core:home")}" aria-current', menu)

    def test_a_page_below_a_menu_link_marks_that_link(self) -> None:
        groups = menu_groups(self.office, reverse("directives:import"))
        current = [link.url for g in groups for link in g.links if link.current]
        self.assertEqual(current, [reverse("directives:index")])

    def test_the_home_link_is_current_on_the_home(self) -> None:
        self.login(self.staff_user)
        menu = menu_html(self.client.get(reverse("core:home")).content.decode())
        self.assertIn(f'href="{reverse("core:home")}" aria-current="page"', menu)

    def test_the_anonymous_visitor_gets_no_menu(self) -> None:
        html = self.client.get(reverse("accounts:login")).content.decode()
        self.assertNotIn('<nav class="menu"', html)

    def test_the_menu_and_the_home_speak_english_in_english(self) -> None:
        self.login(self.staff_user)
        self.client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
        html = self.client.get(reverse("core:home")).content.decode()
        self.assertIn(">Menu<", menu_html(html))
        self.assertIn("Nothing to do.", html)
        self.assertIn("My check-ins", html)
